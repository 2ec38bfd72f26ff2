import { HttpError, RequestDataTooBig, UnreadablePostError } from '../errors.js';

/** The environ's `wsgi.input` as an async iterable, or nothing. */
export type BodyInput = AsyncIterable<Uint8Array> | Iterable<Uint8Array> | undefined;

const TOO_BIG = 'Request body exceeded settings.dataUploadMaxMemorySize.';

/** The declared `CONTENT_LENGTH`, or `undefined` when absent or not a non-negative integer. */
export function declaredLength(value: unknown): number | undefined {
  if (typeof value === 'number')
    return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string' || !/^\d+$/.test(value.trim())) return undefined;
  const length = Number(value.trim());
  return Number.isSafeInteger(length) ? length : undefined;
}

/** Whether the environ says there is no body: no `Content-Length` above 0, no `Transfer-Encoding`. */
export function hasNoBody(meta: Record<string, unknown>): boolean {
  const length = declaredLength(meta.CONTENT_LENGTH);
  return (length === undefined || length === 0) && typeof meta.HTTP_TRANSFER_ENCODING !== 'string';
}

/**
 * Read the whole body, refusing more than `limit` bytes: at once when the declared length
 * says so, else as soon as the bytes received pass it.
 */
export async function readBody(
  input: BodyInput,
  declared: number | undefined,
  limit: number | null,
): Promise<Buffer> {
  if (limit !== null && declared !== undefined && declared > limit)
    throw new RequestDataTooBig(TOO_BIG);
  if (!input || declared === 0) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of input) {
      total += chunk.length;
      if (limit !== null && total > limit) throw new RequestDataTooBig(TOO_BIG);
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof HttpError) throw error;
    // The server's input failed under us: the client disconnected (`aborted`, ECONNRESET).
    const reason = error instanceof Error ? error.message : String(error);
    throw new UnreadablePostError(
      `The client disconnected before sending the whole request body (${reason}).`,
      { cause: error },
    );
  }
  return chunks.length === 1 ? Buffer.from(chunks[0]!) : Buffer.concat(chunks, total);
}
