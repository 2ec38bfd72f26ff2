import { builtinConverters } from '../converters.js';
import { RoutePattern } from '../patterns.js';
import { record, type PatternMatch } from './types.js';
import {
  compileProgram,
  inClass,
  runProgram,
  type CharClass,
  type RoutePiece,
} from './route-vm.js';

/**
 * Matches a `path()` route at a position of the full path without a regex. Built only when a
 * greedy scan is provably what the regex would do (each parameter stops at a character its
 * class excludes), or else as a Pike VM, so the result is the regex's, in linear time.
 *
 * Matching is split in two so that a route that fails allocates nothing: `scan` decides and
 * keeps the bounds of each capture in the matcher's own buffer; `fill` then writes the converted
 * values into a kwargs record, which the resolver allocates only once the whole chain matched
 * (a path tried against `<int:id>/` before `<int:id>/edit/` allocated a record and a string
 * for nothing). Only built-in converters get a matcher, and their `toJs` is decided in `scan`.
 */
export interface RouteMatcher {
  /** The end of the match at `pos`, or -1; the captures' bounds wait for `fill`. */
  scan(path: string, pos: number): number;
  /**
   * Writes the captures of this matcher's last successful `scan` (of the same `path`) into
   * `kwargs`; call it before the matcher scans again.
   */
  fill(path: string, kwargs: Record<string, unknown>): void;
}

/** `scan` then, on a match, `fill`: the end of the match or -1. */
export function matchRoute(
  matcher: RouteMatcher,
  path: string,
  pos: number,
  kwargs: Record<string, unknown>,
): number {
  const end = matcher.scan(path, pos);
  if (end >= 0) matcher.fill(path, kwargs);
  return end;
}

/**
 * The longest run of digits that is always a safe integer (16 digits may exceed 2^53 - 1):
 * up to it, `int`'s value is summed digit by digit, with no string sliced, and is exactly
 * `Number(text)`.
 */
const SAFE_DIGITS = 15;

const isDigit = (c: number) => c >= 48 && c <= 57;
const isHexLower = (c: number) => isDigit(c) || (c >= 97 && c <= 102);
const classes = new Map<string, CharClass>([
  ['int', charClass(isDigit, false)],
  ['str', charClass((c) => c !== 47, true)],
  [
    'slug',
    charClass(
      (c) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95,
      false,
    ),
  ],
  ['path', charClass((c) => c !== 10, true)],
]);
const UUID_DASHES = new Set([8, 13, 18, 23]);

function charClass(test: (c: number) => boolean, nonAscii: boolean): CharClass {
  const ascii = new Uint8Array(128);
  for (let c = 0; c < 128; c++) ascii[c] = test(c) ? 1 : 0;
  return { ascii, nonAscii };
}

const hexClass = charClass(isHexLower, false);
const dashClass = charClass((c) => c === 45, false);
const uuidClasses = Array.from({ length: 36 }, (_, i) =>
  UUID_DASHES.has(i) ? dashClass : hexClass,
);

function isUuidAt(path: string, pos: number): boolean {
  if (pos + 36 > path.length) return false;
  for (let i = 0; i < 36; i++) {
    const c = path.charCodeAt(pos + i);
    if (UUID_DASHES.has(i) ? c !== 45 : !isHexLower(c)) return false;
  }
  return true;
}

interface Param {
  name: string;
  cls: CharClass | null;
  after: string;
  /** The built-in `int` (its `toJs` inlined here); every other built-in keeps the text. */
  isInt: boolean;
}

