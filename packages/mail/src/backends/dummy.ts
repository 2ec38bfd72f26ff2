import type { EmailMessage } from '../message.js';
import { BaseEmailBackend } from './base.js';

/**
 * Django's dummy backend: does nothing, and says every message was sent.
 *
 * @example
 * ```ts
 * configureMail({ emailBackend: 'dummy' });
 * ```
 */
export class DummyEmailBackend extends BaseEmailBackend {
  override async sendMessages(messages: readonly EmailMessage[]): Promise<number> {
    return messages.length;
  }
}
