/**
 * Django's `django.utils.html`: escaping, safe formatting and light HTML clean-up.
 */
import { stripOnce } from './internal/html-stripper.js';
import { PY_SPACE, str } from './internal/python.js';
import { SafeString, htmlOf } from './safestring.js';
import { normalizeNewlines } from './text.js';
import { formatFields } from './internal/format.js';

// Global, so that after a successful `test()` its lastIndex tells where the first special
// character is; reset before every use.
const HTML_SPECIAL_G = /[&<>"']/g;

/**
 * Escapes `&`, `<`, `>`, `"` and `'` for HTML and marks the result safe (Django's `escape`).
 * It always escapes, even a value already safe: use `conditionalEscape` to avoid double
 * escaping. Text with nothing to escape is not copied.
 *
 * @example
 * ```ts
 * escape(`<a href="x">Tom & 'Jerry'</a>`).value;
 * // '&lt;a href=&quot;x&quot;&gt;Tom &amp; &#x27;Jerry&#x27;&lt;/a&gt;'
 * `<p>${escape(userInput)}</p>`; // a SafeString interpolates as its text
 * ```
 */
export function escape(text: unknown): SafeString {
  return new SafeString(escapeHtml(text));
}

/**
 * The text `escape()` would wrap, as a plain string: for a caller that writes it out at once (a
 * template rendering a value), so no `SafeString` is made per value. Anything else should use
 * `escape`, whose result is never escaped twice.
 *
 * @example
 * ```ts
 * escapeHtml('Tom & <Jerry>'); // 'Tom &amp; &lt;Jerry&gt;'
 * ```
 */
export function escapeHtml(text: unknown): string {
  const s = typeof text === 'string' ? text : str(text);
  // One pass (issue 21: a test, then a replace with a callback per character, cost about 1.6x
  // on text to escape): text with nothing to escape is one scan and is returned as is;
  // otherwise the text is built from where the scan stopped.
  HTML_SPECIAL_G.lastIndex = 0;
  if (!HTML_SPECIAL_G.test(s)) return s;
  return escapeFrom(s, HTML_SPECIAL_G.lastIndex - 1);
}

function escapeFrom(text: string, start: number): string {
  let out = text.slice(0, start);
  let last = start;
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 62) continue;
    let entity: string;
    if (code === 38) entity = '&amp;';
    else if (code === 60) entity = '&lt;';
    else if (code === 62) entity = '&gt;';
    else if (code === 34) entity = '&quot;';
    else if (code === 39) entity = '&#x27;';
    else continue;
    if (i > last) out += text.slice(last, i);
    out += entity;
    last = i + 1;
  }
  return last < text.length ? out + text.slice(last) : out;
}

/**
 * Escapes a value unless it is already safe HTML (Django's `conditional_escape`): a
 * `SafeString` or an object with `__html__()` passes through, anything else is escaped.
 *
 * @example
 * ```ts
 * conditionalEscape('<a>').value; // '&lt;a&gt;'
 * conditionalEscape(markSafe('<a>')).value; // '<a>'
 * ```
 */
export function conditionalEscape(text: unknown): SafeString {
  if (text instanceof SafeString) return text;
  const html = htmlOf(text);
  return html === undefined ? escape(text) : new SafeString(html);
}

/**
 * Python's `str.format` with every argument passed through `conditionalEscape`, the result
 * marked safe (Django's `format_html`): the way to build small HTML fragments. Fields are `{}`,
 * `{0}`, `{name}` (looked up in a last argument that is a plain object, Python's keyword
 * arguments), with `.attr` and `[key]` lookups; `{{` and `}}` are literal braces.
 *
 * @example
 * ```ts
 * formatHtml('<a href="{}">{}</a>', url, markSafe('<b>home</b>'));
 * formatHtml('<li class="{cls}">{name}</li>', { cls: 'x', name: 'Tom & Jerry' });
 * ```
 */
export function formatHtml(formatString: string, ...args: unknown[]): SafeString {
  return new SafeString(
    formatFields(formatString, args, (value) => conditionalEscape(value).value),
  );
}

/**
 * `formatHtml` applied to each item of `argsList` (each an array of arguments), joined with
 * `sep` (escaped unless safe), the result marked safe (Django's `format_html_join`).
 *
 * @example
 * ```ts
 * formatHtmlJoin('\n', '<li>{} {}</li>', users.map((u) => [u.firstName, u.lastName]));
 * ```
 */
