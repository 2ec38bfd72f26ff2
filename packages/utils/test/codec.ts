/**
 * The harvest's JSON encoding of Python values (see conformance/harvest/utils.py), both ways:
 * `decode` rebuilds an argument as a JavaScript caller would pass it, `encode` writes a Stack
 * result the way the harvest wrote Django's.
 */
import { SafeString, htmlOf } from '../src/index.js';

/** A response for the cache helpers: case-insensitive headers, as Django's. */
export class FakeResponse {
  readonly headers = new Map<string, [string, string]>();
  constructor(pairs: [string, string][] = []) {
    for (const [k, v] of pairs) this.set(k, v);
  }
  get(name: string): string | undefined {
    return this.headers.get(name.toLowerCase())?.[1];
  }
  set(name: string, value: string): void {
    this.headers.set(name.toLowerCase(), [name, value]);
  }
  pairs(): [string, string][] {
    return [...this.headers.values()].map(([k, v]) => [k.toLowerCase(), v]);
  }
}

/** Rebuilds a harvested value as the JavaScript value a caller would pass. */
export function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (value === null || typeof value !== 'object') return value;
  const v = value as Record<string, unknown>;
  if ('$rle' in v) return (v.$rle as [string, number][]).map(([s, n]) => s.repeat(n)).join('');
  if ('$safe' in v) return new SafeString(decode(v.$safe) as string);
  if ('$bytes' in v) return Buffer.from(v.$bytes as string, 'hex');
  if ('$tuple' in v) return (v.$tuple as unknown[]).map(decode);
  if ('$set' in v) return new Set((v.$set as unknown[]).map(decode));
  if ('$dict' in v)
    return new Map((v.$dict as [unknown, unknown][]).map(([k, x]) => [decode(k), decode(x)]));
  if ('$multi' in v) {
    const lists = (v.$multi as [unknown, unknown[]][]).map(([k, xs]) => [
      decode(k),
      xs.map(decode),
    ]);
    return { lists: () => lists };
  }
  if ('$html' in v) {
    const text = decode(v.$html) as string;
    const html = decode(v.__html__);
    return { toString: () => text, __html__: () => String(html) };
  }
  if ('$response' in v)
    return new FakeResponse((v.$response as { headers: [string, string][] }).headers);
  if ('$datetime' in v) return new Date(`${v.$datetime as string}Z`);
  throw new Error(`Cannot decode ${JSON.stringify(value)}`);
}

/** Encodes a result the way the harvest encodes Django's. */
export function encode(value: unknown): unknown {
  if (value instanceof SafeString) return { $safe: value.value };
  const html = htmlOf(value);
  if (html !== undefined) return { $html: String(value), __html__: html };
  if (Buffer.isBuffer(value)) return { $bytes: value.toString('hex') };
  return value;
}
