import type { ConnectionOptions } from 'node:tls';
import type { EmailMessage } from '../message.js';

/**
 * What `getConnection()` passes a backend: `failSilently`, and each backend's own options.
 *
 * @example
 * ```ts
 * const relay: EmailBackendOptions = { host: 'relay.internal', port: 2525, timeout: 10 };
 * getConnection('smtp', relay);
 * ```
 */
export interface EmailBackendOptions {
  /** Swallow delivery errors: the send resolves to 0 instead of rejecting. */
  failSilently?: boolean;
  /** SMTP: the server; default `emailHost`. */
  host?: string;
  /** SMTP: its port; default `emailPort`. */
  port?: number;
  /** SMTP: the user to log in as; default `emailHostUser`. */
  username?: string;
  /** SMTP: default `emailHostPassword`. */
  password?: string;
  /** SMTP: STARTTLS, required; default `emailUseTls`. */
  useTls?: boolean;
  /** SMTP: implicit TLS; default `emailUseSsl`. */
  useSsl?: boolean;
  /** SMTP: seconds to wait at each step; default `emailTimeout`. */
  timeout?: number | null;
  /** SMTP: client certificate file (PEM); default `emailSslCertfile`. */
  sslCertfile?: string | null;
  /** SMTP: its key file (PEM); default `emailSslKeyfile`. */
  sslKeyfile?: string | null;
  /** SMTP: more `tls.connect` options, such as `ca` to trust a private certificate authority. */
  tls?: ConnectionOptions;
  /** Console: where messages are written; default `process.stdout`. */
  stream?: { write(chunk: string): unknown };
  /** File: the folder; default `emailFilePath`. */
  filePath?: string | null;
}

/**
 * Django's e-mail backend protocol. `open()` resolves to true when it opened a new connection,
 * false when one was open already, and null when opening failed silently.
 *
 * @example
 * ```ts
 * const connection: EmailBackend = getConnection();
 * await connection.sendMessages([message]); // 1
 * ```
 */
export interface EmailBackend {
  failSilently: boolean;
  open(): Promise<boolean | null>;
  close(): Promise<void>;
  /** Sends the messages; resolves to how many were sent. */
  sendMessages(messages: readonly EmailMessage[]): Promise<number>;
}

/**
 * A backend class, as `emailBackend` and `getConnection()` take it.
 *
 * @example
 * ```ts
 * const Backend: EmailBackendClass = emailBackendClass('console');
 * ```
 */
export type EmailBackendClass = new (options?: EmailBackendOptions) => EmailBackend;

/**
 * Django's `BaseEmailBackend`: extend it and write `sendMessages`; `open`/`close` do nothing
 * unless the backend holds a connection.
 *
 * @example
 * ```ts
 * class AuditBackend extends BaseEmailBackend {
 *   async sendMessages(messages: readonly EmailMessage[]) {
 *     for (const message of messages) await audit.record(await message.message());
 *     return messages.length;
 *   }
 * }
 * configureMail({ emailBackend: AuditBackend });
 * ```
 */
export abstract class BaseEmailBackend implements EmailBackend {
  failSilently: boolean;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: EmailBackendOptions = {}) {
    this.failSilently = options.failSilently ?? false;
  }

  /** Opens the connection, if the backend has one; see `EmailBackend.open`. */
  async open(): Promise<boolean | null> {
    return false;
  }

  /** Closes the connection, if the backend has one. */
  async close(): Promise<void> {}

  abstract sendMessages(messages: readonly EmailMessage[]): Promise<number>;

  /**
   * Runs `task` after every task queued before it (Django's lock): concurrent sends on one
   * connection take turns instead of interleaving on the socket or the stream.
   */
  protected serialize<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
