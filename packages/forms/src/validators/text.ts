import { ValidationError } from '../errors.js';
import { isValidIpv4, isValidIpv6 } from '../internal/ip.js';
import { pyStr } from '../internal/py.js';
import { hostnameOf, punycode, urlsplit, urlunsplit } from '../internal/urls.js';
import { CallableValidator, type Validator } from './base.js';

export interface RegexValidatorOptions {
  regex?: RegExp | string;
  message?: string;
  code?: string;
  /** Fail when the value matches instead. */
  inverseMatch?: boolean;
  /** Flags for a `regex` given as text. */
  flags?: string;
}

/**
 * Django's `RegexValidator`: the value (as text) must match `regex` somewhere (or must not,
 * with `inverseMatch`).
 *
 * @example
 * ```ts
 * const digits = new RegexValidator({ regex: /^\d+$/, message: 'Digits only.' });
 * digits.validate('12a'); // throws ValidationError(['Digits only.'])
 * ```
 */
export class RegexValidator extends CallableValidator {
  regex: RegExp;
  message: string;
  code: string;
  inverseMatch: boolean;

  constructor(options: RegexValidatorOptions = {}) {
    super();
    const source = options.regex ?? '';
    if (options.flags && typeof source !== 'string')
      throw new TypeError('If the flags are set, regex must be a regular expression string.');
    this.regex = typeof source === 'string' ? new RegExp(source, options.flags ?? '') : source;
    this.message = options.message ?? 'Enter a valid value.';
    this.code = options.code ?? 'invalid';
    this.inverseMatch = options.inverseMatch ?? false;
  }

  validate(value: unknown): void {
    this.regex.lastIndex = 0;
    const matches = this.regex.test(pyStr(value));
    if (this.inverseMatch ? matches : !matches) this.fail(value);
  }

  protected fail(value: unknown): never {
    throw new ValidationError(this.message, { code: this.code, params: { value } });
  }
}

const UL = '\\u00a1-\\uffff';
const IPV4 =
  '(?:0|25[0-5]|2[0-4]\\d|1\\d?\\d?|[1-9]\\d?)(?:\\.(?:0|25[0-5]|2[0-4]\\d|1\\d?\\d?|[1-9]\\d?)){3}';
const IPV6 = '\\[[0-9a-f:.]+\\]';
const HOSTNAME = `[a-z${UL}0-9](?:[a-z${UL}0-9-]{0,61}[a-z${UL}0-9])?`;
const DOMAIN = `(?:\\.(?!-)[a-z${UL}0-9-]{1,63}(?<!-))*`;
const TLD = `\\.(?!-)(?:[a-z${UL}-]{2,63}|xn--[a-z0-9]{1,59})(?<!-)\\.?`;
const HOST = `(${HOSTNAME}${DOMAIN}${TLD}|localhost)`;
const URL_RE = new RegExp(
  `^(?:[a-z0-9.+-]*)://(?:[^\\s:@/]+(?::[^\\s:@/]*)?@)?(?:${IPV4}|${IPV6}|${HOST})(?::\\d{2,5})?(?:[/?#][^\\s]*)?$`,
  'iu',
);

/**
 * Django's `URLValidator`: an absolute URL with one of `schemes` (http, https, ftp, ftps), a
 * host name, IPv4 or IPv6 address, at most 2048 characters; international domains are
 * checked in their ASCII form.
 *
 * @example
 * ```ts
 * new URLValidator({ schemes: ['https'] }).validate('http://example.com'); // throws
 * ```
 */
export class URLValidator extends RegexValidator {
  schemes: string[];
  readonly maxLength = 2048;

  constructor(options: RegexValidatorOptions & { schemes?: string[] } = {}) {
    super({ regex: URL_RE, message: 'Enter a valid URL.', ...options });
    this.schemes = options.schemes ?? ['http', 'https', 'ftp', 'ftps'];
  }

