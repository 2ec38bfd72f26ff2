import type { EmailMessage } from '../message.js';
import type { EmailMimeMessage } from '../mime-message.js';
import { BaseEmailBackend, type EmailBackendOptions } from './base.js';

const SEPARATOR = `${'-'.repeat(79)}\n`;

/**
 * Django's console backend: writes each message, as MIME, to a stream (stdout by default),
 * followed by a line of 79 dashes. For development.
 *
 * @example
 * ```ts
 * configureMail({ emailBackend: 'console' });
 * await sendMail('Hi', 'Hello', null, ['ann@example.com']); // printed, not sent
 * ```
 */
export class ConsoleEmailBackend extends BaseEmailBackend {
  protected stream: { write(chunk: string | Uint8Array): unknown } | null;

  constructor(options: EmailBackendOptions = {}) {
    super(options);
    this.stream = options.stream ?? process.stdout;
  }

  /** Writes one built message to the stream. */
  protected async writeMessage(mime: EmailMimeMessage): Promise<void> {
    this.stream!.write(`${mime.asString()}\n${SEPARATOR}`);
  }

  /**
   * Writes the messages; resolves to how many were written. `failSilently` covers the writing,
   * not a message that cannot be built (a bad header is always an error).
   */
  override sendMessages(messages: readonly EmailMessage[]): Promise<number> {
    if (messages.length === 0) return Promise.resolve(0);
    return this.serialize(async () => {
      const built = await Promise.all(messages.map((message) => message.message()));
      let count = 0;
      let opened = false;
      try {
        opened = (await this.open()) === true;
        for (const mime of built) {
          await this.writeMessage(mime);
          count += 1;
        }
      } catch (error) {
        if (!this.failSilently) throw error;
      } finally {
        if (opened) await this.close();
      }
      return count;
    });
  }
}
