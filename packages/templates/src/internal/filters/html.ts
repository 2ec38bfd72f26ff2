import { SafeString, Truncator, escape, htmlOf } from '@stack/utils';
import { filterSpec, type FilterSpec } from '../filter-spec.js';
import { pyInt, str } from './util.js';
import { urlize } from './urlize.js';

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
    { isSafe: true, stringFilter: true },
  ),
  filterSpec(
    'truncatechars_html',
    (v, a) => {
      const n = pyInt(a);
      return n === undefined ? str(v) : new Truncator(str(v)).chars(n, { html: true });
    },
    { isSafe: true, stringFilter: true },
  ),
  filterSpec(
    'truncatewords',
    (v, a) => {
      const n = pyInt(a);
      return n === undefined ? str(v) : new Truncator(str(v)).words(n, ' …');
    },
    { isSafe: true, stringFilter: true },
  ),
  filterSpec(
    'truncatewords_html',
    (v, a) => {
      const n = pyInt(a);
      return n === undefined
        ? str(v)
        : new Truncator(str(v)).words(n, { html: true, truncate: ' …' });
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
