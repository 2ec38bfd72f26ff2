import { SafeString, conditionalEscape, markSafe } from '@stack/utils';
import { filterSpec, type FilterSpec } from '../filter-spec.js';
import { MISSING, getMember } from '../lookup.js';
import { pyBool } from '../py.js';
import { listOf, pyInt, pyLen, str } from './util.js';

/** Python's `value[a:b:c]` for lists and strings. */
export function pySlice<T>(items: readonly T[], spec: string): T[] {
  const parts = spec.split(':');
  if (parts.length > 3) throw new TypeError('bad slice');
  const nums = parts.map((p) => {
    if (p.trim() === '') return undefined;
    const n = pyInt(p);
    if (n === undefined) throw new TypeError('bad slice');
    return n;
  });
  if (parts.length === 1) {
    const i = nums[0];
    if (i === undefined) throw new TypeError('bad slice');
    const index = i < 0 ? items.length + i : i;
    return index >= 0 && index < items.length ? [items[index] as T] : [];
  }
  const step = nums[2] ?? 1;
  if (step === 0) throw new TypeError('slice step cannot be zero');
  const len = items.length;
  const clamp = (n: number, lo: number, hi: number) => Math.min(Math.max(n, lo), hi);
  const norm = (n: number | undefined, dflt: number, lo: number, hi: number): number =>
    n === undefined ? dflt : clamp(n < 0 ? n + len : n, lo, hi);
  const out: T[] = [];
  if (step > 0) {
    const start = norm(nums[0], 0, 0, len);
    const stop = norm(nums[1], len, 0, len);
    for (let i = start; i < stop; i += step) out.push(items[i] as T);
  } else {
    const start = norm(nums[0], len - 1, -1, len - 1);
    const stop = norm(nums[1], -1, -1, len - 1);
    for (let i = start; i > stop; i += step) out.push(items[i] as T);
  }
  return out;
}

// Django's `value[slice(*bits)]`: a single number is the stop (`"1"` keeps the first item).
function slice(value: unknown, arg: unknown): unknown {
  const given = str(arg);
  const spec = given.includes(':') ? given : `:${given}`;
  try {
    if (typeof value === 'string' || value instanceof SafeString) {
      return pySlice([...str(value)], spec).join('');
    }
    const list = listOf(value);
    if (!list) return value;
    return pySlice(list, spec);
  } catch {
    return value;
  }
}

function sortKey(item: unknown, arg: unknown): unknown {
  const path = str(arg);
  if (/^-?\d+$/.test(path)) return (item as unknown[])[Number(path)];
  let current = item;
  for (const key of path.split('.')) {
    if (key.startsWith('_')) throw new TypeError('private attribute');
    current = getMember(current, key);
    if (current === MISSING) throw new TypeError(`no attribute ${key}`);
  }
  return current instanceof SafeString ? current.value : current;
}

function compareValues(a: unknown, b: unknown): number {
  const x = a instanceof Date ? a.getTime() : a;
  const y = b instanceof Date ? b.getTime() : b;
  const numeric = (v: unknown) => typeof v === 'number' || typeof v === 'boolean';
  if (!(numeric(x) && numeric(y)) && !(typeof x === 'string' && typeof y === 'string')) {
    throw new TypeError('unorderable types');
  }
  return (x as number) < (y as number) ? -1 : (x as number) > (y as number) ? 1 : 0;
}

function dictsort(value: unknown, arg: unknown, reverse: boolean): unknown {
  const list = listOf(value);
  if (!list) return '';
  try {
    const keyed = list.map((item) => [sortKey(item, arg), item] as const);
    keyed.sort((p, q) => compareValues(p[0], q[0]) * (reverse ? -1 : 1));
    return keyed.map(([, item]) => item);
  } catch {
    return '';
  }
}

function join(value: unknown, arg: unknown, autoescape: boolean): unknown {
  const list = listOf(value);
  if (!list || typeof value === 'string') return value;
  // As Django 3.2: the joiner is escaped even with autoescape off.
  const items = autoescape ? list.map((v) => conditionalEscape(v).value) : list.map(str);
  return new SafeString(items.join(conditionalEscape(arg ?? '').value));
}

/** Django's `unordered_list`. */
function unorderedList(value: unknown, autoescape: boolean): SafeString {
  const escaper = (x: unknown): string => (autoescape ? conditionalEscape(x).value : str(x));
  const format = (items: unknown[], tabs: number): string => {
    const indent = '\t'.repeat(tabs);
    const output: string[] = [];
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      const next = items[i + 1];
      let sublist = '';
      if (Array.isArray(next)) {
        if (next.length)
          sublist = `\n${indent}<ul>\n${format(next, tabs + 1)}\n${indent}</ul>\n${indent}`;
        i++;
      }
      output.push(`${indent}<li>${escaper(item)}${sublist}</li>`);
    }
    return output.join('\n');
  };
  return new SafeString(format(listOf(value) ?? [], 1));
}

function randomItem(value: unknown): unknown {
  const list = listOf(value);
  if (!list || !list.length) return '';
  return list[Math.floor(Math.random() * list.length)];
}

/** Django's `yesno`. */
function yesno(value: unknown, arg: unknown): unknown {
  const bits = (arg === undefined || arg === null ? 'yes,no,maybe' : str(arg)).split(',');
  if (bits.length < 2) return value;
  const [yes, no, maybe = bits[1]] = bits as [string, string, string?];
  if (value === null || value === undefined) return maybe;
  return pyBool(value) ? yes : no;
}

/** The list and logic filters of Django's `defaultfilters`. */
export const listFilters: FilterSpec[] = [
  filterSpec('default', (v, a) => (pyBool(v) ? v : a)),
  filterSpec('default_if_none', (v, a) => (v === null || v === undefined ? a : v)),
  filterSpec('dictsort', (v, a) => dictsort(v, a, false)),
  filterSpec('dictsortreversed', (v, a) => dictsort(v, a, true)),
  filterSpec('first', (v) => listOf(v)?.[0] ?? '', { arg: 'none' }),
  filterSpec(
    'last',
    (v) => {
      const l = listOf(v);
      return l && l.length ? l[l.length - 1] : '';
    },
    { arg: 'none' },
  ),
  filterSpec('join', (v, a, autoescape) => join(v, a, autoescape), { isSafe: true }),
  filterSpec('length_is', (v, a) => {
    const length = pyLen(v);
    const wanted = pyInt(a);
    return length === undefined || wanted === undefined ? '' : length === wanted;
  }),
  filterSpec('random', randomItem, { arg: 'none' }),
  filterSpec('safeseq', (v) => (listOf(v) ?? []).map((item) => markSafe(str(item))), {
    isSafe: true,
    arg: 'none',
  }),
  filterSpec('slice', slice, { isSafe: true }),
  filterSpec('unordered_list', (v, _a, autoescape) => unorderedList(v, autoescape), {
    isSafe: true,
    arg: 'none',
  }),
  filterSpec('yesno', yesno, { arg: 'optional' }),
];
