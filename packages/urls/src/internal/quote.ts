/** The sub-delimiters of RFC 3986 plus the `pchar` extras Django leaves unquoted in a path. */
export const PATH_SAFE = "!$&'()*+,;=" + '/~:@';

/** Python's `repr` for the simple values that appear in `NoReverseMatch` messages. */
export function pyRepr(value: unknown): string {
  if (typeof value === 'string') {
    const quoteChar = value.includes("'") && !value.includes('"') ? '"' : "'";
    const body = value
      .replace(/\\/g, '\\\\')
      .replace(quoteChar === "'" ? /'/g : /"/g, `\\${quoteChar}`);
    return quoteChar + body + quoteChar;
  }
  if (Array.isArray(value)) {
    return `[${value.map(pyRepr).join(', ')}]`;
  }
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'object') {
    const entries = Object.keys(value).map(
      (k) => `${pyRepr(k)}: ${pyRepr((value as Record<string, unknown>)[k])}`,
    );
    return `{${entries.join(', ')}}`;
  }
  return String(value);
}

/** Python's `repr` of a tuple. */
export function pyTuple(values: readonly unknown[]): string {
  return values.length === 1 ? `(${pyRepr(values[0])},)` : `(${values.map(pyRepr).join(', ')})`;
}
