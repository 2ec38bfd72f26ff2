// The middleware onion: a hello view behind 0, 5, 10, 20 and 50 no-op layers, and behind
// Django's default middleware that exist (Security, Common, CSRF, XFrameOptions). The targets
// (at most 10% of the throughput lost at 10 layers, 25% at 50, 0.8x behind the defaults) are
// judged over the socket, where throughput is what a client is served: @stack/wsgi serve() +
// HttpRequest + the chain. The in-process part calls the composed chain with a prebuilt request
// and reports what each layer costs in nanoseconds, the number to watch when changing compose().
// With STACK_MW_SERVER set, this file serves one case instead of benchmarking.
// Run: cd bench && node --import tsx middleware.ts
import {
  CommonMiddleware,
  compose,
  CsrfViewMiddleware,
  SecurityMiddleware,
  XFrameOptionsMiddleware,
  type Middleware,
} from '@stack/middleware';
import { HttpRequest, HttpResponse, type HttpResponseBase } from '@stack/request';
import { serve, type Application } from '@stack/wsgi';
import { Bench } from 'tinybench';
import { ratioOf, runHttpBench } from './lib/http.js';
import { isMain } from './lib/main.js';
import { median } from './lib/schedule.js';
import { printTable, type Row } from './lib/table.js';
import { verdict } from './lib/verdict.js';

type Mw = Middleware<HttpRequest, HttpResponseBase>;

const BATCH = 500;
const ROUNDS = 9;

/**
 * The clock of the in-process part: this process's CPU time (user + system), in ms. On a shared
 * machine wall time counts the time other processes hold the core; CPU time does not, so the
 * ratios stay put when the host is busy.
 */
