import { Buffer } from 'node:buffer';
import { ProtocolError } from '../errors.js';
import type { Body, Chunk } from '../types.js';

const encoder = new TextEncoder();

/** A chunk as bytes; strings are UTF-8. */
export function toBytes(chunk: Chunk): Uint8Array {
  if (typeof chunk === 'string') return encoder.encode(chunk);
  if (chunk instanceof Uint8Array) return chunk;
  throw invalidChunk(chunk);
}

// `Buffer` is imported rather than read from the global object: there it is an accessor (a
// getter call per use, about 0.18k instructions per response in callgrind).

/** The byte length of a chunk, validating its type. */
export function byteLengthOf(chunk: Chunk): number {
  if (typeof chunk === 'string') return Buffer.byteLength(chunk);
  if (chunk instanceof Uint8Array) return chunk.byteLength;
  throw invalidChunk(chunk);
}

/** Whether a chunk has no bytes, validating its type as `byteLengthOf` does. */
export function isEmptyChunk(chunk: Chunk): boolean {
  if (typeof chunk === 'string') return chunk.length === 0;
  if (chunk instanceof Uint8Array) return chunk.byteLength === 0;
  throw invalidChunk(chunk);
}

function invalidChunk(chunk: unknown): ProtocolError {
  const kind = chunk === null ? 'null' : typeof chunk;
  return new ProtocolError(`A response body chunk must be a Uint8Array or a string, got ${kind}`);
}

/** An async iterator over any body, sync or async. */
export function iterate(body: Body): AsyncIterator<Chunk> {
  if (body === null || typeof body !== 'object') {
    throw new ProtocolError('An application must return an iterable body (e.g. an array)');
  }
  if (Symbol.asyncIterator in body) return body[Symbol.asyncIterator]();
  if (Symbol.iterator in body) return syncToAsync(body[Symbol.iterator]());
  throw new ProtocolError('An application must return an iterable body (e.g. an array)');
}

function syncToAsync(iterator: Iterator<Chunk>): AsyncIterator<Chunk> {
  return {
    next: () => Promise.resolve(iterator.next()),
    return: (value?: unknown) =>
      Promise.resolve(iterator.return ? iterator.return(value) : { done: true, value }),
  } as AsyncIterator<Chunk>;
}

/** Closes an iterator early (the client left), so a generator's `finally` runs. */
export function closeIterator(iterator: AsyncIterator<Chunk>): void {
  if (typeof iterator.return !== 'function') return;
  try {
    Promise.resolve(iterator.return()).catch(() => {});
  } catch {
    // A throwing return() must not turn a client disconnect into a crash.
  }
}
