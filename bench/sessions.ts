// Sessions and auth on the hot path: an anonymous request (no cookie) through SessionMiddleware +
// AuthenticationMiddleware whose view never touches request.session or request.user, against
// the same request with neither middleware. Measured in-process with tinybench on this process's
// CPU time, in interleaved rounds, twice: with the HttpRequest built per request (what a server
// pays) and on the chain alone. Target: the middleware cost at most 5%.
// Also shown, for scale: the same chain where the view awaits request.user (anonymous).
// Run: cd bench && node --import tsx sessions.ts
import { AuthenticationMiddleware } from '@stack/contrib-auth';
import { SessionMiddleware, cacheSessions } from '@stack/contrib-sessions';
import { compose, type Middleware } from '@stack/middleware';
import { HttpRequest, HttpResponse, type HttpResponseBase } from '@stack/request';
import { Bench } from 'tinybench';
import { isMain } from './lib/main.js';
import { median } from './lib/schedule.js';
import { printTable, type Row } from './lib/table.js';

type Mw = Middleware<HttpRequest, HttpResponseBase>;
type Handler = (request: HttpRequest) => HttpResponseBase | Promise<HttpResponseBase>;

const BATCH = 500;
const ROUNDS = 15;
const settings = { allowedHosts: ['localhost'] };

function cpuNow(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function environ() {
  return {
    REQUEST_METHOD: 'GET',
    SCRIPT_NAME: '',
    PATH_INFO: '/',
    QUERY_STRING: '',
    SERVER_NAME: 'localhost',
    SERVER_PORT: '8000',
    HTTP_HOST: 'localhost:8000',
    HTTP_ACCEPT_ENCODING: 'gzip, deflate, br',
    'wsgi.url_scheme': 'http',
    'wsgi.input': [],
  };
}

const hello = () => new HttpResponse('Hello, World!');
const readsUser = async (request: HttpRequest) => {
  const user = (await request.user) as { isAuthenticated: boolean };
  return new HttpResponse(user.isAuthenticated ? 'member' : 'guest');
};

function chain(
  layers: Mw[],
  view: (request: HttpRequest) => HttpResponseBase | Promise<HttpResponseBase>,
): Handler {
  return compose(layers, (request, c) => c.runView(request, view)).handler as Handler;
}

function sessionAuth(): Mw[] {
  return [
    SessionMiddleware<HttpRequest>({ sessionEngine: cacheSessions() }),
    AuthenticationMiddleware as Mw,
  ];
}

interface Case {
  name: string;
  handler: Handler;
  freshRequest: boolean;
}

async function measure(cases: Case[]): Promise<Map<string, number>> {
  const shared = new HttpRequest(environ(), settings);
  let sink = 0;
  const samples = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const bench = new Bench({ time: 100, warmupTime: round === 0 ? 300 : 20, now: cpuNow });
    const order = cases.map((_, i) => cases[(i + round) % cases.length]!);
    for (const { name, handler, freshRequest } of order) {
      const isAsync = handler(new HttpRequest(environ(), settings)) instanceof Promise;
      const next = () => (freshRequest ? new HttpRequest(environ(), settings) : shared);
      // Synchronous chains are timed synchronously: an async wrapper would add the same
      // microtask cost to every case and hide the difference being measured.
      if (isAsync) {
        bench.add(name, async () => {
          for (let k = 0; k < BATCH; k++) sink += (await handler(next())).statusCode;
        });
      } else {
        bench.add(name, () => {
          for (let k = 0; k < BATCH; k++) sink += (handler(next()) as HttpResponseBase).statusCode;
        });
      }
    }
    await bench.run();
    for (const task of bench.tasks) {
      const result = task.result as { throughput?: { mean: number }; hz?: number } | undefined;
      samples.get(task.name)!.push((result?.throughput?.mean ?? result?.hz ?? NaN) * BATCH);
    }
  }
  if (sink === 0) throw new Error('no responses');
  return new Map([...samples].map(([name, values]) => [name, median(values)]));
}

function report(title: string, cases: Case[], perSecond: Map<string, number>): void {
  const rows: Row[] = cases.map(({ name }) => ({
    name,
    values: { ops: perSecond.get(name)! / 1e6 },
  }));
  printTable(title, rows, [{ key: 'ops', label: 'Mreq/s', digits: 3 }], cases[0]!.name);
}

export async function run(): Promise<void> {
  const withRequest: Case[] = [
    { name: 'no session/auth', handler: chain([], hello), freshRequest: true },
    { name: 'session + auth, untouched', handler: chain(sessionAuth(), hello), freshRequest: true },
    {
      name: 'session + auth, awaits user',
      handler: chain(sessionAuth(), readsUser),
      freshRequest: true,
    },
  ];
  const chainOnly: Case[] = [
    { name: 'no session/auth', handler: chain([], hello), freshRequest: false },
    {
      name: 'session + auth, untouched',
      handler: chain(sessionAuth(), hello),
      freshRequest: false,
    },
  ];
  const full = await measure(withRequest);
  report(
    `anonymous GET, HttpRequest built per request: requests per CPU-second (millions), median of ${ROUNDS} rounds`,
    withRequest,
    full,
  );
  const bare = await measure(chainOnly);
  report('the same, chain only (one prebuilt request)', chainOnly, bare);
  const ratio = full.get('session + auth, untouched')! / full.get('no session/auth')!;
  const bareRatio = bare.get('session + auth, untouched')! / bare.get('no session/auth')!;
  console.log('');
  console.log(
    `session + auth (untouched) vs none, per request: ${ratio.toFixed(3)}x (target >= 0.95x) ${ratio >= 0.95 ? 'OK' : 'MISSED'}`,
  );
  console.log(
    `session + auth (untouched) vs none, chain only:  ${bareRatio.toFixed(3)}x (for scale: a ~1 µs chain)`,
  );
}

if (isMain(import.meta.url)) await run();
