/** The header names of a `Vary` value (Django splits it on commas with any spaces around). */
export function parseVary(value: string | null | undefined): string[] {
  if (value === null || value === undefined) return [];
  return value.split(/\s*,\s*/);
}
