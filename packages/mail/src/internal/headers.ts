import { isIPv4, isIPv6 } from 'node:net';
import { domainToASCII } from 'node:url';
import { BadHeaderError, InvalidAddressError } from '../errors.js';

/** RFC 5322 field names: printable ASCII but the colon (and so no space, no newline). */
const FIELD_NAME = /^[!-9;-~]+$/;
const NEWLINE = /[\r\n]/;

/**
 * RFC 5322 `atext` and dots, plus the UTF-8 of RFC 6532 (a non-ASCII local part needs
 * SMTPUTF8). Dots anywhere, as Django accepts (obsolete, but real addresses have them).
 */
const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.\-\u0080-\u{10FFFF}]+$/u;
const QUOTED_LOCAL = /^"(?:[^"\\\r\n]|\\[^\r\n])*"$/u;
/** A display name left unquoted: words, dots and spaces, no RFC 5322 specials. */
const PLAIN_NAME = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-. \t\u0080-\u{10FFFF}]*$/u;
const QUOTED_NAME = /^"((?:[^"\\]|\\.)*)"$/su;
const LABEL = /^[a-z0-9_-]{1,63}$/;
/** `Name <addr>`: a display name (quoted strings may hold `<` and `>`), one angle address, the end. */
const NAME_ADDR = /^((?:"(?:[^"\\]|\\.)*"|[^"<>])*)<([^<>]*)>$/su;
/** RFC 5321's limit on a path, so the server gets no address it must refuse. */
const MAX_ADDRESS = 254;

/** One mailbox: the display name as given, the address with its domain in ASCII (punycode). */
export interface Mailbox {
  name: string;
  address: string;
}

/**
 * Refuses a header that would inject others (Django's `forbid_multi_line_headers`), and a
 * header name that is not RFC 5322 text, which Django does not check.
 */
export function checkHeader(name: string, value: string): void {
  if (typeof name !== 'string' || !FIELD_NAME.test(name)) {
    throw new BadHeaderError(`Invalid header name ${JSON.stringify(name)}`);
  }
  if (NEWLINE.test(value)) {
    throw new BadHeaderError(
      `Header values can’t contain newlines (got ${JSON.stringify(value)} for header ${JSON.stringify(name)})`,
    );
  }
}

function asciiDomain(domain: string, input: string): string {
  if (domain.startsWith('[') && domain.endsWith(']')) {
    const literal = domain.slice(1, -1);
    if (isIPv4(literal) || (/^IPv6:/i.test(literal) && isIPv6(literal.slice(5)))) return domain;
    throw new InvalidAddressError(`Invalid address ${JSON.stringify(input)}: bad address literal`);
  }
  const ascii = domainToASCII(domain);
  if (!ascii || !ascii.split('.').every((label) => LABEL.test(label))) {
    throw new InvalidAddressError(`Invalid address ${JSON.stringify(input)}: bad domain`);
  }
  return ascii;
}

/** `local@domain`, checked, with the domain in ASCII. */
function addrSpec(spec: string, input: string): string {
  const at = spec.lastIndexOf('@');
  const local = spec.slice(0, at);
  if (at <= 0 || !(DOT_ATOM.test(local) || QUOTED_LOCAL.test(local))) {
    throw new InvalidAddressError(`Invalid address ${JSON.stringify(input)}`);
  }
  const address = `${local}@${asciiDomain(spec.slice(at + 1), input)}`;
  if (address.length > MAX_ADDRESS) {
    throw new InvalidAddressError(
      `Invalid address ${JSON.stringify(input.slice(0, 80))}…: longer than ${MAX_ADDRESS} characters`,
    );
  }
  return address;
}

function displayName(raw: string, input: string): string {
  const name = raw.trim();
  const quoted = QUOTED_NAME.exec(name);
  if (quoted) return quoted[1]!.replace(/\\(.)/gsu, '$1');
  if (!PLAIN_NAME.test(name)) {
    throw new InvalidAddressError(
      `Invalid address ${JSON.stringify(input)}: quote a display name that holds ${JSON.stringify(name.match(/[^A-Za-z0-9 .\u0080-\u{10FFFF}]/u)?.[0] ?? '')}`,
    );
  }
  return name.replace(/\s+/g, ' ');
}

/**
 * One mailbox from `local@domain` or `Name <local@domain>` (Django's `sanitize_address`): a
 * newline raises `BadHeaderError`, anything but exactly one mailbox `InvalidAddressError`; an
 * international domain becomes punycode.
 */
export function parseMailbox(input: string, field: string): Mailbox {
  if (typeof input !== 'string') {
    throw new InvalidAddressError(`Invalid address in ${field}: ${String(input)} is not a string`);
  }
  checkHeader(field, input);
  const text = input.trim();
  const angle = NAME_ADDR.exec(text);
  if (angle) {
    return { name: displayName(angle[1]!, input), address: addrSpec(angle[2]!.trim(), input) };
  }
  if (text.includes('<') || text.includes('>')) {
    throw new InvalidAddressError(`Invalid address ${JSON.stringify(input)}`);
  }
  return { name: '', address: addrSpec(text, input) };
}
