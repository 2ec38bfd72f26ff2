/**
 * Python's `str.format` field syntax, for `formatHtml`: `{}`, `{0}`, `{name}`, with `.attr` and
 * `[key]` lookups and `{{`/`}}` escapes. Conversions other than `!s` and format specs are
 * refused with a clear error rather than half supported.
 */

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function lookup(target: unknown, key: string, field: string, own = false): unknown {
  const missing =
    target === null ||
    target === undefined ||
    UNSAFE_KEYS.has(key) ||
    (own ? !Object.hasOwn(target as object, key) : !(key in Object(target)));
  if (missing) {
    throw new RangeError(`No value for '${key}' in format field {${field}}`);
  }
  return (target as Record<string, unknown>)[key];
}

/** Resolves one field name (`0`, `name`, `0.attr`, `x[key]`) against the arguments. */
function resolve(field: string, args: readonly unknown[], auto: { next: number; mode: string }) {
  const head = /^[^.[]*/.exec(field)![0];
  let value: unknown;
  if (head === '' || /^\d+$/.test(head)) {
    const mode = head === '' ? 'auto' : 'manual';
    if (auto.mode && auto.mode !== mode) {
      throw new RangeError(
        'cannot switch between automatic field numbering and manual field specification',
      );
    }
    auto.mode = mode;
    const index = head === '' ? auto.next++ : Number(head);
    if (index >= args.length) {
      throw new RangeError(`Replacement index ${index} out of range for positional args`);
    }
    value = args[index];
  } else {
    const kwargs = args[args.length - 1];
    if (!isPlainObject(kwargs)) throw new RangeError(`No keyword argument '${head}'`);
    value = lookup(kwargs, head, field, true);
  }
  const rest = field.slice(head.length);
  const part = /\.([^.[]+)|\[([^\]]+)\]/y;
  for (let i = 0; i < rest.length;) {
    part.lastIndex = i;
    const m = part.exec(rest);
    if (!m) throw new RangeError(`Malformed format field {${field}}`);
    const key = m[1] ?? m[2]!;
    value = lookup(value, key, field);
    i = part.lastIndex;
  }
  return value;
}

/** Formats `template`, passing each field's value through `render`. */
export function formatFields(
  template: string,
  args: readonly unknown[],
  render: (value: unknown) => string,
): string {
  let out = '';
  const auto = { next: 0, mode: '' };
  for (let i = 0; i < template.length;) {
    const open = template.indexOf('{', i);
    const close = template.indexOf('}', i);
    if (close !== -1 && (open === -1 || close < open)) {
      if (template[close + 1] !== '}')
        throw new RangeError("Single '}' encountered in format string");
      out += template.slice(i, close + 1);
      i = close + 2;
      continue;
    }
    if (open === -1) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, open);
    if (template[open + 1] === '{') {
      out += '{';
      i = open + 2;
      continue;
    }
    const end = template.indexOf('}', open);
    if (end === -1) throw new RangeError("Single '{' encountered in format string");
    const inner = template.slice(open + 1, end);
    const [, field = '', conversion, spec] = /^([^!:]*)(?:!([^:]*))?(?::(.*))?$/s.exec(inner)!;
    if ((conversion !== undefined && conversion !== 's') || spec) {
      throw new RangeError(`Format conversions and specs are not supported: {${inner}}`);
    }
    out += render(resolve(field, args, auto));
    i = end + 1;
  }
  return out;
}
