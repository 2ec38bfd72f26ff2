import { BadHeaderError } from './errors.js';

/**
 * Header names already checked, mapped to their lower-cased key. Applications set the same
 * few dozen names on every response, so checking and lower-casing each one once saves the
 * work on the hot path; the bound keeps names built from user input from growing it forever.
 */
const checkedNames = new Map<string, string>();
const MAX_CHECKED_NAMES = 1024;

/** The lower-cased key of a valid name (RFC 9110 visible ASCII, no spaces); `BadHeaderError` otherwise. */
function keyOf(name: string): string {
  const cached = checkedNames.get(name);
  if (cached !== undefined) return cached;
  const length = name.length;
  if (length === 0) throw new BadHeaderError('Invalid header name ""');
  for (let i = 0; i < length; i++) {
    const code = name.charCodeAt(i);
    if (code < 0x21 || code > 0x7e) {
      throw new BadHeaderError(`Invalid header name ${JSON.stringify(name)}`);
    }
  }
  const key = internalized(name.toLowerCase());
  if (checkedNames.size < MAX_CHECKED_NAMES) checkedNames.set(name, key);
  return key;
}

/** Names only read (`get`, `has`, `delete`), mapped to their key: not checked, so kept apart. */
const readNames = new Map<string, string>();

/** The lookup key of a name that is only read (`get`, `has`, `delete`): no check needed. */
function lookupKey(name: string): string {
  const known = checkedNames.get(name) ?? readNames.get(name);
  if (known !== undefined) return known;
  const key = internalized(name.toLowerCase());
  if (readNames.size < MAX_CHECKED_NAMES) readNames.set(name, key);
  return key;
}

/**
 * The one copy V8 keeps of `text` (an internalized string: a property name's). Every key in a
 * header list is one (this file's own keys are literals, which are), so comparing two is
 * comparing addresses: V8 compiles `slots[i] === key` to that alone once it has only seen
 * internalized strings there, instead of a string comparison (type and length checks, and a
 * call when the lengths are equal). A name that is an array index ('123') stays a plain
 * string: the comparison is then the general one, as correct.
 */
function internalized(text: string): string {
  const holder: Record<string, true> = { [text]: true };
  for (const key in holder) return key;
  return text;
}

/**
 * Django's `ResponseHeaders._convert_to_charset`: CR, LF and NUL are refused, latin-1 passes
 * as is, anything wider is MIME-encoded (see `encodedWord`). One pass over the char codes, no allocation for the
 * usual ASCII value.
 */
export function checkValue(value: string | number): string {
  // A number's text is digits, `-`, `.`, `e`, `+`, `Infinity` or `NaN`: nothing to check. (A
  // template, not `String(value)`: TurboFan makes it V8's cached number-to-string conversion.)
  if (typeof value === 'number') return `${value}`;
  const text = typeof value === 'string' ? value : String(value);
  // The usual value is printable ASCII: one tight pass says so, and the full check below runs
  // only for a value with a control character or a non-ASCII one (measured ~30% cheaper for
  // the short constant values middleware sets on every response).
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code > 0x7e) return checkWideOrControl(text);
  }
  return text;
}

/** `checkValue` for a value holding a control or non-ASCII character. */
function checkWideOrControl(text: string): string {
  let wide = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x0e) {
      if (code === 0x0a || code === 0x0d || code === 0) {
        throw new BadHeaderError(
          `Header values can't contain newlines or NUL (got ${JSON.stringify(text)})`,
        );
      }
    } else if (code > 0xff) wide = true;
  }
  return wide ? encodedWord(text) : text;
}

/** Bytes Python's `quoprimime` writes as themselves in a header; ' ' becomes '_'. */
const Q_SAFE = /[-!*+/A-Za-z0-9]/;