  override validate(value: unknown): void {
    if (typeof value !== 'string' || value.length > this.maxLength) this.fail(value);
    if (/[\t\r\n]/.test(value)) this.fail(value);
    const scheme = (value.split('://')[0] as string).toLowerCase();
    if (!this.schemes.includes(scheme)) this.fail(value);
    let parts: ReturnType<typeof urlsplit>;
    try {
      parts = urlsplit(value);
    } catch {
      this.fail(value);
    }
    try {
      super.validate(value);
    } catch (error) {
      if (!value) throw error;
      let netloc: string;
      try {
        netloc = punycode(parts[1]);
      } catch {
        throw error;
      }
      super.validate(urlunsplit([parts[0], netloc, parts[2], parts[3], parts[4]]));
    }
    const host = /^\[(.+)\](?::\d{2,5})?$/.exec(parts[1]);
    if (host && !isValidIpv6(host[1] as string)) this.fail(value);
    const hostname = hostnameOf(parts[1]);
    if (!parts[1] || hostname.length > 253) this.fail(value);
  }
}

/**
 * Django's `integer_validator`: an optional minus sign and digits.
 *
 * @example
 * ```ts
 * validateInteger.validate('-12'); // passes
 * ```
 */
export const validateInteger: RegexValidator = new RegexValidator({
  regex: /^-?\d+$/,
  message: 'Enter a valid integer.',
});

const USER_RE = new RegExp(
  "(^[-!#$%&'*+/=?^_`{}|~0-9A-Z]+(\\.[-!#$%&'*+/=?^_`{}|~0-9A-Z]+)*$" +
    '|^"([\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f!#-[\\]-\\x7f]|\\\\[\\x01-\\x09\\x0b\\x0c\\x0e-\\x7f])*"$)',
  'i',
);
const DOMAIN_RE = /^((?:[A-Z0-9](?:[A-Z0-9-]{0,61}[A-Z0-9])?\.)+)(?:[A-Z0-9-]{2,63}(?<!-))$/i;
const LITERAL_RE = /^\[([A-f0-9:.]+)\]$/i;

/** The options of `EmailValidator`. */
export interface EmailValidatorOptions {
  message?: string;
  code?: string;
  /** Domains accepted without a dot (default `['localhost']`). */
  allowlist?: string[];
}

/**
 * Django's `EmailValidator`: a dot-atom or quoted local part, then a domain with a dot (or one
 * of `allowlist`), an IP literal, or an international domain; at most 320 characters.
 *
 * @example
 * ```ts
 * validateEmail.validate('ann@example.com'); // passes
 * ```
 */
export class EmailValidator extends CallableValidator {
  message: string;
  code: string;
  domainAllowlist: string[];

  constructor(options: EmailValidatorOptions = {}) {
    super();
    this.message = options.message ?? 'Enter a valid email address.';
    this.code = options.code ?? 'invalid';
    this.domainAllowlist = options.allowlist ?? ['localhost'];
  }

  validate(value: unknown): void {
    const text = typeof value === 'string' ? value : '';
    if (!text || !text.includes('@') || text.length > 320) this.fail(value);
    const at = text.lastIndexOf('@');
    const user = text.slice(0, at);
    let domain = text.slice(at + 1);
    if (!USER_RE.test(user)) this.fail(value);
    if (!this.domainAllowlist.includes(domain) && !this.validateDomainPart(domain)) {
      try {
        domain = punycode(domain);
      } catch {
        this.fail(value);
      }
      if (this.validateDomainPart(domain)) return;
      this.fail(value);
    }
  }

  validateDomainPart(domain: string): boolean {
    if (DOMAIN_RE.test(domain)) return true;
    const literal = LITERAL_RE.exec(domain);
    return literal !== null && (isValidIpv4(literal[1]!) || isValidIpv6(literal[1]!));
  }

  private fail(value: unknown): never {
    throw new ValidationError(this.message, { code: this.code, params: { value } });
  }
}

/**
 * Django's `validate_email`.
 *
 * @example
 * ```ts
 * validateEmail.validate('not an address'); // throws ValidationError(['Enter a valid email address.'])
 * ```
 */
export const validateEmail: EmailValidator = new EmailValidator();

/**
 * Django's `validate_slug`: ASCII letters, digits, `_` and `-`.
 *
 * @example
 * ```ts
 * validateSlug.validate('my-post_1'); // passes
 * ```
 */
export const validateSlug: RegexValidator = new RegexValidator({
  regex: /^[-a-zA-Z0-9_]+$/,
  message: 'Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.',
});

/**
 * Django's `validate_unicode_slug`: letters and digits of any script, `_` and `-`.
 *
 * @example
 * ```ts
 * validateUnicodeSlug.validate('café-1'); // passes
 * ```
 */
