/**
 * Replays whole calls of Django 3.2's `SecurityMiddleware`, `XFrameOptionsMiddleware`,
 * `ConditionalGetMiddleware`, `GZipMiddleware` and `CommonMiddleware` that
 * `conformance/harvest/http.py` recorded while Django's `middleware` tests ran: the request (its
 * environ), the settings, the response the inner layer gave, and the response the middleware
 * returned (class, status, headers, content). Stack's middleware gets the same request, settings
 * and inner response. `middleware-request` cases are `SecurityMiddleware.process_request` alone:
 * a redirect, or nothing (the inner response passes).
 *
 * A case listed in `django/differences.json` must give the outcome recorded there instead, with
 * its reason (and `follows`, the newer Django whose behaviour Stack keeps on purpose).
 * `STACK_CONFORMANCE_REPORT=/tmp/report` writes every differing case to
 * `/tmp/report.middleware.json`.
 */
import { gunzipSync } from 'node:zlib';
import {
  HttpRequest,
  HttpResponse,
  HttpResponseBadRequest,
  HttpResponseForbidden,
  HttpResponseGone,
  HttpResponseNotFound,
  HttpResponseServerError,
  requestSettings,
  type HttpResponseBase,
} from '@stack/request';
import { describe } from 'vitest';
import { readJson, replayById, type Difference } from '../../../conformance/replay.js';
import {
  CommonMiddleware,
  ConditionalGetMiddleware,
  GZipMiddleware,
  SecurityMiddleware,
  XFrameOptionsMiddleware,
} from '../src/index.js';

interface ResponseState {
  cls: string;
  status: number;
  headers: [string, string][];
  content: { $: 'bytes'; v: number[] };
  xframeOptionsExempt?: boolean;
}

interface Case {
  id: string;
  kind: string;
  source: string;
  middleware?: string;
  environ?: Record<string, unknown>;
  settings?: Record<string, unknown>;
  response?: ResponseState | null;
  /**
   * The resolver's answers to `is_valid_path` during the call (CommonMiddleware): the path,
   * whether it resolves, whether its view allows the slash redirect (`no_append_slash`).
   */
  validPaths?: [string, boolean, boolean][];
  out?: ResponseState | null;
  error?: string;
  notPortable?: string;
}

const data = readJson<{ cases: Case[] }>(new URL('./django/middleware.json', import.meta.url));
const differences = readJson<Record<string, Difference>>(
  new URL('./django/differences.json', import.meta.url),
);

function requestOf(c: Case): HttpRequest {
  const environ: Record<string, unknown> = { ...c.environ };
  const body = environ['wsgi.input'] as { v: number[] } | undefined;
  environ['wsgi.input'] = body?.v.length ? [Buffer.from(body.v)] : [];
  const s = c.settings!;
  return new HttpRequest(
    environ,
    requestSettings({ allowedHosts: s.ALLOWED_HOSTS as string[], debug: s.DEBUG as boolean }),
  );
}

/** The response classes the tests' inner responses use, by Django's name. */
const RESPONSE_CLASSES: Record<string, new (content: Buffer) => HttpResponse> = {
  HttpResponseNotFound,
  HttpResponseForbidden,
  HttpResponseBadRequest,
  HttpResponseServerError,
  HttpResponseGone,
};

function responseOf(state: ResponseState): HttpResponse {
  const Class = RESPONSE_CLASSES[state.cls];
  const response = Class
    ? new Class(Buffer.from(state.content.v))
    : new HttpResponse(Buffer.from(state.content.v), { status: state.status });
  if (!state.headers.some(([name]) => name.toLowerCase() === 'content-type'))
    response.delete('Content-Type');
  for (const [name, value] of state.headers) response.set(name, value);
  // Django's `xframe_options_exempt` attribute on the response, as Stack marks it.
  if (state.xframeOptionsExempt) Object.assign(response, { xframeOptionsExempt: true });
  return response;
}

/**
 * A response as the harvest compares it: headers case-insensitive and in a stable order. A
 * gzipped body is compared decompressed, without its `Content-Length`: the compressed bytes
 * depend on the zlib build (and Stack pads the gzip header against BREACH, as Django 4.2 does).
 */
function comparable(state: ResponseState | null): unknown {
  if (state === null) return null;
  let content = Buffer.from(state.content.v);
  const gzipped = state.headers.some(
    ([name, value]) => name.toLowerCase() === 'content-encoding' && value === 'gzip',
  );
  if (gzipped) content = gunzipSync(content);
  return {
    cls: state.cls,
    status: state.status,
    headers: state.headers
      .map(([name, value]) => [name.toLowerCase(), value])
      .filter(([name]) => !(gzipped && name === 'content-length'))
      .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0)),
    content: content.toString('latin1'),
  };
}

function stateOf(response: HttpResponseBase): ResponseState {
  const content = response instanceof HttpResponse ? response.content : Buffer.alloc(0);
  return {
    cls: response.constructor.name,
    status: response.status,
    headers: response.headers.items(),
    content: { $: 'bytes', v: [...content] },
  };
}

