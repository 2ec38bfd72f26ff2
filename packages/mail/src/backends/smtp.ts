import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { SMTPConnectionOptions } from 'nodemailer/lib/smtp-connection';
import { ImproperlyConfigured, SmtpError } from '../errors.js';
import { envelopeOf } from '../internal/compose.js';
import { smtpConnection } from '../internal/nodemailer.js';
import type { EmailMessage } from '../message.js';
import { getMailSettings } from '../settings.js';
import { BaseEmailBackend, type EmailBackendOptions } from './base.js';

/** How long `close()` waits for the server to answer QUIT before dropping the socket. */
const QUIT_WAIT_MS = 5_000;

function smtpError(error: unknown): SmtpError {
  if (error instanceof SmtpError) return error;
  const { message, code, responseCode } = error as {
    message?: string;
    code?: string;
    responseCode?: number;
  };
  return new SmtpError(message ?? String(error), { cause: error, code, responseCode });
}

/**
 * Runs one step of the SMTP session: settles with its callback, or with the error or the end
 * of the connection, whichever comes first (nodemailer reports a dropped socket as an event).
 */
function step<T>(
  connection: SMTPConnection,
  start: (done: (error?: Error | null, result?: T) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onError = (error: Error) => finish(error);
    const onEnd = () => finish(new SmtpError('Connection closed', { code: 'ECONNECTION' }));
    const finish = (error?: Error | null, result?: T) => {
      connection.off('error', onError);
      connection.off('end', onEnd);
      if (error) reject(smtpError(error));
      else resolve(result as T);
    };
    connection.once('error', onError);
    connection.once('end', onEnd);
    start(finish);
  });
}

/**
 * Django's SMTP backend, on nodemailer's SMTP client. `open()` connects (implicit TLS with
 * `useSsl`, STARTTLS required with `useTls`, plain otherwise) and logs in when a user and a
 * password are set; `sendMessages` reuses an open connection, or opens one for the batch and
 * closes it after. Server certificates are verified (pass `tls: { ca }` for a private CA).
 *
 * @example
 * ```ts
 * const connection = getConnection('smtp', { host: 'smtp.example.com', port: 587, useTls: true });
 * await connection.open();
 * try {
 *   for (const { email, text } of invoices) {
 *     await new EmailMessage({ subject: 'Invoice', body: text, to: [email], connection }).send();
 *   }
 * } finally {
 *   await connection.close();
 * }
 * ```
 */
export class SmtpEmailBackend extends BaseEmailBackend {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  readonly useTls: boolean;
  readonly useSsl: boolean;
  readonly timeout: number | null;
  readonly sslCertfile: string | null;
  readonly sslKeyfile: string | null;
  readonly tls: ConnectionOptions | undefined;
  /** nodemailer's connection while one is open. */
  connection: SMTPConnection | null = null;

  constructor(options: EmailBackendOptions = {}) {
    super(options);
    const settings = getMailSettings();
    this.host = options.host || settings.emailHost;
    this.port = options.port || settings.emailPort;
    this.username = options.username ?? settings.emailHostUser;
    this.password = options.password ?? settings.emailHostPassword;
    this.useTls = options.useTls ?? settings.emailUseTls;
    this.useSsl = options.useSsl ?? settings.emailUseSsl;
    this.timeout = options.timeout === undefined ? settings.emailTimeout : options.timeout;
    this.sslCertfile = options.sslCertfile ?? settings.emailSslCertfile;
    this.sslKeyfile = options.sslKeyfile ?? settings.emailSslKeyfile;
    this.tls = options.tls;
    if (this.useTls && this.useSsl) {
      throw new ImproperlyConfigured(
        'emailUseTls/emailUseSsl are mutually exclusive, so only set one of those settings to true.',
      );
    }
  }

  #options(): SMTPConnectionOptions {
    const ms = this.timeout === null ? undefined : Math.max(1, Math.round(this.timeout * 1000));
    return {
      host: this.host,
      port: this.port,
      secure: this.useSsl,
      // Django never upgrades a plain connection on its own; STARTTLS only when asked, then required.
      ...(this.useTls ? { requireTLS: true } : { ignoreTLS: true }),
      ...(ms !== undefined && { connectionTimeout: ms, greetingTimeout: ms, socketTimeout: ms }),
      tls: {
        ...(this.sslCertfile && { cert: readFileSync(this.sslCertfile) }),
        ...(this.sslKeyfile && { key: readFileSync(this.sslKeyfile) }),
        ...this.tls,
      },
      logger: false,
    };
  }

  /**
   * Connects and logs in, unless a connection is open (false). Resolves to true for a new
   * connection, null when it failed and `failSilently` is on; otherwise rejects with `SmtpError`.
   */
  override async open(): Promise<boolean | null> {
    if (this.connection && !this.connection.destroyed) return false;
    let connection: SMTPConnection | undefined;
    try {
      const Connection = smtpConnection();
      connection = new Connection(this.#options());
      const opened = connection;
      await step<void>(opened, (done) => opened.connect(done));
      if (this.username && this.password) {
        const auth = { user: this.username, pass: this.password };
        await step<boolean>(opened, (done) => opened.login(auth, done));
      }
      // An error after a step settled (an idle timeout, the server going away) only ends the
      // connection; the next step sees it closed.
      opened.on('error', () => undefined);
      this.connection = opened;
      return true;
    } catch (error) {
      connection?.close();
      if (this.failSilently) return null;
      throw smtpError(error);
    }
  }

  /** Says QUIT and waits (a little) for the server to hang up; never rejects. */
  override async close(): Promise<void> {
    const connection = this.connection;
    this.connection = null;
    if (!connection || connection.destroyed) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => connection.close(), QUIT_WAIT_MS);
      connection.once('end', () => {
        clearTimeout(timer);
        resolve();
      });
      connection.on('error', () => undefined);
      try {
        connection.quit();
      } catch {
        connection.close();
      }
    });
  }

  override sendMessages(messages: readonly EmailMessage[]): Promise<number> {
    if (messages.length === 0) return Promise.resolve(0);
    return this.serialize(async () => {
      // Built first: a bad header or address fails before a connection is opened.
      const outgoing = await Promise.all(messages.map(prepare));
      const created = await this.open();
      if (created === null || !this.connection) return 0;
      try {
        let sent = 0;
        for (const item of outgoing) if (item && (await this.#send(item))) sent += 1;
        return sent;
      } finally {
        if (created) await this.close();
      }
    });
  }

  async #send({ envelope, raw }: Outgoing): Promise<boolean> {
    const connection = this.connection;
    try {
      if (!connection || connection.destroyed) {
        throw new SmtpError('The connection to the SMTP server is closed', {
          code: 'ECONNECTION',
        });
      }
      await step(connection, (done) => connection.send(envelope, raw, done));
      return true;
    } catch (error) {
      // A refused message leaves the session mid-transaction: reset it for the next one.
      if (connection && !connection.destroyed) {
        await step(connection, (done) => connection.reset(done)).catch(() => undefined);
      }
      if (this.failSilently) return false;
      throw smtpError(error);
    }
  }
}

interface Outgoing {
  envelope: { from: string; to: string[]; use8BitMime: boolean };
  raw: Buffer;
}

/** The envelope and bytes of a message, or null when it has no recipients (it is skipped). */
async function prepare(message: EmailMessage): Promise<Outgoing | null> {
  if (message.recipients().length === 0) return null;
  const envelope = { ...envelopeOf(message), use8BitMime: true };
  return { envelope, raw: (await message.message()).asBytes('\r\n') };
}