export function formatHtmlJoin(
  sep: unknown,
  formatString: string,
  argsList: Iterable<readonly unknown[]>,
): SafeString {
  const parts: string[] = [];
  for (const args of argsList) parts.push(formatHtml(formatString, ...args).value);
  return new SafeString(parts.join(conditionalEscape(sep).value));
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
// eslint-disable-next-line no-control-regex
const JS_UNSAFE = /[\\'"<>&=\-;`\u2028\u2029\x00-\x1f]/g;

function replaceJs(c: string): string {
  return JS_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Escapes a value for use inside a JavaScript string literal: quotes, `<>&=-;`, backslash,
 * backtick, control characters and the line separators become `\uXXXX` (Django's `escapejs`).
 * Not for use outside a quoted string, nor as a substitute for JSON.
 *
 * @example
 * ```ts
 * `<script>var name = '${escapejs(name)}';</script>`;
 * escapejs('</script>').value; // '\\u003C/script\\u003E'
 * ```
 */
export function escapejs(value: unknown): SafeString {
  return new SafeString(str(value).replace(JS_UNSAFE, replaceJs));
}

/**
 * Turns text into HTML paragraphs: blank lines separate `<p>`s, single newlines become `<br>`
 * (Django's `linebreaks`). With `autoescape`, each paragraph is escaped first. The result is
 * a plain string, as in Django; mark it safe once you know its input was.
 *
 * @example
 * ```ts
 * linebreaks('Hi\nthere\n\nBye', { autoescape: true }); // '<p>Hi<br>there</p>\n\n<p>Bye</p>'
 * ```
 */
export function linebreaks(value: unknown, options: { autoescape?: boolean } = {}): string {
  const paras = normalizeNewlines(value).split(/\n{2,}/);
  const escapeIt = options.autoescape ?? false;
  return paras
    .map((p) => `<p>${(escapeIt ? escape(p).value : p).replace(/\n/g, '<br>')}</p>`)
    .join('\n\n');
}

/**
 * Django's limits against crafted input (from its security releases): at most 50 passes, each
 * removing one level of tags nested in other tags' text (`<<b>b>`), and no unclosed tag of
 * 1,000+ characters holding 50 or more `<`, on which the parser would take quadratic time.
 */
const MAX_STRIP_TAGS_DEPTH = 50;
const LONG_OPEN_TAG = /<[a-zA-Z][^>]{1000,}/g;

function count(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) n++;
  return n;
}

/** Input past Django's limits: every `<...>` run and any `<` left go, in one linear pass. */
function stripHostile(text: string): string {
  return text.replace(/<[^>]*>?/g, '');
}

/**
 * Removes HTML tags, comments and declarations, keeping text and entity references as they are
 * (Django's `strip_tags`, with Python's `HTMLParser` rules, so tricky input such as
 * `<sc<!-- -->ript>` strips exactly as in Django). Where Django gives up on crafted input
 * (tags nested 50 deep, huge unclosed tags) with `SuspiciousOperation`, this returns the text
 * with every `<` removed instead. It makes no promise that the result is safe HTML: escape it
 * before output.
 *
 * @example
 * ```ts
 * stripTags('<p>Hello <b>world</b> &amp; all</p>'); // 'Hello world &amp; all'
 * ```
 */
export function stripTags(value: unknown): string {
  let text = str(value);
  for (const m of text.matchAll(LONG_OPEN_TAG)) {
    if (count(m[0], '<') >= MAX_STRIP_TAGS_DEPTH) return stripHostile(text);
  }
  for (let depth = 0; text.includes('<') && text.includes('>'); depth++) {
    if (depth >= MAX_STRIP_TAGS_DEPTH) return stripHostile(text);
    const next = stripOnce(text);
    if (count(text, '<') === count(next, '<')) break;
    text = next;
  }
  return text;
}

/**
 * Removes whitespace between tags (Django's `strip_spaces_between_tags`), the `{% spaceless %}`
 * rule.
 *
 * @example
 * ```ts
 * stripSpacesBetweenTags('<p>a</p>\n  <p>b</p>'); // '<p>a</p><p>b</p>'
 * ```
 */
export function stripSpacesBetweenTags(value: unknown): string {
  return str(value).replace(SPACES_BETWEEN_TAGS, '><');
}

const SPACES_BETWEEN_TAGS = new RegExp(`>[${PY_SPACE}]+<`, 'g');

/**
 * Replaces spaces with non-breaking spaces so a phrase does not wrap (Django's
 * `avoid_wrapping`).
 *
 * @example
 * ```ts
 * avoidWrapping('10 minutes'); // '10\u00a0minutes'
 * ```
 */
export function avoidWrapping(value: string): string {
  return value.replaceAll(' ', '\u00a0');
}
