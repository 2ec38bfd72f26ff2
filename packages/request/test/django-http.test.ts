/**
 * Replays the request/response vectors `conformance/harvest/http.py` recorded with real
 * Django 3.2 from its `httpwrappers`, `requests`, `signing`, `csrf_tests`, `middleware` and
 * `sessions_tests` (see that script's docstring for the kinds of case) against @stack/request.
 *
 * A case agrees when Stack gives Django's output, or an error of the matching class. A case
 * listed in `django/differences.json` must give the outcome recorded there instead, with the
 * reason that the README's table of differences repeats; the test fails on a difference that
 * is not listed and on a listed one that now agrees, so the list stays exact.
 * `STACK_CONFORMANCE_REPORT=/tmp/report` writes every differing case to `/tmp/report.http.json`.
 */
import { describe } from 'vitest';
import {
  NotPortable,
  readJson,
  replayById,
  sameAs,
  type Difference,
} from '../../../conformance/replay.js';
import {
  HttpRequest,
  HttpResponse,
  HttpResponsePermanentRedirect,
  HttpResponseRedirect,
  JsonResponse,
  QueryDict,
  ResponseHeaders,
  Signer,
  TimestampSigner,
  dumps,
  loads,
  parseCookie,
  requestSettings,
  type RequestSettings,
} from '../src/index.js';

interface Case {
  id: string;
  kind: string;
  source: string;
  out?: unknown;
  error?: string;
  notPortable?: string;
  [input: string]: unknown;
}

interface Outcome {
  out?: unknown;
  error?: string;
}

const data = readJson<{ django: string; cases: Case[] }>(
  new URL('./django/http.json', import.meta.url),
);
const differences = readJson<Record<string, Difference<Outcome>>>(
  new URL('./django/differences.json', import.meta.url),
);

/** Python's exception classes, and the Stack error classes that stand for each. */
const ERRORS: Record<string, string[]> = {
  ValueError: ['TypeError', 'RangeError'],
  TypeError: ['TypeError'],
  KeyError: ['RangeError', 'TypeError'],
  UnicodeEncodeError: ['BadHeaderError'],
  UnicodeError: ['BadHeaderError'],
};

/** Rebuilds a value the harvest encoded (`django_harness.encode`) as a Stack caller passes it. */
function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (value === null || typeof value !== 'object') return value;
  const v = value as Record<string, unknown>;
  switch (v.$) {
    case undefined:
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decode(x)]));
    case 'bytes':
      return Buffer.from(v.v as number[]);
    case 'tuple':
      return (v.v as unknown[]).map(decode);
    case 'float':
      return Number(v.v);
    case 'safe':
    case 'lazy':
      // A SafeString or a lazy translation is a str to the HTTP layer: Stack takes its text.
      return decode(v.v);
    case 'dict':
      return new Map((v.v as [unknown, unknown][]).map(([k, x]) => [decode(k), decode(x)]));
    default:
      throw new NotPortable(`a value tagged ${String(v.$)}`);
  }
}

/** Writes a Stack result the way the harvest wrote Django's (bytes as a list of numbers). */
function encode(value: unknown): unknown {
  if (value instanceof Uint8Array) return { $: 'bytes', v: [...value] };
  if (Array.isArray(value)) return value.map(encode);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === null)
    return encode({ ...value });
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, encode(x)]));
  return value;
}

function settingsOf(env: Record<string, unknown> | undefined): RequestSettings {
  const s = env ?? {};
  return requestSettings({
    ...(s.ALLOWED_HOSTS !== undefined && { allowedHosts: s.ALLOWED_HOSTS as string[] }),
    ...(s.DEBUG !== undefined && { debug: s.DEBUG as boolean }),
    ...(s.USE_X_FORWARDED_HOST !== undefined && {
      useXForwardedHost: s.USE_X_FORWARDED_HOST as boolean,
    }),
    ...(s.USE_X_FORWARDED_PORT !== undefined && {
      useXForwardedPort: s.USE_X_FORWARDED_PORT as boolean,
    }),
    ...(s.SECURE_PROXY_SSL_HEADER != null && {
      secureProxySslHeader: s.SECURE_PROXY_SSL_HEADER as [string, string],
    }),
    ...(s.FORCE_SCRIPT_NAME != null && { forceScriptName: s.FORCE_SCRIPT_NAME as string }),
    ...(s.DEFAULT_CHARSET !== undefined && { defaultCharset: s.DEFAULT_CHARSET as string }),
    ...(s.DATA_UPLOAD_MAX_MEMORY_SIZE !== undefined && {
      dataUploadMaxMemorySize: s.DATA_UPLOAD_MAX_MEMORY_SIZE as number | null,
    }),
    ...(s.DATA_UPLOAD_MAX_NUMBER_FIELDS !== undefined && {
      dataUploadMaxNumberFields: s.DATA_UPLOAD_MAX_NUMBER_FIELDS as number | null,
    }),
  });
}

