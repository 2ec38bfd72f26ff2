import path from 'node:path';
import { defineSettings } from '@stack/framework';

export default defineSettings({
  baseDir: path.dirname(import.meta.dirname),
  secretKey: 'stack-insecure-the-tutorial-project-only-runs-its-tests-0123456789',
  debug: true,
  allowedHosts: [],
  installedApps: ['@stack/contrib-auth', '@stack/contrib-sessions', './polls'],
  middleware: [
    '@stack/middleware:SecurityMiddleware',
    '@stack/contrib-sessions:SessionMiddleware',
    '@stack/middleware:CommonMiddleware',
    '@stack/middleware:CsrfViewMiddleware',
    '@stack/contrib-auth:AuthenticationMiddleware',
    '@stack/middleware:XFrameOptionsMiddleware',
  ],
  rootUrlconf: './mysite/urls.ts',
  templates: [
    {
      backend: '@stack/templates',
      dirs: [],
      appDirs: true,
      options: {
        contextProcessors: [
          '@stack/templates:requestContextProcessor',
          '@stack/contrib-auth:authContextProcessor',
        ],
      },
    },
  ],
  databases: { default: { engine: 'sqlite', name: 'db.sqlite3' } },
  sessionEngine: 'db',
  timeZone: 'UTC',
  useTz: true,
});
