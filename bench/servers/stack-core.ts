// Hello JSON through the whole @stack/core handler: Django's seven default middleware, URL
// resolution and a view, served by @stack/wsgi. STACK_BENCH_MIDDLEWARE=none drops the middleware
// to show what the chain itself costs; STACK_BENCH_ROUTES=n puts the view behind n routes (for start-up time);
// STACK_BENCH_WORKERS=n serves with n worker processes.
import { getHandler } from '@stack/core';
import { JsonResponse } from '@stack/request';
import { path } from '@stack/urls';
import { serve } from '@stack/wsgi';
import { DEFAULT_MIDDLEWARE } from '../lib/django-middleware.js';

function hello() {
  return new JsonResponse({ message: 'Hello, World!' });
}

// The hello view is the last of the routes, so resolving it walks all of them.
const routes = Number(process.env.STACK_BENCH_ROUTES ?? 1);
const urlpatterns = [
  ...Array.from({ length: routes - 1 }, (_, i) => path(`page-${i}/<int:pk>/`, hello)),
  path('', hello),
];

const handler = await getHandler({
  settings: {
    debug: false,
    secretKey: 'bench-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH',
    allowedHosts: ['127.0.0.1'],
    rootUrlconf: urlpatterns,
    middleware: process.env.STACK_BENCH_MIDDLEWARE === 'none' ? [] : DEFAULT_MIDDLEWARE,
  },
});
const handle = serve(handler.application, {
  port: Number(process.env.PORT ?? 0),
  log: false,
  workers: Number(process.env.STACK_BENCH_WORKERS ?? 1),
});
const address = await handle.listening;
console.log(`listening ${address.port} middleware ${handler.middlewareNames.length}`);
