/**
 * Replays the resolve and reverse calls `conformance/harvest/urls.py` recorded from Django 3.2's
 * `urlpatterns` and `urlpatterns_reverse` tests (and urlconfs of its own) against Stack. The
 * urlconfs come as data and are rebuilt here with Stack's own pattern classes, one view function
 * per Django view; the test suite's `Base64Converter` is rebuilt as a Stack converter. A case
 * agrees when Stack gives Django's answer, or an error of the same class (`ValueError` ↔
 * `TypeError`). Every case that does not agree is listed, under its reason, in
 * `django/differences.json` (mirrored in the README); the test fails on an unlisted difference
 * and on a listed case that now agrees.
 */
import { describe } from 'vitest';
import {
  caseKey,
  listedDifferences,
  readJson,
  replayByKey,
  type DifferencesByReason,
} from '../../../conformance/replay.js';
import {
  RegexPattern,
  RoutePattern,
  URLPattern,
  URLResolver,
  registerConverter,
  resolve,
  reverse,
  type Pattern,
  type UrlEntry,
  type Urlconf,
} from '../src/index.js';
import { getConverter } from '../src/converters.js';

type View = (...args: unknown[]) => unknown;

interface EntryData {
  type: 'pattern' | 'include' | 'notPortable';
  kind: 'route' | 'regex';
  pattern: string;
  name?: string | null;
  defaults?: Record<string, unknown>;
  view?: string;
  app_name?: string | null;
  namespace?: string | null;
  urlconf?: string;
  reason?: string;
}

interface Case {
  kind: 'resolve' | 'reverse';
  source: string;
  inputs?: {
    path?: unknown;
    urlconf: string;
    viewname?: string | { view: string } | null;
    args?: unknown[];
    kwargs?: Record<string, unknown>;
    current_app?: string | null;
    script_prefix?: string;
  };
  result?: unknown;
  error?: string;
  notPortable?: string;
}

const data = readJson<{
  django: string;
  urlconfs: Record<string, { app_name: string | null; patterns: EntryData[] }>;
  views: string[];
  cases: Case[];
}>(new URL('django/urls.json', import.meta.url));
const listed = listedDifferences(
  readJson<DifferencesByReason>(new URL('django/differences.json', import.meta.url)),
);

// The test suite's Base64Converter (urlpatterns/converters.py), as a Stack user would write it.
if (!getConverter('base64')) {
  registerConverter(
    {
      regex: '[a-zA-Z0-9+/]*={0,2}',
      toJs: (value: string) => Uint8Array.from(Buffer.from(value, 'base64')),
      toUrl: (value: unknown) => Buffer.from(value as Uint8Array).toString('base64'),
    },
    'base64',
  );
}

/** Python values as a Stack user has them: bytes as `Uint8Array`, a UUID as its string. */
function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (value && typeof value === 'object') {
    const tagged = value as { $?: string; v?: unknown; class?: string; state?: { hex: string } };
    if (tagged.$ === 'bytes') return Uint8Array.from(tagged.v as number[]);
    if (tagged.$ === 'obj' && tagged.class === 'uuid.UUID') return tagged.state!.hex;
    if (tagged.$ === 'tuple') return (tagged.v as unknown[]).map(decode);
    if (tagged.$) throw new Error(`no Stack form for ${tagged.$}`);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v)]));
  }
  return value;
}

/** What a Stack answer looks like in Django's terms (bytes back to their numbers). */
function plain(value: unknown): unknown {
  if (value instanceof Uint8Array) return { $: 'bytes', v: [...value] };
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

const views = new Map<string, View>();
function viewFor(id: string): View {
  let view = views.get(id);
  if (!view) {
    view = () => id;
    Object.defineProperty(view, 'name', { value: id });
    views.set(id, view);
  }
  return view;
}

const built = new Map<string, { appName?: string; urlpatterns: UrlEntry<View>[] }>();

function makePattern(entry: EntryData, isEndpoint: boolean): Pattern {
  const name = entry.name ?? undefined;
  return entry.kind === 'route'
    ? new RoutePattern(entry.pattern, { isEndpoint, name })
    : new RegexPattern(entry.pattern, { isEndpoint, name });
}

/** Rebuilds a harvested urlconf (and what it includes, cycles kept) with Stack's classes. */
function urlconfFor(name: string): Urlconf<View> {
  const existing = built.get(name);
  if (existing) return existing;
  const source = data.urlconfs[name]!;
  const urlconf: { appName?: string; urlpatterns: UrlEntry<View>[] } = { urlpatterns: [] };
  if (source.app_name) urlconf.appName = source.app_name;
  built.set(name, urlconf);
  try {
    fill(urlconf, source.patterns);
  } catch (error) {
    // A pattern Stack refuses when it is built (Django: on first use); rebuilt for each case.
    built.delete(name);
    throw error;
  }
  return urlconf;
}

function fill(urlconf: { urlpatterns: UrlEntry<View>[] }, patterns: EntryData[]): void {
  for (const entry of patterns) {
    const defaults = decode(entry.defaults ?? {}) as Record<string, unknown>;
    if (entry.type === 'pattern') {
      urlconf.urlpatterns.push(
        new URLPattern(
          makePattern(entry, true),
          viewFor(entry.view!),
          defaults,
          entry.name ?? undefined,
        ),
      );
    } else if (entry.type === 'include') {
      urlconf.urlpatterns.push(
        new URLResolver(
          makePattern(entry, false),
          urlconfFor(entry.urlconf!),
          defaults,
          entry.app_name ?? undefined,
          entry.namespace ?? undefined,
        ),
      );
    }
    // A not-portable entry (a converter whose behaviour the test suite changes per test) is
    // left out; a case that reaches it differs and is listed under that reason.
  }
}

/** Django's exception classes, as Stack's errors name them. */
const ERRORS: Record<string, string> = { ValueError: 'TypeError' };

type Answer = { result: unknown } | { error: string };

function replay(c: Case): Answer {
  const inputs = c.inputs!;
  try {
    const urlconf = urlconfFor(inputs.urlconf);
    if (c.kind === 'resolve') {
      const match = resolve(decode(inputs.path) as string, urlconf);
      return {
        result: plain({
          view: (match.func as View).name,
          args: match.args,
          kwargs: { ...match.kwargs },
          url_name: match.urlName ?? null,
          app_names: match.appNames,
          namespaces: match.namespaces,
          route: match.route,
        }),
      };
    }
    const viewname = inputs.viewname;
    const lookup = viewname && typeof viewname === 'object' ? viewFor(viewname.view) : viewname;
    return {
      result: reverse(lookup as string, {
        urlconf,
        args: decode(inputs.args ?? []) as unknown[],
        kwargs: decode(inputs.kwargs ?? {}) as Record<string, unknown>,
        currentApp: inputs.current_app ?? undefined,
        scriptPrefix: inputs.script_prefix,
      }),
    };
  } catch (error) {
    return { error: (error as Error).name };
  }
}

function djangoAnswer(c: Case): Answer {
  return c.error !== undefined
    ? { error: ERRORS[c.error] ?? c.error }
    : { result: plain(decode(c.result)) };
}

describe(`django.urls ${data.django} conformance (urlpatterns, urlpatterns_reverse, own urlconfs)`, () => {
  replayByKey({
    area: 'urls',
    cases: data.cases,
    listed,
    keyOf: (c) => caseKey(c.kind, c.inputs),
    answers: (c) => ({ django: djangoAnswer(c), stack: replay(c) }),
    labelLength: 90,
  });
});
