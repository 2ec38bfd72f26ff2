import { SafeString, escape } from '@stack/utils';
import { pyStr } from './py.js';

/** Django's `conditional_escape` with Python's `str()` of non-strings. */
export function esc(value: unknown): string {
  if (value instanceof SafeString) return value.value;
  if (value !== null && typeof value === 'object') {
    const method = (value as { __html__?: unknown }).__html__;
    if (typeof method === 'function') return String(method.call(value));
  }
  return escape(pyStr(value)).value;
}

/**
 * Django's `format_html` as a tagged template: every interpolated value is escaped unless it is
 * already safe, and the result is safe.
 */
export function safeHtml(strings: TemplateStringsArray, ...values: unknown[]): SafeString {
  let out = strings[0] as string;
  for (let i = 0; i < values.length; i++) out += esc(values[i]) + (strings[i + 1] as string);
  return new SafeString(out);
}

/** The text of a value that may be safe markup (`SafeString`, `__html__`) or plain. */
export function textOf(value: unknown): string {
  if (value instanceof SafeString) return value.value;
  return pyStr(value);
}
