/**
 * `json.dumps` with Python's defaults (`", "` and `": "` separators, non-ASCII escaped), so a
 * manifest Stack writes is byte for byte the one Django writes for the same files.
 */
export function pythonJsonDumps(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value).replace(
      /[^\x20-\x7e]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  }
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).map(
    ([k, v]) => `${pythonJsonDumps(k)}: ${pythonJsonDumps(v)}`,
  );
  return `{${entries.join(', ')}}`;
}