function environOf(c: Case): Record<string, unknown> {
  const environ = decode(c.environ) as Record<string, unknown>;
  const body = environ['wsgi.input'] as Buffer | undefined;
  environ['wsgi.input'] = body && body.length > 0 ? [body] : [];
  return environ;
}

async function outcomeOf(fn: () => unknown): Promise<Outcome> {
  try {
    return { out: encode(await fn()) };
  } catch (error) {
    if (error instanceof NotPortable) throw error;
    return { error: (error as Error).name };
  }
}

function requestOf(c: Case): HttpRequest {
  return new HttpRequest(environOf(c), settingsOf(c.settings as Record<string, unknown>));
}

async function parsed(c: Case): Promise<Record<string, Outcome>> {
  const request = requestOf(c);
  const snapshot: Record<string, Outcome> = {};
  const fields: [string, () => unknown][] = [
    ['path_info', () => request.pathInfo],
    ['path', () => request.path],
    ['method', () => request.method],
    ['content_type', () => request.contentType],
    ['content_params', () => ({ ...request.contentParams })],
    ['encoding', () => request.encoding ?? null],
    ['GET', () => [...request.GET.lists()]],
    ['COOKIES', () => ({ ...request.COOKIES })],
  ];
  for (const [name, get] of fields) snapshot[name] = await outcomeOf(get);
  const posted = requestOf(c);
  snapshot.POST = await outcomeOf(async () => {
    await posted.load();
    return [...posted.POST.lists()];
  });
  if (snapshot.POST.out !== undefined) {
    snapshot.FILES = await outcomeOf(async () => {
      const files: unknown[] = [];
      for (const [field, list] of posted.FILES.lists())
        for (const file of list)
          files.push([field, file.name, file.contentType, await file.read()]);
      return files;
    });
  }
  // Django's `body` of a multipart request read before `POST`: Stack's `load()` streams such a
  // body into POST and FILES without keeping it, and `stream()` gives its raw bytes instead.
  snapshot.body = await outcomeOf(async () => {
    const request = requestOf(c);
    if (request.method === 'POST' && request.contentType === 'multipart/form-data') {
      const chunks: Uint8Array[] = [];
      for await (const chunk of request.stream()) chunks.push(chunk);
      return Buffer.concat(chunks);
    }
    await request.load();
    return request.body;
  });
  await posted.close();
  return snapshot;
}