export const validateUnicodeSlug: RegexValidator = new RegexValidator({
  regex: /^[-\p{L}\p{N}\p{Mn}\p{Mc}\p{Pc}_]+$/u,
  message: 'Enter a valid “slug” consisting of Unicode letters, numbers, underscores, or hyphens.',
});

function ipError(message: string, value: unknown): ValidationError {
  return new ValidationError(message, { code: 'invalid', params: { value } });
}

/**
 * Django's `validate_ipv4_address`.
 *
 * @example
 * ```ts
 * validateIpv4Address('127.0.0.1'); // passes
 * ```
 */
export const validateIpv4Address: Validator = (value) => {
  if (typeof value !== 'string' || !isValidIpv4(value))
    throw ipError('Enter a valid IPv4 address.', value);
};

/**
 * Django's `validate_ipv6_address`.
 *
 * @example
 * ```ts
 * validateIpv6Address('::1'); // passes
 * ```
 */
export const validateIpv6Address: Validator = (value) => {
  if (typeof value !== 'string' || !isValidIpv6(value))
    throw ipError('Enter a valid IPv6 address.', value);
};

/**
 * Django's `validate_ipv46_address`.
 *
 * @example
 * ```ts
 * validateIpv46Address('10.0.0.1'); // passes
 * ```
 */
export const validateIpv46Address: Validator = (value) => {
  if (typeof value !== 'string' || !(isValidIpv4(value) || isValidIpv6(value)))
    throw ipError('Enter a valid IPv4 or IPv6 address.', value);
};

/**
 * Django's `ip_address_validators`: the validators of an address field for `both`, `ipv4` or
 * `ipv6`, and the message for an invalid address.
 *
 * @example
 * ```ts
 * ipAddressValidators('ipv4', false); // [[validateIpv4Address], 'Enter a valid IPv4 address.']
 * ```
 */
export function ipAddressValidators(protocol: string, unpackIpv4: boolean): [Validator[], string] {
  if (protocol !== 'both' && unpackIpv4)
    throw new Error("You can only use `unpack_ipv4` if `protocol` is set to 'both'");
  switch (protocol.toLowerCase()) {
    case 'both':
      return [[validateIpv46Address], 'Enter a valid IPv4 or IPv6 address.'];
    case 'ipv4':
      return [[validateIpv4Address], 'Enter a valid IPv4 address.'];
    case 'ipv6':
      return [[validateIpv6Address], 'Enter a valid IPv6 address.'];
    default:
      throw new Error(`The protocol '${protocol}' is unknown. Supported: ['both', 'ipv4', 'ipv6']`);
  }
}

/**
 * Django's `int_list_validator`: integers separated by `sep`.
 *
 * @example
 * ```ts
 * intListValidator({ sep: ';', allowNegative: true }).validate('1;-2;3'); // passes
 * ```
 */
export function intListValidator(
  options: { sep?: string; message?: string; code?: string; allowNegative?: boolean } = {},
): RegexValidator {
  const neg = options.allowNegative ? '(-)?' : '';
  const sep = (options.sep ?? ',').replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  return new RegexValidator({
    regex: new RegExp(`^${neg}\\d+(?:${sep}${neg}\\d+)*$`),
    ...(options.message !== undefined && { message: options.message }),
    code: options.code ?? 'invalid',
  });
}

/**
 * Django's `validate_comma_separated_integer_list`.
 *
 * @example
 * ```ts
 * validateCommaSeparatedIntegerList.validate('1,2,3'); // passes
 * ```
 */
export const validateCommaSeparatedIntegerList: RegexValidator = intListValidator({
  message: 'Enter only digits separated by commas.',
});

/** A message with singular and plural forms, chosen by one of the params (Django's `ngettext_lazy`). */
/**
 * Django's `ProhibitNullCharactersValidator`: no `\0` in the text.
 *
 * @example
 * ```ts
 * new ProhibitNullCharactersValidator().validate('a\0b'); // throws: Null characters are not allowed.
 * ```
 */
export class ProhibitNullCharactersValidator extends CallableValidator {
  message: string;
  code: string;

  constructor(options: { message?: string; code?: string } = {}) {
    super();
    this.message = options.message ?? 'Null characters are not allowed.';
    this.code = options.code ?? 'null_characters_not_allowed';
  }

  validate(value: unknown): void {
    if (pyStr(value).includes('\0'))
      throw new ValidationError(this.message, { code: this.code, params: { value } });
  }
}
