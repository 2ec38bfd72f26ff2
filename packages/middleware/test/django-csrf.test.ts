/**
 * Replays the CSRF verdicts `conformance/harvest/http.py` recorded with real Django 3.2: for each
 * request `CsrfViewMiddleware.process_view` saw in Django's `csrf_tests` and `middleware` tests
 * (its environ, cookies, form fields, whether it is secure, the flags and the CSRF settings),
 * whether Django let it through or rejected it, and with which reason. Stack's
 * `CsrfViewMiddleware` runs on the same request, as the handler runs it (body loaded, then the
 * middleware, then the view).
 *
 * A case listed in `django/differences.json` must give the outcome recorded there instead, with
 * its reason (and `follows`, the newer Django whose behaviour Stack keeps on purpose); the test
 * fails on an unlisted difference and on a listed case that now agrees.
 * `STACK_CONFORMANCE_REPORT=/tmp/report` writes every differing case to `/tmp/report.csrf.json`.
 */
import { HttpRequest, HttpResponse, HttpResponseForbidden, requestSettings } from '@stack/request';
import { describe, expect } from 'vitest';
import { readJson, replayById, type Difference } from '../../../conformance/replay.js';
import {
  CsrfViewMiddleware,
  csrfExempt,
  ensureCsrfCookie,
  requiresCsrfToken,
  type CsrfSettings,
} from '../src/index.js';
import { run } from './http.js';

interface Case {
  id: string;
  source: string;
  /** `CsrfViewMiddleware`, or the decorator made from it: `requires_csrf_token`, `ensure_csrf_cookie`. */
  middleware?: string;
  method?: string | null;
  secure?: boolean;
  exempt?: boolean;
  processingDone?: boolean;
  dontEnforce?: boolean;
  settings?: Record<string, unknown>;
  environ?: Record<string, unknown>;
  post?: [string, string[]][];
  cookies?: Record<string, string>;
  session?: Record<string, unknown> | null;
  out?: Verdict;
  notPortable?: string;
}

interface Verdict {
  accepted: boolean;
  status?: number;
  reason?: string | null;
}

const data = readJson<{ cases: Case[] }>(new URL('./django/csrf.json', import.meta.url));
const differences = readJson<Record<string, Difference<Verdict>>>(
  new URL('./django/differences.json', import.meta.url),
);

/**
 * Django 3.2's `CSRF_TRUSTED_ORIGINS` are hosts (`example.com`, `.example.com`); from 4.0 they
 * are origins with a scheme, which is what Stack takes. Django 4.0's upgrade note: prefix
 * `https://`, and write a leading dot as `*.`.
 */
function trustedOrigin(entry: string): string {
  if (entry.includes('://')) return entry;
  return `https://${entry.startsWith('.') ? `*${entry}` : entry}`;
}

function bytesOf(value: unknown): Buffer {
  const v = value as { $?: string; v?: number[] } | undefined;
  return v?.$ === 'bytes' ? Buffer.from(v.v!) : Buffer.alloc(0);
}

/** The request Django's middleware saw, as the gateway would give it to Stack. */
function requestOf(c: Case): HttpRequest {
  const environ: Record<string, unknown> = { ...c.environ };
  // What Django's process_request put in META; Stack's middleware does its own.
  delete environ.CSRF_COOKIE;
  let body = bytesOf(environ['wsgi.input']);
  if (c.post !== undefined) {
    const form = new URLSearchParams();
    for (const [key, values] of c.post) for (const value of values) form.append(key, value);
    body = Buffer.from(form.toString());
    environ.CONTENT_TYPE = 'application/x-www-form-urlencoded';
  }
  if (c.cookies !== undefined) {
    environ.HTTP_COOKIE = Object.entries(c.cookies)
      .map(([name, value]) => `${name}=${value}`)
      .join('; ');
  }
  // A bare `HttpRequest()` whose method the test never set (None): Django checks it as an
  // unsafe method that is not POST (the token comes from the header only). Every gateway
  // request has a method; PUT is the one Stack checks the same way.
  environ.REQUEST_METHOD = c.method ?? 'PUT';
  environ.CONTENT_LENGTH = String(body.length);
  environ['wsgi.input'] = body.length ? [body] : [];
  environ['wsgi.url_scheme'] = c.secure ? 'https' : 'http';
  const s = c.settings!;
  return new HttpRequest(
    environ,
    requestSettings({
      allowedHosts: s.ALLOWED_HOSTS as string[],
      debug: s.DEBUG as boolean,
      useXForwardedHost: s.USE_X_FORWARDED_HOST as boolean,
      useXForwardedPort: s.USE_X_FORWARDED_PORT as boolean,
    }),
  );
}

async function verdictOf(c: Case): Promise<Verdict> {
  const s = c.settings!;
  let reason: string | null = null;
  const settings: CsrfSettings = {
    csrfCookieName: s.CSRF_COOKIE_NAME as string,
    csrfHeaderName: s.CSRF_HEADER_NAME as string,
    csrfTrustedOrigins: (s.CSRF_TRUSTED_ORIGINS as string[]).map(trustedOrigin),
    csrfUseSessions: s.CSRF_USE_SESSIONS as boolean,
    csrfCookieDomain: s.CSRF_COOKIE_DOMAIN as string | null,
    sessionCookieDomain: s.SESSION_COOKIE_DOMAIN as string | null,
    csrfFailureView: (_request, why) => {
      reason = why;
      return new HttpResponseForbidden(why);
    },
    logger: null,
  };
  const request = requestOf(c);
  if (c.session !== undefined && c.session !== null) {
    const store = new Map(Object.entries(c.session).filter(([, v]) => v !== null));
    request.session = { get: (key: string) => store.get(key), set: store.set.bind(store) };
  }
  if (c.processingDone) request.csrfProcessingDone = true;
  if (c.dontEnforce) request.dontEnforceCsrfChecks = true;
  await request.load();
  let reached = false;
  const view = () => {
    reached = true;
    return new HttpResponse('ok');
  };
  const checked = c.exempt ? csrfExempt(view) : view;
  const response =
    c.middleware === 'CsrfViewMiddleware'
      ? await run([CsrfViewMiddleware(settings)], request, checked)
      : await run(
          [],
          request,
          (c.middleware === 'ensure_csrf_cookie' ? ensureCsrfCookie : requiresCsrfToken)(
            checked,
            settings,
          ),
        );
  await request.close();
  return reached ? { accepted: true } : { accepted: false, status: response.status, reason };
}

describe("CsrfViewMiddleware, as Django 3.2's csrf_tests recorded it", () => {
  replayById({
    area: 'csrf',
    cases: data.cases,
    differences,
    label: (c) => c.id,
    stack: verdictOf,
    // A listed difference is in the reason only: the verdict is always Django's.
    whenDiffering: (c, stack) =>
      expect({ accepted: stack.accepted, status: stack.status }).toEqual({
        accepted: c.out!.accepted,
        status: c.out!.status,
      }),
    reportEntry: (c, stack) => ({ id: c.id, source: c.source, django: c.out, stack, case: c }),
    readme: {
      url: new URL('../README.md', import.meta.url),
      phrases: (f) => [
        `of ${f.portable} portable cases, ${f.agreeing} agree`,
        `the verdict is the same in all ${f.portable}`,
      ],
    },
  });
});
