/** Messages as JSON for Redis; bytes travel as base64 under a tag of their own. */
const BYTES = '__asgi_bytes__';

export function encodeEnvelope(value: unknown): string {
  return JSON.stringify(value, function (this: unknown, _key, item: unknown) {
    if (item instanceof Uint8Array) return { [BYTES]: Buffer.from(item).toString('base64') };
    // JSON.stringify has already turned a Buffer into { type: 'Buffer', data } before we see it.
    if (
      item !== null &&
      typeof item === 'object' &&
      (item as { type?: unknown }).type === 'Buffer' &&
      Array.isArray((item as { data?: unknown }).data)
    ) {
      return { [BYTES]: Buffer.from((item as { data: number[] }).data).toString('base64') };
    }
    return item;
  });
}

export function decodeEnvelope(text: string): unknown {
  return JSON.parse(text, (_key, item: unknown) => {
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
      const tagged = (item as Record<string, unknown>)[BYTES];
      if (typeof tagged === 'string' && Object.keys(item).length === 1) {
        return new Uint8Array(Buffer.from(tagged, 'base64'));
      }
    }
    return item;
  });
}
