import { SafeString, conditionalEscape, escapeHtml, markSafe } from '../../safe.js';
import { filterSpec, type FilterSpec } from '../filter-spec.js';
import { pyInt, str } from './util.js';

function center(text: string, width: number): string {
  const marg = width - text.length;
  if (marg <= 0) return text;
  const left = Math.floor(marg / 2) + (marg & width & 1);
  return ' '.repeat(left) + text + ' '.repeat(marg - left);
}

const JS_ESCAPES: Record<string, string> = {
  '\\': '\\u005C',
  "'": '\\u0027',
  '"': '\\u0022',
  '>': '\\u003E',
  '<': '\\u003C',
  '&': '\\u0026',
  '=': '\\u003D',
  '-': '\\u002D',
  ';': '\\u003B',
  '`': '\\u0060',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

const JS_UNSAFE = /[\\'"<>&=\-;`\u2028\u2029]|\p{Cc}/gu;

/** Django's `escapejs`: characters unsafe in JavaScript strings as `\uXXXX`. */
export function escapeJs(text: string): string {
  return text.replace(JS_UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    if (code >= 0x7f && code <= 0x9f) return c;
    return JS_ESCAPES[c] ?? `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
  });
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

/** Django's `slugify` (ASCII). */
export function slugify(text: string): string {
  const ascii = text.normalize('NFKD').replace(/[^\p{ASCII}]/gu, '');
  return ascii
    .toLowerCase()
    .replace(/[^\w\s-]/g, '')
    .replace(/[-\s]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
}

const IRI_SAFE = /[A-Za-z0-9_.\-~/#%[\]=:;$&()+,!?*@']/;
/** Django's `iri_to_uri`. */
export function iriToUri(text: string): string {
  let out = '';
  for (const c of text) out += IRI_SAFE.test(c) ? c : encodeURIComponent(c);
  return out;
}

/** Python's `urllib.parse.quote` with the given safe characters. */
export function quote(text: string, safe = '/'): string {
  let out = '';
  for (const c of text) {
    if (/[A-Za-z0-9_.\-~]/.test(c) || safe.includes(c)) out += c;
    else
      out += encodeURIComponent(c).replace(
        /[!'()*]/g,
        (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`,
      );
  }
  return out;
}

/** Django's `wrap`: lines broken at spaces to `width`, existing newlines kept. */
export function wrap(text: string, width: number): string {
  const out: string[] = [];
  for (const original of text.split(/(?<=\n)/)) {
    let line = original;
    let max = Math.min(line.endsWith('\n') ? width + 1 : width, width);
    while (line.length > max) {
      let space = line.slice(0, max + 1).lastIndexOf(' ') + 1;
      if (space === 0) {
        space = line.indexOf(' ') + 1;
        if (space === 0) {
          out.push(line);
          line = '';
          break;
        }
      }
      out.push(`${line.slice(0, space - 1)}\n`);
      line = line.slice(space);
      max = Math.min(line.endsWith('\n') ? width + 1 : width, width);
    }
    if (line) out.push(line);
  }
  return out.join('');
}

// Linear: a lazy regular expression would rescan to the end for every unclosed `<!--`.
function stripComments(html: string): string {
  let out = '';
  let pos = 0;
  for (;;) {
    const open = html.indexOf('<!--', pos);
    if (open === -1) return out + html.slice(pos);
    const close = html.indexOf('-->', open + 4);
    if (close === -1) return out + html.slice(pos);
    out += html.slice(pos, open);
    pos = close + 3;
  }
}

/** Django's `strip_tags`: removes tags (repeatedly, for nested leftovers) and comments. */
export function stripTags(html: string): string {
  let value = html;
  for (let i = 0; i < 50; i++) {
    const next = stripComments(value).replace(/<\/?[a-zA-Z!?][^<>]*>/g, '');
    if (next === value) break;
    value = next;
  }
  return value;
}

function normalizeNewlines(text: string): string {
  return text.replace(/\r\n|\r/g, '\n');
}

/** Django's `linebreaks` helper. */
export function linebreaks(text: string, autoescape: boolean): string {
  const paras = normalizeNewlines(text).split(/\n{2,}/);
  return paras
    .map((p) => `<p>${(autoescape ? escapeHtml(p) : p).replace(/\n/g, '<br>')}</p>`)
    .join('\n\n');
}

/** The string filters of Django's `defaultfilters`. */
const PHONE_KEYS = ['abc', 'def', 'ghi', 'jkl', 'mno', 'pqrs', 'tuv', 'wxyz'];
const PHONE_DIGITS = new Map(
  PHONE_KEYS.flatMap((letters, i) => [...letters].map((c) => [c, String(i + 2)] as const)),
);

/** Django's `phone2numeric`: letters become their digit on a phone keypad. */
function phone2numeric(value: unknown): string {
  return [...str(value).toLowerCase()].map((c) => PHONE_DIGITS.get(c) ?? c).join('');
}

export const stringFilters: FilterSpec[] = [
  filterSpec('phone2numeric', phone2numeric, { isSafe: true, arg: 'none' }),
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
  filterSpec('force_escape', (v) => new SafeString(escapeHtml(str(v))), {
    isSafe: true,
    stringFilter: true,
    arg: 'none',
  }),
  filterSpec('escapejs', (v) => new SafeString(escapeJs(str(v))), { arg: 'none' }),
  filterSpec('iriencode', (v) => iriToUri(str(v)), {
    isSafe: true,
    stringFilter: true,
    arg: 'none',
  }),
  filterSpec(
    'linebreaks',
    (v, _a, autoescape) =>
      new SafeString(linebreaks(str(v), autoescape && !(v instanceof SafeString))),
    { isSafe: true, stringFilter: true, arg: 'none' },
  ),
  filterSpec(
    'linebreaksbr',
    (v, _a, autoescape) => {
      const text = normalizeNewlines(str(v));
      return new SafeString(
        (autoescape && !(v instanceof SafeString) ? escapeHtml(text) : text).replace(/\n/g, '<br>'),
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
            (line, i) => `${String(i + 1).padStart(width, '0')}. ${raw ? line : escapeHtml(line)}`,
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
  filterSpec('urlencode', (v, a) => quote(str(v), a === undefined || a === null ? '/' : str(a)), {
    arg: 'optional',
  }),
  filterSpec('wordcount', (v) => str(v).split(/\s+/).filter(Boolean).length, { arg: 'none' }),
  filterSpec('wordwrap', (v, a) => wrap(str(v), pyInt(a) ?? 0), {
    isSafe: true,
    stringFilter: true,
  }),
  filterSpec('safe', (v) => markSafe(str(v)), { isSafe: true, stringFilter: true, arg: 'none' }),
];
