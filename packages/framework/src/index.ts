/**
 * @stack/framework: Stack, the whole framework. The root entry is `@stack/core` (settings,
 * apps, the handler, shortcuts, views, the test client, the `stack` command); each layer is at
 * its own subpath: `@stack/framework/urls`, `/request`, `/orm`, `/templates`, `/middleware`,
 * `/wsgi`, `/utils`, `/cache`, `/mail`, `/files`, `/forms`, `/asgi`, `/contrib-sessions`, `/contrib-auth`,
 * `/contrib-messages`, `/contrib-staticfiles`.
 *
 * @example
 * ```ts
 * import { defineSettings, render } from '@stack/framework';
 * import { path } from '@stack/framework/urls';
 * ```
 */
export * from '@stack/core';
