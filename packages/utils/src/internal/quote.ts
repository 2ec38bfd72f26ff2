/**
 * Python's `urllib.parse.quote` family, which Django's URL helpers are built on: percent-encode
 * the UTF-8 bytes of everything but the unreserved characters and the given `safe` ones.
 */
const ALWAYS_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~';
const HEX = '0123456789ABCDEF';
const tables = new Map<string, Uint8Array>();

function safeTable(safe: string): Uint8Array {
  let table = tables.get(safe);
  if (!table) {
    table = new Uint8Array(128);
    for (const ch of ALWAYS_SAFE + safe) {
      const code = ch.charCodeAt(0);
      if (code < 128) table[code] = 1;
    }
    if (tables.size < 64) tables.set(safe, table);
  }
  return table;
}

/** Python's `quote(text, safe)`: text as UTF-8, or bytes as they are. */
export function quote(text: string | Uint8Array, safe = '/'): string {
  const table = safeTable(safe);
  if (typeof text === 'string') {
    let i = 0;
    while (i < text.length) {
      const code = text.charCodeAt(i);
      if (code >= 128 || table[code] !== 1) break;
      i++;
    }
    if (i === text.length) return text;
  }
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  let out = '';
  for (const byte of bytes) {
    out +=
      byte < 128 && table[byte] === 1
        ? String.fromCharCode(byte)
        : `%${HEX[byte >> 4]}${HEX[byte & 15]}`;
  }
  return out;
}

/** Python's `quote_plus(text, safe)`: as `quote`, with spaces as `+`. */
export function quotePlus(text: string | Uint8Array, safe = ''): string {
  if (typeof text === 'string' && !text.includes(' ')) return quote(text, safe);
  return quote(text, `${safe} `).replaceAll(' ', '+');
}

const HEX_PAIR = /^[0-9A-Fa-f]{2}/;

/** Python's `unquote_to_bytes`: `%XX` to a byte, a `%` not followed by two hex digits kept. */
function unquoteToBytes(ascii: string): Buffer {
  const bits = ascii.split('%');
  const bytes: number[] = [];
  const push = (text: string) => {
    for (let i = 0; i < text.length; i++) bytes.push(text.charCodeAt(i));
  };
  push(bits[0]!);
  for (const bit of bits.slice(1)) {
    if (HEX_PAIR.test(bit)) {
      bytes.push(parseInt(bit.slice(0, 2), 16));
      push(bit.slice(2));
    } else push(`%${bit}`);
  }
  return Buffer.from(bytes);
}

// eslint-disable-next-line no-control-regex
const ASCII_RUNS = /([\x00-\x7f]+)/;

/**
 * Python's `unquote`: `%XX` sequences decoded as UTF-8 (malformed bytes become U+FFFD),
 * characters outside ASCII left as they are.
 */
export function unquote(text: string): string {
  if (!text.includes('%')) return text;
  const bits = text.split(ASCII_RUNS);
  let out = bits[0]!;
  for (let i = 1; i < bits.length; i += 2) {
    out += unquoteToBytes(bits[i]!).toString('utf8') + bits[i + 1]!;
  }
  return out;
}

/** Python's `unquote_plus`: `+` as a space, then `unquote`. */
export function unquotePlus(text: string): string {
  return unquote(text.replaceAll('+', ' '));
}
