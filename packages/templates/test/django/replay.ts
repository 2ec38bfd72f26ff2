/**
 * Replays template cases harvested from Django's test suite (conformance/harvest/templates.py)
 * against Stack's engine. Needs no Python: the data files hold real Django's answers.
 */
import { readFileSync } from 'node:fs';
import { Engine, type Library } from '../../src/index.js';
import { NotPortable, decode, type DecodeOptions } from './decode.js';
import { classes, libraries } from './fixtures.js';

interface EngineDescription {
  readonly templates: Record<string, string>;
  readonly stringIfInvalid: string;
  readonly autoescape: boolean;
  readonly libraries: Record<string, string>;
  readonly builtins: string[];
}

interface ReverseCall {
  readonly viewname: string;
  readonly args: unknown[];
  readonly kwargs: Record<string, unknown>;
  readonly currentApp: string | null;
  readonly result?: string;
  readonly error?: string;
}

/** One harvested rendering: template + context → real Django's output or exception class. */
export interface HarvestedCase {
  readonly test?: string;
  readonly engine: string;
  readonly env?: Record<string, unknown>;
  readonly name?: string;
  readonly source?: string;
  readonly compileOnly?: boolean;
  readonly context?: Record<string, unknown>;
  readonly notPortable?: string;
  readonly autoescape?: boolean;
  /** `currentApp` absent: the request has none set; `null`: set to None (no current app). */
  readonly request?: { currentApp?: string | null; namespace: string | null };
  readonly now?: number;
  readonly reverse?: ReverseCall[];
  readonly output?: string;
  readonly error?: string;
}

export interface HarvestFile {
  readonly django: string;
  readonly source: string[];
  readonly env: Record<string, unknown>;
  readonly engines: Record<string, EngineDescription>;
  readonly cases: HarvestedCase[];
}

/** What Stack did with a case. */
export type Outcome =
  | { readonly kind: 'agrees' }
  | { readonly kind: 'differs'; readonly got: string }
  | { readonly kind: 'notPortable'; readonly reason: string };

export function loadHarvest(name: string): HarvestFile {
  return JSON.parse(
    readFileSync(new URL(`./${name}.json`, import.meta.url), 'utf8'),
  ) as HarvestFile;
}

/** Stable ids: the Django test (without `template_tests.`) and the case's rank within it. */
export function caseIds(cases: readonly HarvestedCase[]): string[] {
  const seen = new Map<string, number>();
  return cases.map((c) => {
    const test = (c.test ?? 'extra').replace(/^template_tests\./, '');
    const n = (seen.get(test) ?? 0) + 1;
    seen.set(test, n);
    return `${test}#${n}`;
  });
}

class NoReverseMatch extends Error {
  override name = 'NoReverseMatch';
}

const BUILTIN_LIBRARIES = new Set(['static', 'i18n', 'l10n', 'tz']);
const fixtureLibraries = libraries();

function engineLibraries(desc: EngineDescription): Record<string, Library> {
  const out: Record<string, Library> = {};
  for (const [name, module] of Object.entries(desc.libraries)) {
    if (module === `django.templatetags.${name}` && BUILTIN_LIBRARIES.has(name)) continue;
    const library = fixtureLibraries.get(module);
    if (library) out[name] = library;
  }
  return out;
}

function reverser(calls: readonly ReverseCall[], options: DecodeOptions) {
  return (viewName: string, args: unknown[], kwargs: Record<string, unknown>, app?: string) => {
    const strings = (kw: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(kw).map(([k, v]) => [k, String(v)]));
    const key = JSON.stringify([String(viewName), args.map(String), strings(kwargs), app ?? null]);
    for (const call of calls) {
      const recorded = JSON.stringify([
        String(decode(call.viewname, options)),
        (decode(call.args, options) as unknown[]).map(String),
        strings(decode(call.kwargs, options) as Record<string, unknown>),
        call.currentApp,
      ]);
      if (recorded !== key) continue;
      if (call.error) throw new NoReverseMatch(`${viewName} (as Django: ${call.error})`);
      return call.result as string;
    }
    throw new NoReverseMatch(`reverse(${key}) was not called by Django`);
  };
}

