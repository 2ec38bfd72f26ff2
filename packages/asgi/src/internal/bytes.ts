import { AsgiProtocolError } from '../errors.js';
import type { AsgiHeader } from '../types.js';

/** Bytes as text, one character per byte (HTTP header encoding). */
export function latin1Text(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

export const EMPTY_BYTES = new Uint8Array(0);

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** A header value may hold tabs and visible characters, never CR, LF, NUL or DEL. */
function unsafeValue(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return true;
  }
  return false;
}

/**
 * An application's response headers as `[name, value]` strings. A header name that is not a
 * token, or a value with a control character (CR/LF: header injection), is a protocol error.
 */
export function responseHeaders(headers: Iterable<AsgiHeader> | undefined): [string, string][] {
  const out: [string, string][] = [];
  if (headers === undefined) return out;
  for (const pair of headers) {
    if (
      !Array.isArray(pair) ||
      !(pair[0] instanceof Uint8Array) ||
      !(pair[1] instanceof Uint8Array)
    ) {
      throw new AsgiProtocolError('Each header must be a [name, value] pair of Uint8Arrays');
    }
    const name = latin1Text(pair[0]);
    const value = latin1Text(pair[1]);
    if (!TOKEN.test(name))
      throw new AsgiProtocolError(`Invalid header name ${JSON.stringify(name)}`);
    if (unsafeValue(value)) {
      throw new AsgiProtocolError(`Invalid value for header ${JSON.stringify(name)}`);
    }
    out.push([name, value]);
  }
  return out;
}

/** `[name, value]` text pairs as ASGI byte pairs. */
export function asgiHeaders(headers: Iterable<readonly [string, string]>): AsgiHeader[] {
  const out: AsgiHeader[] = [];
  for (const [name, value] of headers) {
    out.push([Buffer.from(name.toLowerCase(), 'latin1'), Buffer.from(value, 'latin1')]);
  }
  return out;
}
