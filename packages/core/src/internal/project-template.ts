import { getRandomString } from '@stack/utils';

/** The middleware a new project starts with: Django's defaults that Stack has. */
export const DEFAULT_MIDDLEWARE = [
  '@stack/middleware:SecurityMiddleware',
  '@stack/contrib-sessions:SessionMiddleware',
  '@stack/middleware:CommonMiddleware',
  '@stack/middleware:CsrfViewMiddleware',
  '@stack/contrib-auth:AuthenticationMiddleware',
  '@stack/contrib-messages:MessageMiddleware',
  '@stack/middleware:XFrameOptionsMiddleware',
];

/** The context processors a new project lists: Django's startproject's debug, request, auth and messages. */
export const DEFAULT_CONTEXT_PROCESSORS = [
  '@stack/core:debugContextProcessor',
  '@stack/templates:requestContextProcessor',
  '@stack/contrib-auth:authContextProcessor',
  '@stack/contrib-messages:messagesContextProcessor',
];

const KEY_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789!@#%^&*(-_=+)';

/** The default middleware and context processors that this installation cannot import yet. */
export async function missingMiddleware(): Promise<string[]> {
  const missing: string[] = [];
  for (const spec of [...DEFAULT_MIDDLEWARE, ...DEFAULT_CONTEXT_PROCESSORS]) {
    const [pkg = '', name = ''] = spec.split(':');
    try {
      const mod = (await import(pkg)) as Record<string, unknown>;
      if (typeof mod[name] !== 'function') missing.push(spec);
    } catch {
      missing.push(spec);
    }
  }
  return missing;
}

/** A random development secret key, marked insecure so the checks refuse it in production. */
export function developmentSecretKey(): string {
  return 'stack-insecure-' + getRandomString(50, KEY_CHARS);
}

