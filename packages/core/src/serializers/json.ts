/**
 * JSON text as Python's `json.dumps` writes it, so a dump is byte-for-byte what Django's
 * `dumpdata` writes: `", "` and `": "` between items without an indent, `","` with one.
 */
export function pythonJson(value: unknown, indent?: number, level = 0): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return pythonNumber(value);
  if (typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (value instanceof PythonFloat) return value.toString();
  const pad = indent === undefined ? '' : '\n' + ' '.repeat(indent * (level + 1));
  const end = indent === undefined ? '' : '\n' + ' '.repeat(indent * level);
  const comma = indent === undefined ? ', ' : ',';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v) => pad + pythonJson(v, indent, level + 1));
    return `[${items.join(comma)}${end}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  const items = entries.map(
    ([k, v]) => `${pad}${JSON.stringify(k)}: ${pythonJson(v, indent, level + 1)}`,
  );
  return `{${items.join(comma)}${end}}`;
}

function pythonNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return String(value);
}

/** A float written as Python writes one: `1.0`, not `1`. */
export class PythonFloat {
  constructor(readonly value: number) {}
  toString(): string {
    const text = pythonNumber(this.value);
    return Number.isInteger(this.value) && !/e/i.test(text) ? `${text}.0` : text;
  }
  toJSON(): number {
    return this.value;
  }
}
