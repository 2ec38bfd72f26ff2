import path from 'node:path';
import { defineSettings, env } from '@stack/framework';

// One machine: a SQLite file, sessions in it, caches and the channel layer in this process.
// Several machines (deploy/README.md): BLOG_DATABASE_URL names PostgreSQL and BLOG_REDIS_URL a
// Redis that every node shares for sessions, the cache and the channel layer.
const databaseUrl = env.str('BLOG_DATABASE_URL', '');
const redisUrl = env.str('BLOG_REDIS_URL', '');
const redisPrefix = env.str('BLOG_REDIS_PREFIX', 'blog');

/**
 * Settings for the blog (the seed's `mysite`). Every name is Django's setting in camelCase; see the @stack/core README.
 * Deployments set STACK_SECRET_KEY, STACK_DEBUG=0 and STACK_ALLOWED_HOSTS in the environment.
 */
const baseDir = path.dirname(import.meta.dirname);

export default defineSettings({
  baseDir,
  // SECURITY WARNING: keep the secret key used in production secret!
  secretKey: env.str(
    'STACK_SECRET_KEY',
    'stack-insecure-!!&aiq0#i_n3=7ey1oq6#)wh(#3i%(a1gg7qnmnlu4q!jqudby',
  ),
  // SECURITY WARNING: don't run with debug turned on in production!
  debug: env.bool('STACK_DEBUG', true),
  allowedHosts: env.list('STACK_ALLOWED_HOSTS', []),

  installedApps: [
    '@stack/contrib-auth',
    '@stack/contrib-sessions',
    '@stack/contrib-messages',
    '@stack/contrib-staticfiles',
    './blog',
  ],

  middleware: [
    '@stack/middleware:SecurityMiddleware',
    '@stack/contrib-sessions:SessionMiddleware',
    '@stack/middleware:CommonMiddleware',
    '@stack/middleware:CsrfViewMiddleware',
    '@stack/contrib-auth:AuthenticationMiddleware',
    '@stack/contrib-messages:MessageMiddleware',
    '@stack/middleware:XFrameOptionsMiddleware',
    './blog/middleware.ts:RequestLoggingMiddleware',
    './blog/middleware.ts:TimingMiddleware',
  ],

  rootUrlconf: './mysite/urls.ts',
  asgiApplication: './mysite/asgi.ts:application',

  templates: [
    {
      backend: '@stack/templates',
      dirs: ['templates'],
      appDirs: true,
      options: {
        contextProcessors: [
          '@stack/core:debugContextProcessor',
          '@stack/templates:requestContextProcessor',
          '@stack/contrib-auth:authContextProcessor',
          '@stack/contrib-messages:messagesContextProcessor',
        ],
      },
    },
  ],

  databases: {
    default: databaseUrl
      ? { engine: 'postgres', url: databaseUrl, max: env.int('BLOG_DATABASE_POOL', 10) }
      : { engine: 'sqlite', name: env.str('BLOG_DATABASE', 'db.sqlite3') },
  },
  caches: {
    default: redisUrl
      ? { backend: 'redis', location: redisUrl, keyPrefix: redisPrefix }
      : { backend: 'locmem' },
  },
  sessionEngine: redisUrl ? 'cache' : 'db',
  channelLayers: {
    default: redisUrl
      ? { backend: 'redis', config: { url: redisUrl, prefix: `${redisPrefix}:asgi` } }
      : { backend: 'inmemory' },
  },

  loginUrl: '/accounts/login/',
  loginRedirectUrl: '/',
  logoutRedirectUrl: '/',
  emailBackend: env.str('STACK_EMAIL_BACKEND', 'console'),
  defaultFromEmail: 'blog@example.com',
  serverEmail: 'blog@example.com',
  // Who hears of each new post (mailManagers, from PostCreateView).
  managers: [['Blog editors', env.str('BLOG_EDITORS_EMAIL', 'editors@example.com')]],

  // Password validation: the checks a new password must pass.
  authPasswordValidators: [
    { name: '@stack/contrib-auth:UserAttributeSimilarityValidator' },
    { name: '@stack/contrib-auth:MinimumLengthValidator' },
    { name: '@stack/contrib-auth:CommonPasswordValidator' },
    { name: '@stack/contrib-auth:NumericPasswordValidator' },
  ],

  languageCode: 'en-us',
  timeZone: 'UTC',
  useTz: true,
  // Static files: blog/static/ (the app's folder), served by runserver while debug is on.
  // `stack collectstatic` copies them to staticRoot, where nginx serves them (deploy/README.md);
  // the deployment sets BLOG_STATIC_MANIFEST=1 for names with the content's hash.
  staticUrl: 'static/',
  staticRoot: env.str('BLOG_STATIC_ROOT', path.join(baseDir, 'staticfiles')),
  staticfilesStorage: env.bool('BLOG_STATIC_MANIFEST', false)
    ? '@stack/contrib-staticfiles:ManifestStaticFilesStorage'
    : '@stack/contrib-staticfiles:StaticFilesStorage',
  // Uploaded files (the posts' featured images): served by mysite/urls.ts's staticPatterns while
  // debug is on, by nginx in the deployment (one folder every node writes to).
  mediaUrl: '/media/',
  mediaRoot: env.str('BLOG_MEDIA_ROOT', path.join(baseDir, 'media')),
});