/** The files of a new project, relative to its folder. */
export function projectFiles(
  name: string,
  options: {
    /** A version range (`^0.1.0`), or `file:…` to link a Stack checkout's framework. */
    frameworkVersion: string;
    missingMiddleware?: string[];
  },
): Record<string, string> {
  const missing = new Set(options.missingMiddleware ?? []);
  const listed = (specs: string[], indent: string) =>
    specs
      .map((m) =>
        missing.has(m) ? `${indent}// '${m}', (not in this Stack release yet)` : `${indent}'${m}',`,
      )
      .join('\n');
  const middleware = listed(DEFAULT_MIDDLEWARE, '    ');
  const contextProcessors = listed(DEFAULT_CONTEXT_PROCESSORS, '          ');
  const linked = options.frameworkVersion.startsWith('file:');
  const contribApps = [
    '@stack/contrib-auth',
    '@stack/contrib-sessions',
    '@stack/contrib-messages',
    '@stack/contrib-staticfiles',
  ]
    .filter((pkg) => ![...missing].some((m) => m.startsWith(`${pkg}:`)))
    .map((pkg) => `'${pkg}'`)
    .join(', ');
  return {
    'package.json':
      JSON.stringify(
        {
          name,
          private: true,
          type: 'module',
          scripts: { start: 'stack runserver', check: 'stack check', test: 'stack test' },
          stack: { settings: `${name}/settings.ts` },
          dependencies: { '@stack/framework': options.frameworkVersion },
          // A linked checkout brings its own vitest; from the registry the project installs it.
          ...(!linked && { devDependencies: { vitest: '^3.2.0' } }),
        },
        null,
        2,
      ) + '\n',
    'tsconfig.json':
      JSON.stringify(
        {
          compilerOptions: {
            target: 'ES2022',
            module: 'ESNext',
            moduleResolution: 'Bundler',
            strict: true,
            skipLibCheck: true,
            noEmit: true,
            allowImportingTsExtensions: true,
          },
        },
        null,
        2,
      ) + '\n',
    '.gitignore': 'node_modules/\n*.sqlite3\n*.sqlite3-journal\nstaticfiles/\n',
    [`${name}/settings.ts`]: `import path from 'node:path';
import { defineSettings, env } from '@stack/framework';

/**
 * Settings for ${name}. Every name is Django's setting in camelCase; see the @stack/core README.
 * Deployments set STACK_SECRET_KEY, STACK_DEBUG=0 and STACK_ALLOWED_HOSTS in the environment.
 */
export default defineSettings({
  baseDir: path.dirname(import.meta.dirname),
  // SECURITY WARNING: keep the secret key used in production secret!
  secretKey: env.str('STACK_SECRET_KEY', '${developmentSecretKey()}'),
  // SECURITY WARNING: don't run with debug turned on in production!
  debug: env.bool('STACK_DEBUG', true),
  allowedHosts: env.list('STACK_ALLOWED_HOSTS', []),

  installedApps: [${contribApps}],

  middleware: [
${middleware}
  ],

  rootUrlconf: './${name}/urls.ts',
  asgiApplication: './${name}/asgi.ts:application',

  templates: [
    {
      backend: '@stack/templates',
      dirs: [],
      appDirs: true,
      options: {
        contextProcessors: [
${contextProcessors}
        ],
      },
    },
  ],

  databases: { default: { engine: 'sqlite', name: 'db.sqlite3' } },

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

  // Static files (CSS, JavaScript, images): each app's static/ folder, served by runserver while
  // debug is on; \`stack collectstatic\` copies them to staticRoot for nginx (\`stack nginxconfig\`).
  staticUrl: 'static/',
  staticRoot: path.join(path.dirname(import.meta.dirname), 'staticfiles'),
});
`,
    [`${name}/urls.ts`]: `/**
 * The URL configuration of ${name}: \`urlpatterns\` routes URLs to views.
 *
 *   import { include, path } from '@stack/framework/urls';
 *   import * as polls from '../polls/urls.ts';
 *   path('polls/', include(polls))            // an app's URLconf, namespaced by its appName
 *   path('', index, { name: 'index' })        // a view
 */
import type { UrlEntry } from '@stack/framework/urls';

export const urlpatterns: UrlEntry[] = [];
`,
    [`${name}/asgi.ts`]: `/**
 * The ASGI application of ${name}: HTTP through the same handler as wsgi.ts, plus WebSockets
 * routed to consumers (add them to websocketUrlpatterns). \`stack runserver\` serves it; in
 * production:
 *   STACK_SETTINGS_MODULE=${name}/settings.ts node --import @stack/framework/register ${name}/asgi.ts
 */
import { AllowedHostsOriginValidator, AuthMiddlewareStack, getAsgiApplication, URLRouter } from '@stack/framework';
import { ProtocolTypeRouter, serve, type AsgiApplication } from '@stack/framework/asgi';
import type { UrlEntry } from '@stack/framework/urls';

export const websocketUrlpatterns: UrlEntry<AsgiApplication>[] = [];

export const application = ProtocolTypeRouter({
  http: await getAsgiApplication(),
  websocket: AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocketUrlpatterns))),
});

if (import.meta.url === \`file://\${process.argv[1]}\`) {
  serve(application, { host: '127.0.0.1', port: Number(process.env.PORT ?? 8000) });
}
`,
    [`${name}/wsgi.ts`]: `/**
 * The gateway application of ${name}, for a production server:
 *   STACK_SETTINGS_MODULE=${name}/settings.ts node --import @stack/framework/register ${name}/wsgi.ts
 */
import { getWsgiApplication } from '@stack/framework';
import { serve } from '@stack/framework/wsgi';

export const application = await getWsgiApplication();

if (import.meta.url === \`file://\${process.argv[1]}\`) {
  await serve(application, { host: '127.0.0.1', port: Number(process.env.PORT ?? 8000) });
}
`,
  };
}

/** The files of a new app, relative to the project folder. */
export function appFiles(name: string): Record<string, string> {
  const className =
    name.replace(/(^|_)([a-z])/g, (_m, _u, c: string) => c.toUpperCase()) + 'Config';
  return {
    [`${name}/apps.ts`]: `import { AppConfig } from '@stack/framework';

export default class ${className} extends AppConfig {
  override ready(): void {
    // Connect signals or register checks here: every app is loaded by now.
  }
}
`,
    [`${name}/models.ts`]: `// Models of ${name}: classes extending Model from '@stack/framework/orm'.
export {};
`,
    [`${name}/views.ts`]: `import { render } from '@stack/framework';
import type { HttpRequest } from '@stack/framework/request';

export async function index(request: HttpRequest) {
  return render(request, '${name}/index.html', { title: '${name}' });
}
`,
    [`${name}/urls.ts`]: `import { path } from '@stack/framework/urls';
import { index } from './views.ts';

export const appName = '${name}';

export const urlpatterns = [path('', index, { name: 'index' })];
`,
    [`${name}/templates/${name}/index.html`]: `{% load static %}<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8"><title>{{ title }}</title>
    <link rel="stylesheet" href="{% static '${name}/style.css' %}">
  </head>
  <body>
    <h1>Hello from {{ title }}!</h1>
    <p>Edit {{ title }}/templates/{{ title }}/index.html and reload.</p>
  </body>
</html>
`,
    [`${name}/static/${name}/style.css`]: `/* ${name}'s stylesheet: {% static '${name}/style.css' %} in its templates. */
body {
  font-family: system-ui, sans-serif;
  margin: 2rem auto;
  max-width: 40rem;
}
`,
    [`${name}/migrations/.gitkeep`]: '',
  };
}
