import type { EmailMessage } from '../message.js';
import { BaseEmailBackend } from './base.js';

/**
 * The messages the locmem backend "sent" (Django's `mail.outbox`), in order. Test tools empty it
 * before each test; empty it yourself with `outbox.length = 0`.
 *
 * @example
 * ```ts
 * import * as mail from '@stack/mail';
 * await client.post('/password_reset/', { email: 'ann@example.com' });
 * expect(mail.outbox[0]!.subject).toBe('Password reset on testserver');
 * ```
 */
export const outbox: EmailMessage[] = [];

/**
 * Django's locmem backend: keeps messages in `outbox` instead of sending them, after building
 * each (so a bad header fails here as it would on a real server). For tests.
 *
 * @example
 * ```ts
 * configureMail({ emailBackend: 'locmem' });
 * ```
 */
export class LocmemEmailBackend extends BaseEmailBackend {
  override async sendMessages(messages: readonly EmailMessage[]): Promise<number> {
    let count = 0;
    for (const message of messages) {
      await message.message();
      outbox.push(message);
      count += 1;
    }
    return count;
  }
}
