import { SafeString, escapeHtml, htmlOf } from '../../safe.js';
import { filterSpec, type FilterSpec } from '../filter-spec.js';
import { pyInt, str } from './util.js';
import { urlize } from './urlize.js';

const VOID_ELEMENTS = new Set([
  'br',
  'col',
  'link',
  'base',
  'img',
  'param',
  'area',
  'hr',
  'input',
  'meta',
  'wbr',
  'source',
  'track',
  'embed',
]);

/**
 * Truncates text to `length` characters, the last being `…` (Django's `Truncator.chars`):
 * combining marks do not count, and a length of 0 or less leaves only the ellipsis.
 */
export function truncateChars(text: string, length: number): string {
  const chars = [...text.normalize('NFC')];
  const truncateLen = length - 1;
  let counted = 0;
  let endIndex: number | undefined;
  for (const [i, char] of chars.entries()) {
    if (COMBINING.test(char)) continue;
    counted++;
    if (endIndex === undefined && counted > truncateLen) endIndex = i;
    if (counted > length) return `${chars.slice(0, endIndex ?? 0).join('')}…`;
  }
  return chars.join('');
}

// Python's unicodedata.combining() != 0: the nonspacing and enclosing marks, closely.
const COMBINING = /^[\p{Mn}\p{Me}]$/u;

/**
 * Truncates to `length` words followed by ` …` (Django's `Truncator.words`); a negative length
 * drops words from the end, as Python's slice does.
 */
export function truncateWords(text: string, length: number): string {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length > length) return `${words.slice(0, length).join(' ')} …`;
  return words.join(' ');
}

const HTML_UNIT_CHARS = /<[^>]+?>|&(?:#\d+|#x[\da-f]+|\w+);|[\s\S]/giy;
const HTML_UNIT_WORDS = /<[^>]+?>|[^<>\s]+|[\s\S]/gy;
const TAG_RE = /^<(\/)?([^\s/>]+)(?:(\s*\/)|\s[^>]*?)?>$/;

/** HTML-aware truncation: counts text only, closes tags left open (Django's `_truncate_html`). */
export function truncateHtml(source: string, length: number, words: boolean): string {
  if (words && length <= 0) return '';
  // Django normalizes for characters (Truncator.chars), not for words
  const html = words ? source : source.normalize('NFC');
  const re = words ? HTML_UNIT_WORDS : HTML_UNIT_CHARS;
  const truncateLen = words ? length : length - 1;
  re.lastIndex = 0;
  let count = 0;
  let cut = 0;
  let openAtCut: string[] = [];
  // Open elements, innermost last; closing one drops it and everything opened inside it.
  const open: string[] = [];
  for (let m = re.exec(html); m; m = re.exec(html)) {
    const unit = m[0];
    if (unit.startsWith('<') && unit.length > 1) {
      const tag = TAG_RE.exec(unit);
      if (!tag || count >= truncateLen) continue;
      const name = (tag[2] as string).toLowerCase();
      if (tag[3] || VOID_ELEMENTS.has(name)) continue;
      if (tag[1]) {
        const i = open.lastIndexOf(name);
        if (i !== -1) open.length = i;
      } else open.push(name);
      continue;
    }
    if (words && /^\s+$/.test(unit)) continue;
    count++;
    if (count === truncateLen) {
      cut = re.lastIndex;
      openAtCut = [...open].reverse();
    }
    if (count > length) break;
  }
  if (count <= length) return html;
  if (truncateLen <= 0) openAtCut = [];
  const ellipsis = words ? ' …' : '…';
  return html.slice(0, cut) + ellipsis + openAtCut.map((t) => `</${t}>`).join('');
}

/** Python's `json.dumps` (`, ` and `: ` separators, ASCII only), with Django's date encoding. */
export function pythonJson(value: unknown): string {
  const encode = (v: unknown): string => {
    if (v === null || v === undefined) return 'null';
    if (v instanceof SafeString) return encode(v.value);
    if (typeof v === 'string')
      return JSON.stringify(v).replace(
        /[\u007f-\uffff]/g,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      );
    if (typeof v === 'number')
      return Number.isFinite(v)
        ? String(v)
        : Number.isNaN(v)
          ? 'NaN'
          : v > 0
            ? 'Infinity'
            : '-Infinity';
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'bigint') return String(v);
    if (v instanceof Date) return encode(v.toISOString().replace(/\.000Z$/, 'Z'));
    if (Array.isArray(v)) return `[${v.map(encode).join(', ')}]`;
    if (v instanceof Map) return encode(Object.fromEntries(v));
    if (typeof v === 'object') {
      const json = (v as { toJSON?: () => unknown }).toJSON;
      if (typeof json === 'function') return encode(json.call(v));
      return `{${Object.entries(v)
        .map(([k, x]) => `${encode(k)}: ${encode(x)}`)
        .join(', ')}}`;
    }
    throw new TypeError(`Object of type ${typeof v} is not JSON serializable`);
  };
  return encode(value);
}

/** Django's `json_script`. */
export function jsonScript(value: unknown, elementId?: unknown): SafeString {
  const json = pythonJson(value).replace(
    /[<>&]/g,
    (c) => `\\u00${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  if (elementId !== undefined && elementId !== null && str(elementId) !== '') {
    return new SafeString(
      `<script id="${escapeHtml(str(elementId))}" type="application/json">${json}</script>`,
    );
  }
  return new SafeString(`<script type="application/json">${json}</script>`);
}

/** The truncation, linking and JSON filters of Django's `defaultfilters`. */
export const htmlFilters: FilterSpec[] = [
  filterSpec(
    'truncatechars',
    (v, a) => {
      const n = pyInt(a);
      return n === undefined ? str(v) : truncateChars(str(v), n);
    },
    { isSafe: true, stringFilter: true },
  ),
  filterSpec(
    'truncatechars_html',
    (v, a) => {
      const n = pyInt(a);
      return n === undefined ? str(v) : truncateHtml(str(v), n, false);
    },
    { isSafe: true, stringFilter: true },
  ),
  filterSpec(
    'truncatewords',
    (v, a) => {
      const n = pyInt(a);
      return n === undefined ? str(v) : truncateWords(str(v), n);
    },
    { isSafe: true, stringFilter: true },
  ),
  filterSpec(
    'truncatewords_html',
    (v, a) => {
      const n = pyInt(a);
      return n === undefined ? str(v) : truncateHtml(str(v), n, true);
    },
    { isSafe: true, stringFilter: true },
  ),
  filterSpec(
    'urlize',
    (v, _a, autoescape) =>
      new SafeString(
        urlize(str(v), {
          nofollow: true,
          autoescape,
          safeInput: v instanceof SafeString || htmlOf(v) !== undefined,
        }),
      ),
    { isSafe: true, stringFilter: true, arg: 'none' },
  ),
  filterSpec(
    'urlizetrunc',
    (v, a, autoescape) =>
      new SafeString(
        urlize(str(v), {
          trimUrlLimit: pyInt(a) ?? 0,
          nofollow: true,
          autoescape,
          safeInput: v instanceof SafeString || htmlOf(v) !== undefined,
        }),
      ),
    { isSafe: true, stringFilter: true },
  ),
  filterSpec('json_script', (v, a) => jsonScript(v, a), { arg: 'optional' }),
];
