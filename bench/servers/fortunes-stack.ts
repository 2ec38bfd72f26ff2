// The fortunes page the Django way: a model read through the ORM (SQLite), a template file
// rendered with render() (autoescaping, context processors), behind the @stack/core handler with
// Django's default middleware (STACK_BENCH_MIDDLEWARE=none: without). STACK_BENCH_DB names the
// SQLite file and STACK_BENCH_TEMPLATES the folder of fortunes.html (made by bench/fortunes.ts).
import { getHandler, render } from '@stack/core';
import { CharField, defineModel, IntegerField } from '@stack/orm';
import type { HttpRequest } from '@stack/request';
import { path } from '@stack/urls';
import { serve } from '@stack/wsgi';
import { DEFAULT_MIDDLEWARE } from '../lib/django-middleware.js';

class Fortune extends defineModel<Fortune>()('fortunes.Fortune', {
  id: new IntegerField({ primaryKey: true }),
  message: new CharField({ maxLength: 2048 }),
}) {}

async function fortunes(request: HttpRequest) {
  const rows = [...(await Fortune.objects.all())];
  rows.push(new Fortune({ id: 0, message: 'Additional fortune added at request time.' }));
  rows.sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
  return render(request, 'fortunes.html', { fortunes: rows });
}

const handler = await getHandler({
  settings: {
    debug: false,
    secretKey: 'bench-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH',
    allowedHosts: ['127.0.0.1'],
    rootUrlconf: [path('fortunes/', fortunes)],
    middleware: process.env.STACK_BENCH_MIDDLEWARE === 'none' ? [] : DEFAULT_MIDDLEWARE,
    databases: { default: { engine: 'sqlite', name: process.env.STACK_BENCH_DB! } },
    templates: [{ backend: '@stack/templates', dirs: [process.env.STACK_BENCH_TEMPLATES!] }],
  },
});
const handle = serve(handler.application, { port: Number(process.env.PORT ?? 0), log: false });
const address = await handle.listening;
console.log(`listening ${address.port}`);
