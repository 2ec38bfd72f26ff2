import { SafeString } from '@stack/utils';
import { ExpressionError, FilterExpression, type Operand } from './expression.js';
import type { FilterSpec } from './filter-spec.js';
import { MISSING, compileStep, internalize } from './lookup.js';

const STRING_RE = /^(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/;
const I18N_RE = /^_\((?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\)/;
const NUMBER_RE = /^[-+.]?\d[\d.e]*/;
const VAR_RE = /^[\w.]+/;
const NAME_RE = /^\w+/;
const BLOCKED_NAMES = new Set(['constructor', 'prototype', '__proto__']);
const LITERALS: Record<string, unknown> = { True: true, False: false, None: null };

// Django's `unescape_string_literal`: only the quote and the backslash are escapes.
function unescapeLiteral(quoted: string): string {
  const quote = quoted.charAt(0);
  return quoted.slice(1, -1).split(`\\${quote}`).join(quote).split('\\\\').join('\\');
}

/** Builds an operand from one token of Django's variable syntax. */
export function parseOperand(text: string): Operand {
  if (/^["']/.test(text)) {
    if (!STRING_RE.test(text) || STRING_RE.exec(text)?.[0] !== text) {
      throw new ExpressionError(`Could not parse the remainder: '${text}'`);
    }
    return literal(new SafeString(unescapeLiteral(text)), text);
  }
  if (text.startsWith('_(') && text.endsWith(')')) {
    return literal(new SafeString(unescapeLiteral(text.slice(2, -1))), text);
  }
  if (/^[-+.]?\d/.test(text)) {
    const number = Number(text);
    // As Django: what is not a number (`1.2.3`, and `2.` which Django refuses as a float) is a
    // lookup path.
    if (!Number.isNaN(number) && !text.endsWith('.')) return literal(number, text);
  }
  if (Object.hasOwn(LITERALS, text)) return literal(LITERALS[text], text);
  if (!/^[\w.]+$/.test(text)) {
    throw new ExpressionError(`Could not parse the remainder: '${text}'`);
  }
  const [name, ...path] = text.split('.');
  for (const part of [name as string, ...path]) {
    if (part.startsWith('_')) {
      throw new ExpressionError(
        `Variables and attributes may not begin with underscores: '${text}'`,
      );
    }
  }
  // Prototype machinery is never reachable, and an empty step (`a.`, `a..b`, `.a`) finds
  // nothing in Django: such a lookup always fails, as a missing one.
  if ([name as string, ...path].some((part) => part === '' || BLOCKED_NAMES.has(part))) {
    return { literal: true, value: MISSING, name: '', path: [], steps: [], source: text };
  }
  return {
    literal: false,
    value: undefined,
    name: internalize(name as string),
    path,
    steps: path.map(compileStep),
    source: text,
  };
}

function literal(value: unknown, source: string): Operand {
  return { literal: true, value, name: '', path: [], steps: [], source };
}

function readOperand(rest: string): [string, number] {
  const m = STRING_RE.exec(rest) ?? I18N_RE.exec(rest) ?? NUMBER_RE.exec(rest) ?? VAR_RE.exec(rest);
  if (!m) return ['', 0];
  return [m[0], m[0].length];
}

/**
 * Parses Django's `var|filter:arg|filter` syntax into a compiled FilterExpression; filters are
 * looked up by `findFilter` (the builtins plus any `{% load %}`ed library).
 */
export function parseFilterExpression(
  source: string,
  findFilter: (name: string) => FilterSpec | undefined,
): FilterExpression {
  const text = source.trim();
  const [headText, headLength] = readOperand(text);
  if (!headLength)
    throw new ExpressionError(`Could not parse the remainder: '${text}' from '${text}'`);
  const head = parseOperand(headText);
  const filters: { spec: FilterSpec; arg: Operand | undefined }[] = [];
  let pos = headLength;
  while (pos < text.length) {
    const rest = text.slice(pos);
    const pipe = /^\s*\|\s*/.exec(rest);
    if (!pipe) throw new ExpressionError(`Could not parse the remainder: '${rest}' from '${text}'`);
    pos += pipe[0].length;
    const name = NAME_RE.exec(text.slice(pos))?.[0];
    if (!name) {
      throw new ExpressionError(
        `Could not parse the remainder: '${text.slice(pos - 1)}' from '${text}'`,
      );
    }
    pos += name.length;
    const spec = findFilter(name);
    if (!spec) throw new ExpressionError(`Invalid filter: '${name}'`);
    let arg: Operand | undefined;
    if (text[pos] === ':') {
      const [argText, argLength] = readOperand(text.slice(pos + 1));
      if (!argLength) {
        throw new ExpressionError(
          `Could not parse the remainder: '${text.slice(pos)}' from '${text}'`,
        );
      }
      arg = parseOperand(argText);
      pos += 1 + argLength;
    }
    if (spec.arg === 'required' && !arg) {
      throw new ExpressionError(`${name} requires 2 arguments, 1 provided`);
    }
    if (spec.arg === 'none' && arg)
      throw new ExpressionError(`${name} requires 1 arguments, 2 provided`);
    filters.push({ spec, arg });
  }
  return new FilterExpression(text, head, filters);
}

const SMART_SPLIT_RE = /(?:[^\s'"]*(?:(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')[^\s'"]*)+)|\S+/g;

/** Django's `smart_split`: whitespace-separated bits, quoted strings kept whole. */
export function smartSplit(text: string): string[] {
  return text.match(SMART_SPLIT_RE) ?? [];
}