/** Stack's error classes under the name of the Django exception they stand for. */
const ERRORS: Record<string, string> = { MiddlewareError: 'RuntimeError' };

function middlewareOf(c: Case) {
  const s = c.settings!;
  if (c.middleware === 'ConditionalGetMiddleware') return ConditionalGetMiddleware();
  if (c.middleware === 'GZipMiddleware') return GZipMiddleware();
  if (c.middleware === 'CommonMiddleware') {
    const valid = new Map((c.validPaths ?? []).map(([path, ok, append]) => [path, { ok, append }]));
    return CommonMiddleware({
      appendSlash: s.APPEND_SLASH as boolean,
      prependWww: s.PREPEND_WWW as boolean,
      disallowedUserAgents: s.DISALLOWED_USER_AGENTS as string[],
      debug: s.DEBUG as boolean,
      isValidPath: (path) => {
        const answer = valid.get(path);
        if (!answer) throw new Error(`Django's resolver was not asked about ${path}`);
        // A match, as Stack's resolver gives it: its view says whether to append the slash.
        return answer.ok && { func: answer.append ? {} : { shouldAppendSlash: false } };
      },
    });
  }
  if (c.middleware === 'XFrameOptionsMiddleware')
    return XFrameOptionsMiddleware(
      s.X_FRAME_OPTIONS == null ? {} : { xFrameOptions: s.X_FRAME_OPTIONS as string },
    );
  return SecurityMiddleware({
    secureHstsSeconds: s.SECURE_HSTS_SECONDS as number,
    secureHstsIncludeSubdomains: s.SECURE_HSTS_INCLUDE_SUBDOMAINS as boolean,
    secureHstsPreload: s.SECURE_HSTS_PRELOAD as boolean,
    secureContentTypeNosniff: s.SECURE_CONTENT_TYPE_NOSNIFF as boolean,
    secureSslRedirect: s.SECURE_SSL_REDIRECT as boolean,
    secureSslHost: s.SECURE_SSL_HOST as string | null,
    secureRedirectExempt: s.SECURE_REDIRECT_EXEMPT as string[],
    secureReferrerPolicy: s.SECURE_REFERRER_POLICY as string | null,
    // Django 3.2 has no Cross-Origin-Opener-Policy (4.0 added it, and Stack's default follows
    // 4.0): the replay turns it off, as a 3.2 project has it.
    secureCrossOriginOpenerPolicy: null,
  });
}

async function outcomeOf(c: Case): Promise<unknown> {
  const request = requestOf(c);
  await request.load();
  // Django's process_request may answer before the view (no inner response was made).
  const inner =
    c.kind === 'middleware-request' || !c.response ? innerOf(c) : responseOf(c.response);
  let result: HttpResponseBase;
  try {
    result = await middlewareOf(c)(() => inner)(request);
  } catch (error) {
    return { error: ERRORS[(error as Error).name] ?? (error as Error).name };
  }
  if (c.kind === 'middleware-request') return result === inner ? null : decision(stateOf(result));
  return comparable(stateOf(result));
}

/**
 * The view's response behind `process_request` alone (or behind a call whose `process_request`
 * answered, so the view never ran). Django's `CommonMiddleware` decides the
 * slash redirect before the view, from the resolver; Stack's decides it on the 404 that a path
 * the resolver does not know produces. So the view answers 404 when Django's resolver said the
 * path does not resolve, and 200 otherwise.
 */
function innerOf(c: Case): HttpResponse {
  const pathInfo = String(c.environ?.PATH_INFO ?? '/');
  const unresolved = (c.validPaths ?? []).some(([path, ok]) => path === pathInfo && !ok);
  return unresolved ? new HttpResponseNotFound('inner') : new HttpResponse('inner');
}

/**
 * What `process_request` alone decides: its redirect (class, status, `Location`). The headers
 * the response phase adds come after it, in Django's `__call__` as in Stack's one call.
 */
function decision(state: ResponseState | null): unknown {
  if (state === null) return null;
  const location = state.headers.find(([name]) => name.toLowerCase() === 'location');
  return { cls: state.cls, status: state.status, location: location?.[1] };
}

/** Django's outcome, in the shape `outcomeOf` gives Stack's. */
function djangoOf(c: Case): unknown {
  if (c.error !== undefined) return { error: c.error };
  return c.kind === 'middleware-request' ? decision(c.out ?? null) : comparable(c.out ?? null);
}

describe("Django's built-in middleware, as Django 3.2's tests had them", () => {
  replayById({
    area: 'middleware',
    cases: data.cases,
    differences,
    label: (c) => `${c.kind} ${c.middleware} ${c.id}`,
    stack: outcomeOf,
    django: djangoOf,
    reportEntry: (c, stack) => ({
      id: c.id,
      source: c.source,
      django: djangoOf(c),
      stack,
      case: c,
    }),
    readme: {
      url: new URL('../README.md', import.meta.url),
      phrases: (f) => [`Of ${f.portable} portable cases, ${f.agreeing} agree`],
    },
  });
});
