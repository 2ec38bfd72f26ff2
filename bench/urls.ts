// URL resolution: @stack/urls among 10 and 1,000 routes, against find-my-way on the same tables.
// Run: cd bench && node --import tsx urls.ts
import { include, path, resolve, type UrlEntry } from '@stack/urls';
import findMyWay from 'find-my-way';
import { Bench } from 'tinybench';
import { isMain } from './lib/main.js';
import { printTable, type Row } from './lib/table.js';

type View = () => string;

/**
 * A route table shaped like a real application: per resource, a list, a detail with an int,
 * an edit page and a slug page, plus an app included under a prefix. `resources` sets the size.
 */
function table(resources: number) {
  const view: View = () => 'ok';
  const urlpatterns: UrlEntry<View>[] = [path('', view, { name: 'home' })];
  const fmw = findMyWay();
  fmw.on('GET', '/', view);
  const paths: string[] = ['/'];
  for (let i = 0; i < resources; i++) {
    const r = `resource${i}`;
    urlpatterns.push(
      path(`${r}/`, view, { name: `${r}-list` }),
      path(`${r}/<int:id>/`, view, { name: `${r}-detail` }),
      path(`${r}/<int:id>/edit/`, view, { name: `${r}-edit` }),
      path(`${r}/by-slug/<slug:slug>/`, view, { name: `${r}-slug` }),
    );
    fmw.on('GET', `/${r}/`, view);
    fmw.on('GET', `/${r}/:id/`, view);
    fmw.on('GET', `/${r}/:id/edit/`, view);
    fmw.on('GET', `/${r}/by-slug/:slug/`, view);
  }
  urlpatterns.push(path('api/', include([path('items/<int:id>/', view, { name: 'api-item' })])));
  fmw.on('GET', '/api/items/:id/', view);
  const routes = urlpatterns.length - 1 + 1;
  // Paths spread over the whole table, the last resource included, static and parametric.
  const step = Math.max(1, Math.floor(resources / 8));
  for (let i = 0; i < resources; i += step) {
    paths.push(
      `/resource${i}/`,
      `/resource${i}/42/`,
      `/resource${i}/42/edit/`,
      `/resource${i}/by-slug/a-b/`,
    );
  }
  const lastResource = `resource${resources - 1}`;
  paths.push(`/${lastResource}/7/`, `/${lastResource}/by-slug/x/`, '/api/items/9/');
  return { urlpatterns, fmw, paths, routes };
}

export async function run(): Promise<void> {
  const small = table(2); // 10 routes
  const large = table(250); // 1,002 routes
  for (const t of [small, large]) {
    for (const p of t.paths) {
      resolve(p, t.urlpatterns);
      if (!t.fmw.find('GET', p)) throw new Error(`find-my-way misses ${p}`);
    }
  }
  const cases = [
    [`@stack/urls, ${small.routes} routes`, small, 'stack'],
    [`@stack/urls, ${large.routes} routes`, large, 'stack'],
    [`find-my-way, ${small.routes} routes`, small, 'fmw'],
    [`find-my-way, ${large.routes} routes`, large, 'fmw'],
  ] as const;
  let sink = 0;
  // Short rounds, the four contenders interleaved, best round kept: on a shared machine this
  // compares the contenders at their least disturbed, not whichever ran during a load spike.
  const perSecond = new Map<string, number>();
  for (let round = 0; round < 8; round++) {
    const bench = new Bench({ time: 250, warmupTime: round === 0 ? 300 : 50 });
    for (const [name, t, kind] of cases) {
      const paths = t.paths;
      let i = 0;
      bench.add(
        name,
        kind === 'stack'
          ? () => {
              for (let k = 0; k < 100; k++)
                sink += resolve(paths[i++ % paths.length]!, t.urlpatterns).args.length;
            }
          : () => {
              for (let k = 0; k < 100; k++)
                sink += t.fmw.find('GET', paths[i++ % paths.length]!) ? 0 : 1;
            },
      );
    }
    await bench.run();
    for (const task of bench.tasks) {
      const result = task.result as { throughput?: { mean: number }; hz?: number } | undefined;
      const hz = (result?.throughput?.mean ?? result?.hz ?? 0) * 100;
      perSecond.set(task.name, Math.max(perSecond.get(task.name) ?? 0, hz));
    }
  }
  const rows: Row[] = cases.map(([name]) => ({
    name,
    values: { ops: perSecond.get(name)! / 1e6 },
  }));
  printTable(
    'resolve(): lookups per second (millions), same paths and tables',
    rows,
    [{ key: 'ops', label: 'Mops/s', digits: 2 }],
    cases[0][0],
  );
  const ours10 = perSecond.get(cases[0][0])!;
  const ours1000 = perSecond.get(cases[1][0])!;
  const theirs1000 = perSecond.get(cases[3][0])!;
  const growth = ours10 / ours1000;
  const versus = ours1000 / theirs1000;
  console.log(
    `\ncost of 1,000 routes vs 10: ${growth.toFixed(2)}x (target <= 2x) ${growth <= 2 ? 'OK' : 'MISSED'}`,
  );
  console.log(
    `@stack/urls vs find-my-way, 1,000 routes: ${versus.toFixed(2)}x its speed (target >= 0.5x) ${versus >= 0.5 ? 'OK' : 'MISSED'}`,
  );
  if (sink === -1) console.log(sink);
}

if (isMain(import.meta.url)) await run();
