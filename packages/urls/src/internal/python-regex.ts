import { ImproperlyConfigured } from '../errors.js';

/** A Python (or JavaScript) regular expression, translated to a JavaScript source and flags. */
export interface TranslatedRegex {
  source: string;
  flags: string;
  /** The source with JavaScript's ASCII `\w`/`\d`, for a pattern the `u` flag refuses. */
  ascii?: string;
}

/** Python's Unicode `\w` and `\d` (str patterns), in a class and on their own. */
const UNICODE_IN_CLASS: Record<string, string> = { w: '\\p{L}\\p{N}_', d: '\\p{Nd}' };
const UNICODE_ALONE: Record<string, string> = {
  w: '[\\p{L}\\p{N}_]',
  W: '[^\\p{L}\\p{N}_]',
  d: '\\p{Nd}',
  D: '\\P{Nd}',
};

/**
 * Translates the Python `re` syntax Django urlconfs use into JavaScript: `(?P<name>…)` and
 * `(?P=name)`, `\A`/`\Z`, a leading `(?i)`-style flag group, `.` which in Python excludes
 * only `\n` (JavaScript also excludes `\r`, U+2028 and U+2029), and `\w`/`\d`, which match any
 * Unicode letter, number or digit in Python (ASCII only in JavaScript). JavaScript syntax passes
 * through.
 */
export function translatePythonRegex(pattern: string): TranslatedRegex {
  const unicode = translate(pattern, true);
  const ascii = translate(pattern, false);
  return unicode.source === ascii.source ? unicode : { ...unicode, ascii: ascii.source };
}

function translate(pattern: string, unicode: boolean): TranslatedRegex {
  let flags = '';
  let source = pattern;
  const inline = /^\(\?([aiLmsux]+)\)/.exec(source);
  if (inline) {
    const letters = inline[1]!;
    if (letters.includes('x') || letters.includes('L')) {
      throw new ImproperlyConfigured(
        `Regex flags (?${letters}) in ${JSON.stringify(pattern)} are not supported.`,
      );
    }
    for (const f of 'ims') if (letters.includes(f)) flags += f;
    source = source.slice(inline[0].length);
  }
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (!inClass && next === 'Z') out += '$';
      else if (!inClass && next === 'A') out += '^';
      else if (unicode && inClass && UNICODE_IN_CLASS[next]) out += UNICODE_IN_CLASS[next];
      else if (unicode && !inClass && UNICODE_ALONE[next]) out += UNICODE_ALONE[next];
      else out += c + next;
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (source[i + 1] === '^') out += source[++i];
      if (source[i + 1] === ']') out += '\\' + source[++i];
      continue;
    }
    if (c === '.' && !flags.includes('s')) {
      out += '[^\\n]';
      continue;
    }
    if (source.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
      continue;
    }
    if (source.startsWith('(?P=', i)) {
      const close = source.indexOf(')', i);
      out += `\\k<${source.slice(i + 4, close)}>`;
      i = close;
      continue;
    }
    out += c;
  }
  return { source: out, flags };
}

/**
 * Compiles a translated regex, with the `u` flag when the source allows it (else with the
 * ASCII `\w`/`\d` JavaScript has without it).
 */
export function compileRegex(t: TranslatedRegex, original: string): RegExp {
  try {
    return new RegExp(t.source, t.flags + 'u');
  } catch {
    try {
      return new RegExp(t.ascii ?? t.source, t.flags);
    } catch (err) {
      throw new ImproperlyConfigured(
        `Your URL pattern ${JSON.stringify(original)} is not a valid regular expression: ${(err as Error).message}`,
      );
    }
  }
}

/** Escapes text for a literal match inside a regex. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