/**
 * An RFC 2047 encoded word for a value latin-1 cannot hold, as Python's
 * `email.header.Header(value, 'utf-8').encode()` writes it for Django: the shorter of the
 * Q and B encodings (Q on a tie).
 */
function encodedWord(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  const base64Length = Math.ceil(bytes.length / 3) * 4;
  let q = '';
  for (const byte of bytes) {
    const char = String.fromCharCode(byte);
    q +=
      byte === 0x20
        ? '_'
        : Q_SAFE.test(char)
          ? char
          : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return q.length <= base64Length ? `=?utf-8?q?${q}?=` : `=?utf-8?b?${bytes.toString('base64')}?=`;
}

/**
 * The value of the header whose lower-cased name is `key`. For this package's own lookups of
 * names it spells itself (`content-type`, `content-length`): `get` first finds the key of the
 * name it is given in the name cache, a hash probe (about 60 instructions per lookup, several
 * per response). Not exported from the package.
 */
export let valueOfKey: (headers: ResponseHeaders, key: string) => string | undefined;

/**
 * `headers.set(name, value)` for a `name` this package spells itself, valid and with `key` its
 * lower case, so neither is looked up (see `valueOfKey`), and a value already checked (what
 * `checkValue` returned for it, or a constant of this package known valid): stored as it is,
 * not scanned again.
 */
export let storeWithKey: (
  headers: ResponseHeaders,
  key: string,
  name: string,
  text: string,
) => void;

/**
 * `storeWithKey` for a `key` the caller has just found unset (`valueOfKey` said `undefined`):
 * appended without looking for it again.
 */
export let appendWithKey: (
  headers: ResponseHeaders,
  key: string,
  name: string,
  text: string,
) => void;

/** The lower-cased name of a `CheckedHeader` (its private field; for `ResponseHeaders`). */
let keyOfChecked: (header: CheckedHeader) => string;

/**
 * A header (name and value) checked once, when it is made, with the errors `set` would raise
 * then (`BadHeaderError` for a bad name, or for CR, LF or NUL in the value; a value latin-1
 * cannot hold becomes its RFC 2047 encoded word, as `set` writes it). For headers middleware
 * adds with the same value to every response: `setdefaultChecked`/`setChecked` then store it
 * without checking it again or looking its name up in the name cache (about 0.15k instructions
 * per header per response). Its fields are private, so it cannot be changed after the check.
 *
 * @example
 * ```ts
 * const nosniff = new CheckedHeader('X-Content-Type-Options', 'nosniff'); // checked here
 * response.headers.setdefaultChecked(nosniff); // as setdefault('X-Content-Type-Options', 'nosniff')
 * ```
 */
export class CheckedHeader {
  readonly #key: string;
  readonly #name: string;
  readonly #value: string;

  constructor(name: string, value: string | number) {
    // The name first, then the value: the order `set` checks them in.
    this.#key = keyOf(name);
    this.#value = checkValue(value);
    this.#name = name;
  }

  /** The name, spelt as given. */
  get name(): string {
    return this.#name;
  }

  /** The value as it is sent (a number as text, a wide value MIME-encoded). */
  get value(): string {
    return this.#value;
  }

  static {
    keyOfChecked = (header) => header.#key;
  }
}

/**
 * The headers of a response: case-insensitive, keeping the spelling they were last set with
 * (as Django), refusing CR, LF and NUL in names and values (`BadHeaderError`).
 *
 * @example
 * ```ts
 * response.headers.set('Cache-Control', 'no-cache');
 * response.headers.get('cache-control'); // 'no-cache'
 * ```
 */
export class ResponseHeaders implements Iterable<[string, string]> {
  /**
   * `key, name, value` triples (lower-cased name, name as set, value) in the order first set.
   * A response has a handful of headers, so a scan of one flat array beats hashing into a
   * `Map` and allocates nothing per header; keys come from the name cache, so they usually
   * compare by identity.
   */
  #slots: string[] = [];

  constructor(init?: Iterable<readonly [string, string]> | Record<string, string>) {
    // The loop in its own method: the usual response starts without headers, and a small
    // constructor is inlined into the response's (see `HttpResponseBase`).
    if (init) this.#setAll(init);
  }

  #setAll(init: Iterable<readonly [string, string]> | Record<string, string>): void {
    const entries = Symbol.iterator in init ? init : Object.entries(init);
    for (const [name, value] of entries as Iterable<readonly [string, string]>)
      this.set(name, value);
  }

  static {
    valueOfKey = (headers, key) => headers.#valueOf(key);
    storeWithKey = (headers, key, name, text) => headers.#store(key, name, text);
    appendWithKey = (headers, key, name, text) => void headers.#slots.push(key, name, text);
  }

  #find(key: string): number {
    const slots = this.#slots;
    for (let i = 0; i < slots.length; i += 3) if (slots[i] === key) return i;
    return -1;
  }

  #valueOf(key: string): string | undefined {
    const at = this.#find(key);
    return at === -1 ? undefined : this.#slots[at + 2];
  }

  #store(key: string, name: string, text: string): void {
    const at = this.#find(key);
    if (at === -1) this.#slots.push(key, name, text);
    else {
      this.#slots[at + 1] = name;
      this.#slots[at + 2] = text;
    }
  }

  /** The value of `name`, or `undefined`. */
  get(name: string): string | undefined {
    return this.#valueOf(lookupKey(name));
  }

  /** Set `name` to `value`, replacing any value it had. */
  set(name: string, value: string | number): this {
    const key = keyOf(name);
    this.#store(key, name, checkValue(value));
    return this;
  }

  /** Set `name` only when it is not set yet (Django's `setdefault`); returns the value it has. */
  setdefault(name: string, value: string | number): string {
    const key = keyOf(name);
    const at = this.#find(key);
    if (at !== -1) return this.#slots[at + 2]!;
    const text = checkValue(value);
    this.#slots.push(key, name, text);
    return text;
  }

  /**
   * `setdefault(header.name, header.value)` for a header checked when it was made: the same
   * result (the value it has; a header already set, whatever its case, is left as it is), but
   * no name-cache probe and no scan of the value.
   */
  setdefaultChecked(header: CheckedHeader): string {
    const key = keyOfChecked(header);
    const at = this.#find(key);
    if (at !== -1) return this.#slots[at + 2]!;
    const text = header.value;
    this.#slots.push(key, header.name, text);
    return text;
  }

  /** `set(header.name, header.value)` for a header checked when it was made (see `setdefaultChecked`). */
  setChecked(header: CheckedHeader): this {
    this.#store(keyOfChecked(header), header.name, header.value);
    return this;
  }

  /** Whether `name` is set. */
  has(name: string): boolean {
    return this.#find(lookupKey(name)) !== -1;
  }

  /** Remove `name`; removing a missing header is not an error (as in Django). */
  delete(name: string): boolean {
    const at = this.#find(lookupKey(name));
    if (at === -1) return false;
    this.#slots.splice(at, 3);
    return true;
  }

  /** The number of headers. */
  get size(): number {
    return this.#slots.length / 3;
  }

  /** `[name, value]` pairs in the order they were first set. */
  *[Symbol.iterator](): IterableIterator<[string, string]> {
    const slots = this.#slots;
    for (let i = 0; i < slots.length; i += 3) yield [slots[i + 1]!, slots[i + 2]!];
  }

  /** The same pairs as the iterator, as an array (fresh pairs: changing them changes nothing here). */
  items(): [string, string][] {
    const slots = this.#slots;
    // Made at its final size: an empty array grown by `push` is allocated twice.
    const list = new Array<[string, string]>(slots.length / 3);
    for (let i = 0; i < slots.length; i += 3) list[i / 3] = [slots[i + 1]!, slots[i + 2]!];
    return list;
  }
}