function cpuNow(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

const noop: Mw = (getResponse) => (request) => getResponse(request);
const hello = () => new HttpResponse('Hello, World!');

function makeRequest(): HttpRequest {
  return new HttpRequest(
    {
      REQUEST_METHOD: 'GET',
      SCRIPT_NAME: '',
      PATH_INFO: '/',
      QUERY_STRING: '',
      SERVER_NAME: 'localhost',
      SERVER_PORT: '8000',
      HTTP_HOST: 'localhost:8000',
      HTTP_ACCEPT_ENCODING: 'gzip, deflate, br',
      HTTP_COOKIE: 'csrftoken=abcdefghijklmnopqrstuvwxyzABCDEF',
      'wsgi.url_scheme': 'http',
      'wsgi.input': [],
    },
    { allowedHosts: ['localhost'] },
  );
}

function chainOf(layers: Mw[]) {
  return compose(layers, (request, chain) => chain.runView(request, hello)).handler;
}

function djangoDefaults(): Mw[] {
  return [
    SecurityMiddleware(),
    CommonMiddleware({ isValidPath: () => false }),
    CsrfViewMiddleware(),
    XFrameOptionsMiddleware(),
  ];
}

const serverCases: Record<string, () => Mw[]> = {
  none: () => [],
  noop5: () => Array(5).fill(noop),
  noop10: () => Array(10).fill(noop),
  noop20: () => Array(20).fill(noop),
  noop50: () => Array(50).fill(noop),
  defaults: djangoDefaults,
};

/** The server side of the socket benchmark: the gateway, a request, the chain, the view. */
async function serveCase(name: string): Promise<void> {
  const layers = serverCases[name];
  if (!layers) throw new Error(`unknown STACK_MW_SERVER case ${name}`);
  const handler = chainOf(layers());
  const settings = { allowedHosts: ['127.0.0.1', 'localhost'] };
  const app: Application = (environ, startResponse) => {
    const response = handler(new HttpRequest(environ, settings));
    return response instanceof Promise
      ? response.then((r) => r.toWsgi(startResponse))
      : response.toWsgi(startResponse);
  };
  const handle = serve(app, { port: Number(process.env.PORT ?? 0), log: false });
  const address = await handle.listening;
  console.log(`listening ${address.port}`);
}

export async function inProcess(): Promise<void> {
  const cases: [string, Mw[]][] = [
    ['0 layers', []],
    ['5 no-op layers', Array(5).fill(noop)],
    ['10 no-op layers', Array(10).fill(noop)],
    ['20 no-op layers', Array(20).fill(noop)],
    ['50 no-op layers', Array(50).fill(noop)],
    ['Django defaults (4)', djangoDefaults()],
  ];

  const request = makeRequest();
  // Per-request state the CSRF layer leaves on the request; reset in every case alike.
  const reset = () => {
    request.csrfProcessingDone = false;
    request.csrfCookieNeedsUpdate = false;
  };
  let sink = 0;
  const samples = new Map<string, number[]>(cases.map(([name]) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const bench = new Bench({ time: 120, warmupTime: round === 0 ? 200 : 20, now: cpuNow });
    // Each round starts with the next case, so no case always runs first (or right after GC).
    const order = cases.map((_, i) => cases[(i + round) % cases.length]!);
    for (const [name, layers] of order) {
      const handler = chainOf(layers);
      const first = handler(request);
      if (first instanceof Promise || first.statusCode !== 200)
        throw new Error(`${name}: unexpected response`);
      bench.add(name, () => {
        for (let k = 0; k < BATCH; k++) {
          reset();
          sink += (handler(request) as HttpResponseBase).statusCode;
        }
      });
    }
    await bench.run();
    for (const task of bench.tasks) {
      const result = task.result as { throughput?: { mean: number }; hz?: number } | undefined;
      samples.get(task.name)!.push((result?.throughput?.mean ?? result?.hz ?? NaN) * BATCH);
    }
  }
  const perSecond = new Map([...samples].map(([name, values]) => [name, median(values)]));
  const rows: Row[] = cases.map(([name]) => ({
    name,
    values: { ops: perSecond.get(name)! / 1e6 },
  }));
  printTable(
    `hello view through the chain: requests per CPU-second (millions), median of ${ROUNDS} interleaved rounds`,
    rows,
    [{ key: 'ops', label: 'Mreq/s', digits: 3 }],
    cases[0]![0],
  );
  const nsPerRequest = (name: string) => 1e9 / perSecond.get(name)!;
  const perLayer = (nsPerRequest('50 no-op layers') - nsPerRequest('0 layers')) / 50;
  const defaults = nsPerRequest('Django defaults (4)') - nsPerRequest('0 layers');
  console.log(
    `\nin-process cost: ${perLayer.toFixed(1)} ns per no-op layer; ` +
      `${defaults.toFixed(0)} ns per request for the default middleware (informational)`,
  );
  if (sink === -1) console.log(sink);
}

const socketCases: { name: string; server: string; target?: number }[] = [
  { name: 'no middleware', server: 'none' },
  { name: '5 no-op layers', server: 'noop5' },
  { name: '10 no-op layers', server: 'noop10', target: 0.9 },
  { name: '20 no-op layers', server: 'noop20' },
  { name: '50 no-op layers', server: 'noop50', target: 0.75 },
  { name: 'Django defaults (4)', server: 'defaults', target: 0.8 },
];

export async function overSocket(): Promise<void> {
  const results = await runHttpBench({
    title: 'hello view over the socket (@stack/wsgi serve() + HttpRequest + chain)',
    contenders: socketCases.map(({ name, server }) => ({
      name,
      script: 'middleware.ts',
      env: { STACK_MW_SERVER: server },
    })),
    baseline: 'no middleware',
  });
  console.log('');
  for (const { name, target } of socketCases) {
    if (target === undefined) continue;
    verdict(`over the socket, ${name} vs none`, ratioOf(results, name), target);
  }
}

export async function run(): Promise<void> {
  await inProcess();
  await overSocket();
}

if (process.env.STACK_MW_SERVER) await serveCase(process.env.STACK_MW_SERVER);
else if (isMain(import.meta.url)) await run();
