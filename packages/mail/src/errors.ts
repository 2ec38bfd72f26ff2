/**
 * The errors of `@stack/mail`, one small hierarchy: a bad header or address is refused before
 * anything is sent, and what the SMTP server answers comes back as an `SmtpError`.
 */

/**
 * The base of every error this package raises.
 *
 * @example
 * ```ts
 * try { await sendMail(subject, body, null, to); } catch (err) {
 *   if (err instanceof MailError) log(err.message);
 * }
 * ```
 */
export class MailError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * A header name or value that would inject headers: a newline in the subject, an address or an
 * extra header, or a header name that is not RFC 5322 text (Django's `BadHeaderError`).
 *
 * @example
 * ```ts
 * await expect(sendMail('Hi\nBcc: x@evil.test', 'body', null, ['a@example.com'])).rejects.toThrow(BadHeaderError);
 * ```
 */
export class BadHeaderError extends MailError {}

/**
 * An address that is not one mailbox (`local@domain`, or `Name <local@domain>`): garbage, two
 * addresses in one entry, or an unusable domain. Django raises `ValueError('Invalid address …')`.
 *
 * @example
 * ```ts
 * await expect(sendMail('Hi', 'body', null, ['a@x.test, b@y.test'])).rejects.toThrow(InvalidAddressError);
 * ```
 */
export class InvalidAddressError extends MailError {}

/**
 * The SMTP server refused or could not be reached (Python's `smtplib.SMTPException` and
 * `OSError`, which Django lets through): `code` is nodemailer's (`ESOCKET`, `ECONNECTION`,
 * `EAUTH`, `ETIMEDOUT`, `EENVELOPE`, `EMESSAGE`, `ETLS`…), `responseCode` the server's reply code when it
 * gave one; the original error is the `cause`.
 *
 * @example
 * ```ts
 * try { await connection.open(); } catch (err) {
 *   if (err instanceof SmtpError && err.code === 'EAUTH') console.error('check emailHostPassword');
 * }
 * ```
 */
export class SmtpError extends MailError {
  readonly code: string | undefined;
  readonly responseCode: number | undefined;

  constructor(
    message: string,
    options: ErrorOptions & { code?: string | undefined; responseCode?: number | undefined } = {},
  ) {
    super(message, options);
    this.code = options.code;
    this.responseCode = options.responseCode;
  }
}

/**
 * The mail settings are unusable: an unknown `emailBackend`, TLS and SSL both on, or an
 * `emailFilePath` that is not a writable folder (Django's `ImproperlyConfigured`).
 *
 * @example
 * ```ts
 * expect(() => getConnection('smtp', { useTls: true, useSsl: true })).toThrow(ImproperlyConfigured);
 * ```
 */
export class ImproperlyConfigured extends MailError {}