const ENGLISH = new Set(['en', 'en-us']);

/** Cases that need what this package does not have by design. */
function notPortable(
  desc: EngineDescription,
  c: HarvestedCase,
  env: Record<string, unknown>,
): string | undefined {
  const language = env['language'] as string;
  if (!ENGLISH.has(language)) {
    return `Django renders with the ${language} translation active: @stack/templates has no message catalogues`;
  }
  if (env['USE_L10N'] && !ENGLISH.has(env['LANGUAGE_CODE'] as string)) {
    return `Django localizes for ${env['LANGUAGE_CODE'] as string}: @stack/templates has English formats only`;
  }
  const sources = [c.source ?? '', ...Object.values(desc.templates)];
  if (env['DEBUG'] && sources.some((s) => s.includes('{% debug %}'))) {
    return "Django's {% debug %} prints Python's sys.modules";
  }
  if (sources.some((s) => /\{%\s*load\s+(\S+\s+)*cache\b/.test(s))) {
    return 'needs the cache tag library of @stack/cache, which replays these cases (packages/cache/test/django-cache-tag.test.ts)';
  }
  return undefined;
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

// Python's built-in exceptions and the JavaScript errors that stand for them.
const EQUIVALENT_ERRORS: Record<string, readonly string[]> = {
  ValueError: ['TypeError', 'RangeError'],
  RuntimeError: ['Error'],
};

function sameError(django: string, stack: string): boolean {
  return django === stack || (EQUIVALENT_ERRORS[django] ?? []).includes(stack);
}

/** Runs one case; never throws. */
export async function replay(file: HarvestFile, c: HarvestedCase): Promise<Outcome> {
  if (c.notPortable) return { kind: 'notPortable', reason: c.notPortable };
  const env = { ...file.env, ...c.env };
  const desc = file.engines[c.engine] as EngineDescription;
  const reason = notPortable(desc, c, env);
  if (reason) return { kind: 'notPortable', reason };
  const options: DecodeOptions = { timeZone: env['TIME_ZONE'] as string, classes };
  let context: Record<string, unknown>;
  try {
    context = decode(c.context ?? {}, options) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof NotPortable) return { kind: 'notPortable', reason: error.message };
    throw error;
  }
  const engine = new Engine({
    templates: desc.templates,
    stringIfInvalid: desc.stringIfInvalid,
    autoescape: c.autoescape ?? desc.autoescape,
    libraries: engineLibraries(desc),
    timeZone: env['USE_TZ'] ? (env['timezone'] as string) : (env['TIME_ZONE'] as string),
    staticUrl: env['STATIC_URL'] as string,
    mediaUrl: env['MEDIA_URL'] as string,
    debug: env['DEBUG'] as boolean,
    reverse: reverser(c.reverse ?? [], options),
    ...(c.now !== undefined && { now: () => new Date(Math.ceil(c.now as number)) }),
  });
  let got: string;
  try {
    const template =
      c.name !== undefined ? engine.getTemplate(c.name) : engine.fromString(c.source as string);
    const request = c.request && {
      ...(c.request.currentApp !== undefined && { currentApp: c.request.currentApp }),
      resolverMatch: { namespace: c.request.namespace },
    };
    got = c.compileOnly
      ? 'compiled'
      : `output ${JSON.stringify(await template.render(context, request))}`;
  } catch (error) {
    got = `error ${errorName(error)}: ${(error as Error)?.message?.split('\n')[0] ?? ''}`;
    if (c.error && sameError(c.error, errorName(error))) return { kind: 'agrees' };
    return { kind: 'differs', got };
  }
  if (c.output !== undefined && got === `output ${JSON.stringify(c.output)}`) {
    return { kind: 'agrees' };
  }
  return { kind: 'differs', got };
}

/** What Django said, for messages. */
export function expected(c: HarvestedCase): string {
  return c.error !== undefined ? `error ${c.error}` : `output ${JSON.stringify(c.output)}`;
}