/** The fast matcher of a route, or null when only its regex can decide. */
export function routeMatcher(pattern: RoutePattern): RouteMatcher | null {
  const converters = pattern.converters;
  const { literals, params: parsed } = pattern.parsed;
  const params: Param[] = [];
  let ambiguous = false;
  for (let i = 0; i < parsed.length; i++) {
    const p = parsed[i]!;
    const converter = converters[p.name]!;
    const name = [...builtinConverters].find(([, c]) => c === converter)?.[0];
    if (!name) return null;
    const after = literals[i + 1]!;
    const cls = classes.get(name) ?? null;
    if (cls) {
      const last = i === parsed.length - 1;
      if (after === '' ? !last : inClass(cls, after.charCodeAt(0))) ambiguous = true;
    }
    params.push({ name: p.name, cls, after, isInt: name === 'int' });
  }
  const spans = new Int32Array(2 * params.length);
  const fill = (path: string, kwargs: Record<string, unknown>): void => {
    for (let i = 0; i < params.length; i++) {
      const p = params[i]!;
      const start = spans[2 * i]!;
      const end = spans[2 * i + 1]!;
      kwargs[p.name] = p.isInt ? intAt(path, start, end) : path.slice(start, end);
    }
  };
  if (ambiguous)
    return { scan: machineScan(literals[0]!, params, pattern.isEndpoint, spans), fill };
  const first = literals[0]!;
  const isEndpoint = pattern.isEndpoint;
  const scan = (path: string, pos: number): number => {
    if (!path.startsWith(first, pos)) return -1;
    pos += first.length;
    for (let i = 0; i < params.length; i++) {
      const p = params[i]!;
      let end = pos;
      const cls = p.cls;
      if (cls) {
        const { ascii, nonAscii } = cls;
        for (; end < path.length; end++) {
          const c = path.charCodeAt(end);
          if (c < 128 ? ascii[c] !== 1 : !nonAscii) break;
        }
        if (end === pos) return -1;
      } else {
        if (!isUuidAt(path, pos)) return -1;
        end = pos + 36;
      }
      if (!path.startsWith(p.after, end)) return -1;
      if (p.isInt && !isSafeIntAt(path, pos, end)) return -1;
      spans[2 * i] = pos;
      spans[2 * i + 1] = end;
      pos = end + p.after.length;
    }
    return isEndpoint && pos !== path.length ? -1 : pos;
  };
  return { scan, fill };
}

/** Whether the digits `path[start, end)` are a safe integer (the built-in `int`'s `toJs`). */
function isSafeIntAt(path: string, start: number, end: number): boolean {
  return end - start <= SAFE_DIGITS || Number.isSafeInteger(Number(path.slice(start, end)));
}

/** The value of the digits `path[start, end)`, as `Number(text)` (see `SAFE_DIGITS`). */
function intAt(path: string, start: number, end: number): number {
  if (end - start > SAFE_DIGITS) return Number(path.slice(start, end));
  let n = 0;
  for (let i = start; i < end; i++) n = n * 10 + (path.charCodeAt(i) - 48);
  return n;
}

/** The Pike VM scan of a route whose greedy scan could be wrong (see `route-vm.ts`). */
function machineScan(
  first: string,
  params: Param[],
  isEndpoint: boolean,
  spans: Int32Array,
): RouteMatcher['scan'] {
  const pieces: RoutePiece[] = [{ literal: first }];
  params.forEach((p, i) => {
    pieces.push(
      p.cls
        ? { capture: i, classes: [p.cls], repeat: true }
        : { capture: i, classes: uuidClasses, repeat: false },
      { literal: p.after },
    );
  });
  const program = compileProgram(pieces, isEndpoint);
  return (path, pos) => {
    const slots = runProgram(program, path, pos);
    if (!slots) return -1;
    for (let i = 0; i < params.length; i++) {
      const start = slots[2 * i]!;
      const end = slots[2 * i + 1]!;
      if (params[i]!.isInt && !isSafeIntAt(path, start, end)) return -1;
      spans[2 * i] = start;
      spans[2 * i + 1] = end;
    }
    return slots[program.slots]!;
  };
}

const cache = new WeakMap<RoutePattern, RouteMatcher | null>();

/**
 * Matches any pattern as `pattern.match()` does, through the linear matcher when the pattern is
 * a `path()` route with built-in converters.
 */
export function matchLinear(
  pattern: { match(path: string): PatternMatch | null },
  path: string,
): PatternMatch | null {
  if (!(pattern instanceof RoutePattern)) return pattern.match(path);
  let matcher = cache.get(pattern);
  if (matcher === undefined) cache.set(pattern, (matcher = routeMatcher(pattern)));
  if (!matcher) return pattern.match(path);
  const kwargs = record();
  const end = matchRoute(matcher, path, 0, kwargs);
  return end < 0 ? null : { rest: path.slice(end), args: [], kwargs };
}
