import { SafeString, Truncator, escape, urlquote } from '@stack/utils';
import { filterSpec, type FilterSpec } from '../filter-spec.js';
import { pyInt, str } from './util.js';

const TRAILING_PUNCTUATION = '.,:;!';
const WRAPPING = [
  ['(', ')'],
  ['[', ']'],
] as const;
const SIMPLE_URL = /^https?:\/\/\[?\w/i;
const SIMPLE_URL_2 = /^www\.|^(?!http)\w[^@]+\.(com|edu|gov|int|mil|net|org)($|\/.*)$/i;
const EMAIL = /^[^@\s]+@([\w-]+\.)+[a-z]{2,}$/i;

function smartUrlquote(url: string): string {
  try {
    return encodeURI(decodeURI(url));
  } catch {
    return urlquote(url, "!*'();:@&=+$,/?#[]~%");
  }
}

/**
 * Django's `trim_punctuation`: wrapping brackets off the front, unbalanced closers and
 * trailing punctuation off the end, repeated until stable; counts are kept incrementally so a
 * word of thousands of brackets stays linear.
 */
function trimPunctuation(word: string): [string, string, string] {
  let start = 0;
  let end = word.length;
  const count: Record<string, number> = { '(': 0, ')': 0, '[': 0, ']': 0 };
  for (const c of word) if (c in count) count[c] = (count[c] as number) + 1;
  const drop = (c: string): void => {
    if (c in count) count[c] = (count[c] as number) - 1;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (const [open, close] of WRAPPING) {
      if (start < end && word[start] === open) {
        drop(open);
        start++;
        changed = true;
      }
      if (start < end && word[end - 1] === close && count[close] === (count[open] as number) + 1) {
        drop(close);
        end--;
        changed = true;
      }
    }
    while (start < end && TRAILING_PUNCTUATION.includes(word.charAt(end - 1))) {
      end--;
      changed = true;
    }
  }
  return [word.slice(0, start), word.slice(start, end), word.slice(end)];
}

/** Django's `urlize`: links URLs and e-mail addresses, `rel="nofollow"`, optional trimming. */
export function urlize(text: string, autoescape: boolean, limit?: number): string {
  const trim = (s: string): string =>
    limit === undefined || s.length <= limit ? s : `${s.slice(0, Math.max(0, limit - 1))}…`;
  const esc = (s: string): string => (autoescape ? escape(s).value : s);
  return text
    .split(/(\s+)/)
    .map((word) => {
      if (!word || /^\s+$/.test(word) || !/[.@:]/.test(word)) return esc(word);
      const [lead, middle, trail] = trimPunctuation(word);
      let href: string | undefined;
      let nofollow = true;
      if (SIMPLE_URL.test(middle)) href = smartUrlquote(middle);
      else if (SIMPLE_URL_2.test(middle)) href = smartUrlquote(`http://${middle}`);
      else if (!middle.includes(':') && EMAIL.test(middle)) {
        href = `mailto:${middle}`;
        nofollow = false;
      }
      if (!href) return esc(word);
      const rel = nofollow ? ' rel="nofollow"' : '';
      return `${esc(lead)}<a href="${escape(href).value}"${rel}>${esc(trim(middle))}</a>${esc(trail)}`;
    })
    .join('');
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
      `<script id="${escape(str(elementId)).value}" type="application/json">${json}</script>`,
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
      return n === undefined ? str(v) : new Truncator(str(v)).chars(n);
    },
    { isSafe: true },
  ),
  filterSpec(
    'truncatechars_html',
    (v, a) => {
      const n = pyInt(a);
      return n === undefined ? str(v) : new Truncator(str(v)).chars(n, { html: true });
    },
    { isSafe: true },
  ),
  filterSpec(
    'truncatewords',
    (v, a) => {
      const n = pyInt(a);
      return n === undefined ? str(v) : new Truncator(str(v)).words(n, ' …');
    },
    { isSafe: true },
  ),
  filterSpec(
    'truncatewords_html',
    (v, a) => {
      const n = pyInt(a);
      return n === undefined
        ? str(v)
        : new Truncator(str(v)).words(n, { html: true, truncate: ' …' });
    },
    { isSafe: true },
  ),
  filterSpec(
    'urlize',
    (v, _a, autoescape) => new SafeString(urlize(str(v), autoescape && !(v instanceof SafeString))),
    { isSafe: true, arg: 'none' },
  ),
  filterSpec(
    'urlizetrunc',
    (v, a, autoescape) =>
      new SafeString(urlize(str(v), autoescape && !(v instanceof SafeString), pyInt(a) ?? 0)),
    { isSafe: true },
  ),
  filterSpec('json_script', (v, a) => jsonScript(v, a), { arg: 'optional' }),
];
