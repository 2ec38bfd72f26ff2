/** Python's `str()` of a value, for the common JavaScript types. */
function pyStr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  return String(value);
}

/**
 * Python's `template % mapping` for `%(name)s`, `%(name)d` / `%(name)i` and `%%`, what
 * Django's `success_message` strings use. A missing key or another conversion is an error, as
 * in Python.
 */
export function percentFormat(template: string, values: Readonly<Record<string, unknown>>): string {
  return template.replace(
    /%(?:\(([^)]*)\)([sdi])|%|(.?))/g,
    (match, key?: string, kind?: string, other?: string) => {
      if (match === '%%') return '%';
      if (key === undefined || other !== undefined) {
        throw new TypeError(
          `Unsupported format ${JSON.stringify(match)} in ${JSON.stringify(template)}: use %(name)s.`,
        );
      }
      if (!Object.hasOwn(values, key))
        throw new TypeError(`No value for %(${key})s in the message.`);
      const value = values[key];
      if (kind === 's') return pyStr(value);
      const number = Number(value);
      if (!Number.isFinite(number))
        throw new TypeError(`%(${key})d format: a number is required, not ${pyStr(value)}`);
      return String(Math.trunc(number));
    },
  );
}
