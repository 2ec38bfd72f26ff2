/**
 * The layer table of CONTRIBUTING.md, as data. Each package may import only the
 * `@stack/*` packages listed for it; the lint rule and `scripts/check-layers.mjs`
 * both read this table, so it is the single place a new layer is declared.
 * Listed bottom-up: a package names only packages listed above it.
 */
export const layers = {
  '@stack/utils': [],
  '@stack/wsgi': ['@stack/utils'],
  '@stack/request': ['@stack/wsgi', '@stack/utils'],
  '@stack/urls': ['@stack/utils'],
  '@stack/middleware': ['@stack/request', '@stack/wsgi', '@stack/utils'],
  '@stack/templates': ['@stack/utils'],
  '@stack/files': ['@stack/utils'],
  '@stack/orm': ['@stack/files', '@stack/utils'],
  '@stack/mail': ['@stack/utils'],
  '@stack/cache': [
    '@stack/request',
    '@stack/middleware',
    '@stack/templates',
    '@stack/orm',
    '@stack/wsgi',
    '@stack/utils',
  ],
  '@stack/asgi': ['@stack/wsgi', '@stack/request', '@stack/utils'],
  '@stack/forms': [
    '@stack/request',
    '@stack/templates',
    '@stack/files',
    '@stack/orm',
    '@stack/utils',
  ],
  '@stack/contrib-sessions': [
    '@stack/request',
    '@stack/middleware',
    '@stack/orm',
    '@stack/cache',
    '@stack/wsgi',
    '@stack/utils',
  ],
  '@stack/contrib-auth': [
    '@stack/request',
    '@stack/middleware',
    '@stack/orm',
    '@stack/contrib-sessions',
    '@stack/mail',
    '@stack/templates',
    '@stack/wsgi',
    '@stack/utils',
  ],
  '@stack/contrib-messages': [
    '@stack/request',
    '@stack/middleware',
    '@stack/contrib-sessions',
    '@stack/wsgi',
    '@stack/utils',
  ],
  '@stack/contrib-staticfiles': [
    '@stack/request',
    '@stack/middleware',
    '@stack/wsgi',
    '@stack/utils',
  ],
  '@stack/core': [
    '@stack/utils',
    '@stack/wsgi',
    '@stack/request',
    '@stack/urls',
    '@stack/middleware',
    '@stack/templates',
    '@stack/files',
    '@stack/orm',
    '@stack/mail',
    '@stack/cache',
    '@stack/asgi',
    '@stack/forms',
    '@stack/contrib-sessions',
    '@stack/contrib-auth',
    '@stack/contrib-messages',
    '@stack/contrib-staticfiles',
  ],
  '@stack/framework': '*',
  // Private workspaces: the cross-package tests, the benchmarks and the demo apps
  // see every layer, through public entry points only.
  '@stack/tests': '*',
  '@stack/bench': '*',
};

/** Folder name under packages/ (or apps/, bench/) → package name. */
export function packageNameOf(dir) {
  return dir === 'bench' ? '@stack/bench' : `@stack/${dir}`;
}
