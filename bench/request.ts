// @stack/request: building an HttpRequest per request and reading GET, COOKIES and a header,
// against reading the same by hand from a node IncomingMessage-like object (URLSearchParams,
// a split-based cookie parser, req.headers). Also a urlencoded POST body: load() + POST
// against URLSearchParams on the same bytes.
// Run: cd bench && node --import tsx request.ts
import { HttpRequest, requestSettings } from '@stack/request';
import { Bench } from 'tinybench';
import { isMain } from './lib/main.js';
import { printTable, type Row } from './lib/table.js';

const BATCH = 100;
const ROUNDS = 5;

/** What node's http parser hands a handler, reduced to what both contenders read. */
const incoming = {
  method: 'GET',
  url: '/articles/2024/?page=3&sort=-date&tag=node&tag=django',
  rawHeaders: [
    'Host',
    'example.com',
    'User-Agent',
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
    'Accept',
    'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
    'Accept-Language',
    'en-GB,en;q=0.9',
    'Cookie',
    'csrftoken=Xq3bT0i0n8yq7bEw5YhV9f2rQk; sessionid=k2j3h4g5f6d7s8a9; theme=dark',
  ],
  headers: {} as Record<string, string>,
};
for (let i = 0; i < incoming.rawHeaders.length; i += 2) {
  incoming.headers[incoming.rawHeaders[i]!.toLowerCase()] = incoming.rawHeaders[i + 1]!;
}

/** The environ the gateway builds for that request (what @stack/wsgi hands the application). */
function environOf(req: typeof incoming): Record<string, unknown> {
  const q = req.url.indexOf('?');
  const environ: Record<string, unknown> = Object.create(null);
  environ.REQUEST_METHOD = req.method;
  environ.PATH_INFO = q === -1 ? req.url : req.url.slice(0, q);
  environ.QUERY_STRING = q === -1 ? '' : req.url.slice(q + 1);
  environ.CONTENT_TYPE = '';
  environ.CONTENT_LENGTH = '';
  environ.SERVER_NAME = '127.0.0.1';
  environ.SERVER_PORT = '80';
  environ['wsgi.url_scheme'] = 'http';
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    environ['HTTP_' + req.rawHeaders[i]!.toUpperCase().replace(/-/g, '_')] = req.rawHeaders[i + 1];
  }
  return environ;
}

function cookiesByHand(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

const settings = requestSettings({ allowedHosts: ['example.com'] });
const FORM_BODY = Buffer.from(
  'title=Hello+world&body=Some+text+%C3%A9&tags=a&tags=b&csrfmiddlewaretoken=abc123',
);

export async function run(): Promise<void> {
  const environ = environOf(incoming);
  let sink = 0;
  const cases: [string, () => void | Promise<void>][] = [
    [
      'by hand (node:http)',
      () => {
        for (let k = 0; k < BATCH; k++) {
          const url = incoming.url;
          const q = url.indexOf('?');
          const query = new URLSearchParams(q === -1 ? '' : url.slice(q + 1));
          const cookies = cookiesByHand(incoming.headers.cookie);
          sink +=
            (query.get('page')?.length ?? 0) +
            (cookies.sessionid?.length ?? 0) +
            (incoming.headers['user-agent']?.length ?? 0);
        }
      },
    ],
    [
      '@stack/request',
      () => {
        for (let k = 0; k < BATCH; k++) {
          const request = new HttpRequest(environ, settings);
          sink +=
            (request.GET.get('page')?.length ?? 0) +
            (request.COOKIES.sessionid?.length ?? 0) +
            (request.headers.get('User-Agent')?.length ?? 0);
        }
      },
    ],
    [
      'environ + @stack/request',
      () => {
        for (let k = 0; k < BATCH; k++) {
          const request = new HttpRequest(environOf(incoming), settings);
          sink +=
            (request.GET.get('page')?.length ?? 0) +
            (request.COOKIES.sessionid?.length ?? 0) +
            (request.headers.get('User-Agent')?.length ?? 0);
        }
      },
    ],
    [
      '@stack/request + getHost()',
      () => {
        for (let k = 0; k < BATCH; k++) {
          const request = new HttpRequest(environ, settings);
          sink +=
            request.getHost().length +
            (request.GET.get('page')?.length ?? 0) +
            (request.COOKIES.sessionid?.length ?? 0) +
            (request.headers.get('User-Agent')?.length ?? 0);
        }
      },
    ],
  ];
  const formCases: [string, () => void | Promise<void>][] = [
    [
      'form body by hand',
      () => {
        for (let k = 0; k < BATCH; k++) {
          const form = new URLSearchParams(FORM_BODY.toString('utf8'));
          sink += form.getAll('tags').length + (form.get('title')?.length ?? 0);
        }
      },
    ],
    [
      'form body, load() + POST',
      async () => {
        for (let k = 0; k < BATCH; k++) {
          const request = new HttpRequest(
            {
              REQUEST_METHOD: 'POST',
              CONTENT_TYPE: 'application/x-www-form-urlencoded',
              CONTENT_LENGTH: String(FORM_BODY.length),
              'wsgi.input': [FORM_BODY],
            },
            settings,
          );
          await request.load();
          sink += request.POST.getlist('tags').length + (request.POST.get('title')?.length ?? 0);
        }
      },
    ],
  ];
  // Rounds interleave the contenders, so a burst of load elsewhere hits them alike; the
  // median of the rounds is reported.
  const samples = new Map<string, number[]>();
  for (let round = 0; round < ROUNDS; round++) {
    const bench = new Bench({ time: 400, warmupTime: round === 0 ? 300 : 50 });
    for (const [name, fn] of [...cases, ...formCases]) bench.add(name, fn);
    await bench.run();
    for (const task of bench.tasks) {
      const result = task.result as { throughput?: { mean: number }; hz?: number } | undefined;
      const list = samples.get(task.name) ?? [];
      list.push((result?.throughput?.mean ?? result?.hz ?? NaN) * BATCH);
      samples.set(task.name, list);
    }
  }
  const perSecond = new Map<string, number>();
  for (const [name, list] of samples)
    perSecond.set(name, list.sort((a, b) => a - b)[list.length >> 1]!);
  const rows = (list: typeof cases): Row[] =>
    list.map(([name]) => ({ name, values: { ops: perSecond.get(name)! / 1e3 } }));
  printTable(
    'requests per second (thousands): build a request, read GET, COOKIES and User-Agent',
    rows(cases),
    [{ key: 'ops', label: 'kops/s', digits: 1 }],
    cases[0]![0],
  );
  printTable(
    'urlencoded form bodies per second (thousands): parse and read two fields',
    rows(formCases),
    [{ key: 'ops', label: 'kops/s', digits: 1 }],
    formCases[0]![0],
  );
  if (sink === -1) console.log(sink);
}

if (isMain(import.meta.url)) await run();
