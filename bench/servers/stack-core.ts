// Hello JSON through the whole @stack/core handler: Django's default middleware (those that
// exist), URL resolution and a view, served by @stack/wsgi. STACK_BENCH_MIDDLEWARE=none drops
// the middleware to show what the chain itself costs.
import { getHandler } from '@stack/core';
import { JsonResponse } from '@stack/request';
import { path } from '@stack/urls';
import { serve } from '@stack/wsgi';

const DEFAULT_MIDDLEWARE = [
  '@stack/middleware:SecurityMiddleware',
  '@stack/contrib-sessions:SessionMiddleware',
  '@stack/middleware:CommonMiddleware',
  '@stack/middleware:CsrfViewMiddleware',
  '@stack/contrib-auth:AuthenticationMiddleware',
  '@stack/contrib-messages:MessageMiddleware',
  '@stack/middleware:XFrameOptionsMiddleware',
];

function hello() {
  return new JsonResponse({ message: 'Hello, World!' });
}

const handler = await getHandler({
  settings: {
    debug: false,
    secretKey: 'bench-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH',
    allowedHosts: ['127.0.0.1'],
    rootUrlconf: [path('', hello)],
    middleware: process.env.STACK_BENCH_MIDDLEWARE === 'none' ? [] : DEFAULT_MIDDLEWARE,
  },
});
const handle = serve(handler.application, { port: Number(process.env.PORT ?? 0), log: false });
const address = await handle.listening;
console.log(`listening ${address.port}`);
