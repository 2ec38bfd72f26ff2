import { GET_ITEM } from './internal/get-item.js';

/** Header name → META key, for the names an application asks for (bounded). */
const metaKeys = new Map<string, string>();

/**
 * The request headers read from META (Django's `HttpHeaders`): case-insensitive, `-` and `_`
 * alike, named in title case (`User-Agent`) when listed.
 *
 * @example
 * ```ts
 * request.headers.get('user-agent'); // META.HTTP_USER_AGENT
 * request.headers.get('Content-Type'); // META.CONTENT_TYPE
 * ```
 */
export class HttpHeaders implements Iterable<[string, string]> {
  readonly #meta: Record<string, unknown>;

  constructor(meta: Record<string, unknown>) {
    this.#meta = meta;
  }

  /** The META key of a header name (`User-Agent` → `HTTP_USER_AGENT`). */
  static metaKey(name: string): string {
    let key = metaKeys.get(name);
    if (key === undefined) {
      const upper = name.toUpperCase().replace(/-/g, '_');
      key = upper === 'CONTENT_TYPE' || upper === 'CONTENT_LENGTH' ? upper : 'HTTP_' + upper;
      if (metaKeys.size < 1024) metaKeys.set(name, key);
    }
    return key;
  }

  /** The header name of a META key, or `undefined` if it is not a header. */
  static headerName(metaKey: string): string | undefined {
    let key: string;
    if (metaKey.startsWith('HTTP_')) key = metaKey.slice(5);
    else if (metaKey === 'CONTENT_TYPE' || metaKey === 'CONTENT_LENGTH') key = metaKey;
    else return undefined;
    return key
      .toLowerCase()
      .split('_')
      .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
      .join('-');
  }

  /** The value of a header, or `undefined`. */
  get(name: string): string | undefined;
  get(name: string, defaultValue: string): string;
  get(name: string, defaultValue?: string): string | undefined {
    const key = HttpHeaders.metaKey(name);
    const value = Object.hasOwn(this.#meta, key) ? this.#meta[key] : undefined;
    return typeof value === 'string' ? value : defaultValue;
  }

  /** A header as templates see it: `{{ request.headers.user_agent }}`, as in Django. */
  [GET_ITEM](name: string): string | undefined {
    return this.get(name);
  }

  /** Whether a header is present. */
  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** `[Title-Case-Name, value]` pairs. */
  *[Symbol.iterator](): IterableIterator<[string, string]> {
    for (const key of Object.keys(this.#meta)) {
      const name = HttpHeaders.headerName(key);
      const value = this.#meta[key];
      if (name !== undefined && typeof value === 'string') yield [name, value];
    }
  }

  /** The header names. */
  *keys(): IterableIterator<string> {
    for (const [name] of this) yield name;
  }

  /** The pairs as an array. */
  items(): [string, string][] {
    return [...this];
  }
}
