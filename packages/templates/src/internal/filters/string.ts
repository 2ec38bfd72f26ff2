import {
  SafeString,
  conditionalEscape,
  escape,
  escapejs,
  iriToUri,
  linebreaks,
  markSafe,
  normalizeNewlines,
  phone2numeric,
  slugify,
  stripTags,
  urlquote,
  wrap,
} from '@stack/utils';
import { filterSpec, type FilterSpec } from '../filter-spec.js';
import { pyInt, str } from './util.js';

function center(text: string, width: number): string {
  const marg = width - text.length;
  if (marg <= 0) return text;
  const left = Math.floor(marg / 2) + (marg & width & 1);
  return ' '.repeat(left) + text + ' '.repeat(marg - left);
}

/** Python's `str.title()` followed by Django's fixes for apostrophes and digits. */
function title(text: string): string {
  const titled = text.replace(
    /[\p{L}\p{M}]+/gu,
    (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase(),
  );
  return titled
    .replace(/([a-z])'([A-Z])/g, (m) => m.toLowerCase())
    .replace(/\d([A-Z])/g, (m) => m.toLowerCase());
}

/** The string filters of Django's `defaultfilters`. */
export const stringFilters: FilterSpec[] = [
  filterSpec('phone2numeric', (v) => phone2numeric(str(v)), { isSafe: true, arg: 'none' }),
  filterSpec(
    'addslashes',
    (v) => str(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/'/g, "\\'"),
    { isSafe: true, stringFilter: true, arg: 'none' },
  ),
  filterSpec(
    'capfirst',
    (v) => {
      const s = str(v);
      return s && s.charAt(0).toUpperCase() + s.slice(1);
    },
    { isSafe: true, stringFilter: true, arg: 'none' },
  ),
  filterSpec('center', (v, a) => center(str(v), pyInt(a) ?? 0), {
    isSafe: true,
    stringFilter: true,
  }),
  filterSpec('cut', (v, a) => {
    const out = str(v).split(str(a)).join('');
    return v instanceof SafeString && str(a) !== ';' ? markSafe(out) : out;
  }),
  filterSpec('escape', (v) => conditionalEscape(v), {
    isSafe: true,
    stringFilter: true,
    arg: 'none',
  }),
  filterSpec('force_escape', (v) => new SafeString(escape(str(v)).value), {
    isSafe: true,
    stringFilter: true,
    arg: 'none',
  }),
  filterSpec('escapejs', (v) => escapejs(str(v)), { arg: 'none' }),
  filterSpec('iriencode', (v) => iriToUri(str(v)), {
    isSafe: true,
    stringFilter: true,
    arg: 'none',
  }),
  filterSpec(
    'linebreaks',
    (v, _a, autoescape) =>
      new SafeString(linebreaks(str(v), { autoescape: autoescape && !(v instanceof SafeString) })),
    { isSafe: true, stringFilter: true, arg: 'none' },
  ),
  filterSpec(
    'linebreaksbr',
    (v, _a, autoescape) => {
      const text = normalizeNewlines(str(v));
      return new SafeString(
        (autoescape && !(v instanceof SafeString) ? escape(text).value : text).replace(
          /\n/g,
          '<br>',
        ),
      );
    },
    { isSafe: true, stringFilter: true, arg: 'none' },
  ),
  filterSpec(
    'linenumbers',
    (v, _a, autoescape) => {
      const lines = str(v).split('\n');
      const width = String(lines.length).length;
      const raw = !autoescape || v instanceof SafeString;
      return new SafeString(
        lines
          .map(
            (line, i) =>
              `${String(i + 1).padStart(width, '0')}. ${raw ? line : escape(line).value}`,
          )
          .join('\n'),
      );
    },
    { isSafe: true, stringFilter: true, arg: 'none' },
  ),
  filterSpec('ljust', (v, a) => str(v).padEnd(pyInt(a) ?? 0), { isSafe: true, stringFilter: true }),
  filterSpec('rjust', (v, a) => str(v).padStart(pyInt(a) ?? 0), {
    isSafe: true,
    stringFilter: true,
  }),
  filterSpec('lower', (v) => str(v).toLowerCase(), {
    isSafe: true,
    stringFilter: true,
    arg: 'none',
  }),
  filterSpec('upper', (v) => str(v).toUpperCase(), { isSafe: false, arg: 'none' }),
  filterSpec('make_list', (v) => [...str(v)], { arg: 'none' }),
  filterSpec('slugify', (v) => slugify(str(v)), { isSafe: true, stringFilter: true, arg: 'none' }),
  filterSpec('striptags', (v) => stripTags(str(v)), {
    isSafe: true,
    stringFilter: true,
    arg: 'none',
  }),
  filterSpec('title', (v) => title(str(v)), { isSafe: true, stringFilter: true, arg: 'none' }),
  filterSpec(
    'urlencode',
    (v, a) => urlquote(str(v), a === undefined || a === null ? '/' : str(a)),
    {
      arg: 'optional',
    },
  ),
  filterSpec('wordcount', (v) => str(v).split(/\s+/).filter(Boolean).length, { arg: 'none' }),
  filterSpec('wordwrap', (v, a) => wrap(str(v), pyInt(a) ?? 0), {
    isSafe: true,
    stringFilter: true,
  }),
  filterSpec('safe', (v) => markSafe(str(v)), { isSafe: true, stringFilter: true, arg: 'none' }),
];