const run: Record<string, (c: Case, input: Record<string, unknown>) => unknown> = {
  querydict: (_c, { query, encoding, mutable, settings }) => {
    const s = settings as Record<string, unknown>;
    if (query instanceof Uint8Array) {
      // Django's `request.GET` is a QueryDict of the raw query bytes; Stack's QueryDict takes
      // text, and its `request.GET` is where raw bytes (latin-1 characters, one per byte) go.
      const request = new HttpRequest(
        { REQUEST_METHOD: 'GET', QUERY_STRING: Buffer.from(query).toString('latin1') },
        settingsOf(s),
      );
      if (encoding != null) request.encoding = encoding as string;
      return [...request.GET.lists()];
    }
    const dict = new QueryDict(query as string | null, {
      mutable: mutable as boolean,
      encoding: (encoding ?? s.DEFAULT_CHARSET) as string,
      ...(s.DATA_UPLOAD_MAX_NUMBER_FIELDS != null && {
        maxNumFields: s.DATA_UPLOAD_MAX_NUMBER_FIELDS as number,
      }),
    });
    return [...dict.lists()];
  },
  'querydict-urlencode': (_c, { lists, encoding, safe }) => {
    const dict = new QueryDict(null, { mutable: true, encoding: encoding as string });
    for (const [key, values] of lists as [string, string[]][]) dict.setlist(key, values);
    return dict.urlencode((safe as string | null) ?? '');
  },
  header: (_c, { name, value }) => {
    if (name instanceof Uint8Array || value instanceof Uint8Array)
      throw new NotPortable('Stack takes header names and values as strings, not bytes');
    const headers = new ResponseHeaders();
    headers.set(name as string, value as string | number);
    return headers.items()[0];
  },
  response: (_c, { content, options }) => {
    const o = options as Record<string, unknown>;
    const response = new HttpResponse(content as string, {
      ...(o.content_type != null && { contentType: o.content_type as string }),
      ...(o.status != null && { status: o.status as number }),
      ...(o.reason != null && { reason: o.reason as string }),
      ...(o.charset != null && { charset: o.charset as string }),
      ...(o.headers != null && { headers: o.headers as Record<string, string> }),
    });
    return {
      status: response.status,
      reason: response.reasonPhrase,
      charset: response.charset,
      headers: response.headers.items(),
      content: response.content,
    };
  },
  redirect: (_c, { cls, url }) => {
    const Redirect =
      cls === 'HttpResponseRedirect' ? HttpResponseRedirect : HttpResponsePermanentRedirect;
    const response = new Redirect(url as string);
    return { status: response.status, location: response.get('Location') };
  },
  'json-response': (_c, { data, safe, params }) => {
    const p = (params ?? {}) as Record<string, unknown>;
    const response = new JsonResponse(data, {
      safe: safe as boolean,
      ...(p.indent != null && { space: p.indent as number }),
    });
    return {
      content: response.content.toString('utf8'),
      contentType: response.get('Content-Type'),
    };
  },
  'set-cookie': (_c, { key, value, options }) => {
    const o = options as Record<string, unknown>;
    const response = new HttpResponse();
    response.setCookie(key as string, value as string, {
      ...(o.expires != null && { expires: o.expires as string }),
      path: o.path as string | null,
      ...(o.domain != null && { domain: o.domain as string }),
      secure: o.secure as boolean,
      httponly: o.httponly as boolean,
      ...(o.samesite != null && { samesite: o.samesite as string }),
    });
    const line = response.headerList().find(([name]) => name === 'Set-Cookie');
    return line?.[1];
  },
  'parse-cookie': (_c, { cookie }) => ({ ...parseCookie(cookie as string) }),
  sign: (_c, input) => signerOf(input).sign(input.value as string),
  unsign: (_c, input) => {
    const kwargs = input.kwargs as { max_age?: number | null };
    const signer = signerOf(input);
    return signer instanceof TimestampSigner && kwargs.max_age != null
      ? signer.unsign(input.value as string, { maxAge: kwargs.max_age })
      : signer.unsign(input.value as string);
  },
  dumps: (_c, { obj, key, salt, compress, now }) =>
    dumps(obj, {
      key: key as string,
      salt: salt as string,
      compress: compress as boolean,
      now: () => now as number,
    }),
  loads: (_c, { s, key, salt, max_age, now }) =>
    loads(s as string, {
      key: key as string,
      salt: salt as string,
      ...(max_age != null && { maxAge: max_age as number }),
      now: () => now as number,
    }),
  'request-call': (c, { attrs, args, kwargs, call }) => {
    const request = requestOf(c);
    const a = attrs as { path: string; path_info: string; method: string | null };
    const kw = kwargs as Record<string, unknown>;
    const positional = args as unknown[];
    // The attributes as they were at the call: tests set them by hand on a bare
    // `HttpRequest()`, or change them after building a request (the `request` cases check
    // how Stack computes them from the environ).
    request.path = a.path;
    request.pathInfo = a.path_info;
    if (a.method !== null) request.method = a.method;
    switch (call) {
      case 'get_host':
        return request.getHost();
      case 'get_port':
        return request.getPort();
      case 'is_secure':
        return request.isSecure();
      case 'get_full_path':
        return request.getFullPath(Boolean(kw.force_append_slash ?? positional[0] ?? false));
      case 'get_full_path_info':
        return request.getFullPathInfo(Boolean(kw.force_append_slash ?? positional[0] ?? false));
      case 'build_absolute_uri': {
        const location = (kw.location ?? positional[0] ?? undefined) as string | undefined;
        return location === undefined
          ? request.buildAbsoluteUri()
          : request.buildAbsoluteUri(location);
      }
      default:
        throw new NotPortable(`no Stack call for ${String(call)}`);
    }
  },
  request: (c) => parsed(c),
};

function signerOf(input: Record<string, unknown>): Signer {
  const options = {
    key: input.key as string,
    sep: input.sep as string,
    salt: input.salt as string,
    algorithm: input.algorithm as string,
    now: () => input.now as number,
  };
  return input.cls === 'TimestampSigner' ? new TimestampSigner(options) : new Signer(options);
}

/** Django's outcome as Stack should give it (error classes mapped onto Stack's). */
function agrees(c: Case, stack: Outcome): boolean {
  if (c.error !== undefined) {
    if (stack.error === undefined) return false;
    return stack.error === c.error || (ERRORS[c.error] ?? []).includes(stack.error);
  }
  if (stack.error !== undefined) return false;
  return sameAs(stack.out, c.out);
}

/** The case's inputs: all but its id, kind, source and Django's outcome. */
function inputOf(c: Case): Record<string, unknown> {
  const { id: _id, kind: _k, source: _s, out: _o, error: _e, ...input } = c;
  return input;
}

describe("django.http and django.core.signing, as Django 3.2's tests recorded them", () => {
  replayById({
    area: 'http',
    cases: data.cases,
    differences,
    label: (c) => `${c.kind} ${c.id}`,
    stack: (c) => outcomeOf(() => run[c.kind]!(c, decodeInputs(inputOf(c)))),
    agrees,
    reportEntry: (c, stack) => ({
      id: c.id,
      kind: c.kind,
      source: c.source,
      input: inputOf(c),
      django: c,
      stack,
    }),
    readme: {
      url: new URL('../README.md', import.meta.url),
      phrases: (f) => [
        `of ${f.portable} portable cases, ${f.agreeing} agree`,
        `Not portable (${f.notPortable}, counted apart)`,
      ],
    },
  });
});

function decodeInputs(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(input).map(([k, v]) => [k, k === 'environ' ? v : decode(v)]),
  );
}
