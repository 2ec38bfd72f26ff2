import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import {
  BadHeaderError,
  type EmailBackend,
  type EmailBackendOptions,
  EmailMessage,
  EmailMultiAlternatives,
  InvalidAddressError,
} from '../src/index.js';

/** One backend as the shared suite drives it. */
export interface BackendUnderTest {
  /** A new instance, as `getConnection()` would build it. */
  connection(options?: EmailBackendOptions): EmailBackend;
  /** The messages delivered so far, as bytes, oldest first; null for a backend that keeps none. */
  delivered(): Promise<Buffer[]> | null;
}

const SEPARATOR = `\n${'-'.repeat(79)}\n`;

/** Splits what the console and file backends wrote into messages. */
export function splitWritten(text: string): Buffer[] {
  return text
    .split(SEPARATOR)
    .filter((part) => part.trim() !== '')
    .map((part) => Buffer.from(part));
}

function message(n: number, extra: Partial<ConstructorParameters<typeof EmailMessage>[0]> = {}) {
  return new EmailMessage({
    subject: `Message ${n}`,
    body: `Body ${n}`,
    fromEmail: 'from@example.com',
    to: ['to@example.com'],
    ...extra,
  });
}

/**
 * The behaviour every backend shares (Django's `BaseEmailTests`, for ours): counts, what is
 * delivered, header injection refused before delivery, connections reused and serialised.
 */
export function backendConformance(name: string, setup: () => BackendUnderTest): void {
  describe(`the ${name} backend (shared suite)`, () => {
    it('sends nothing for no messages', async () => {
      const backend = setup();
      expect(await backend.connection().sendMessages([])).toBe(0);
      expect(await (backend.delivered() ?? [])).toEqual([]);
    });

    it('counts the messages it sends and delivers them in order', async () => {
      const backend = setup();
      const sent = await backend.connection().sendMessages([message(1), message(2), message(3)]);
      expect(sent).toBe(3);
      const delivered = await backend.delivered();
      if (delivered === null) return;
      const subjects = await Promise.all(
        delivered.map(async (raw) => (await simpleParser(raw)).subject),
      );
      expect(subjects).toEqual(['Message 1', 'Message 2', 'Message 3']);
    });

    it('delivers the message as built: headers, Unicode, alternatives, attachments, no Bcc', async () => {
      const backend = setup();
      const email = new EmailMultiAlternatives({
        subject: 'Gżegżółka',
        body: 'Zażółć gęślą jaźń',
        fromEmail: 'Jörg <from@exämple.com>',
        to: ['to@example.com'],
        cc: ['cc@example.com'],
        bcc: ['secret@example.com'],
        replyTo: ['reply@example.com'],
        headers: { 'X-Tag': 'conformance' },
      });
      email.attachAlternative('<p>Zażółć</p>', 'text/html');
      email.attach('data.bin', new Uint8Array([0, 1, 2, 255]), 'application/octet-stream');
      expect(await backend.connection().sendMessages([email])).toBe(1);
      const delivered = await backend.delivered();
      if (delivered === null) return;
      expect(delivered).toHaveLength(1);
      const raw = delivered[0]!;
      const parsed = await simpleParser(raw);
      expect(parsed.subject).toBe('Gżegżółka');
      expect(parsed.from?.value).toEqual([{ name: 'Jörg', address: 'from@exämple.com' }]);
      expect(parsed.cc && !Array.isArray(parsed.cc) && parsed.cc.text).toBe('cc@example.com');
      expect(parsed.replyTo?.text).toBe('reply@example.com');
      expect(parsed.headers.get('x-tag')).toBe('conformance');
      expect(parsed.text).toBe('Zażółć gęślą jaźń');
      expect(parsed.html).toBe('<p>Zażółć</p>');
      expect(parsed.attachments.map((a) => [a.filename, [...a.content]])).toEqual([
        ['data.bin', [0, 1, 2, 255]],
      ]);
      expect(raw.toString('latin1')).not.toContain('secret@example.com');
      expect(parsed.headers.has('bcc')).toBe(false);
    });

    it('refuses header injection before delivering anything, even when failing silently', async () => {
      const backend = setup();
      // Django's dummy backend builds nothing, so it has nothing to refuse.
      if (backend.delivered() === null) return;
      const injected = message(1, { subject: 'Hi\r\nBcc: evil@example.com' });
      await expect(
        backend.connection({ failSilently: true }).sendMessages([injected]),
      ).rejects.toThrow(BadHeaderError);
      const hostile = message(2, { to: ['victim@example.com>\r\nBcc: evil@example.com'] });
      await expect(backend.connection().sendMessages([hostile])).rejects.toThrow(BadHeaderError);
      const two = message(3, { to: ['a@example.com, evil@example.com'] });
      await expect(backend.connection().sendMessages([two])).rejects.toThrow(InvalidAddressError);
      expect(await (backend.delivered() ?? [])).toEqual([]);
    });

    it('keeps an opened connection for several sends until closed, then opens again', async () => {
      const backend = setup();
      const connection = backend.connection();
      const first = await connection.open();
      expect(typeof first).toBe('boolean');
      expect(await connection.open()).toBe(false);
      expect(await connection.sendMessages([message(1)])).toBe(1);
      expect(await connection.sendMessages([message(2)])).toBe(1);
      await connection.close();
      await connection.close();
      expect(await connection.sendMessages([message(3)])).toBe(1);
      const delivered = await backend.delivered();
      if (delivered !== null) expect(delivered).toHaveLength(3);
    });

    it('sends concurrent batches on one connection whole, one after the other', async () => {
      const backend = setup();
      const connection = backend.connection();
      const counts = await Promise.all([
        connection.sendMessages([message(1), message(2)]),
        connection.sendMessages([message(3)]),
        connection.sendMessages([message(4), message(5)]),
      ]);
      expect(counts).toEqual([2, 1, 2]);
      const delivered = await backend.delivered();
      if (delivered === null) return;
      const parsed = await Promise.all(delivered.map((raw) => simpleParser(raw)));
      expect(parsed.map((p) => [p.subject, p.text?.trimEnd()]).sort()).toEqual(
        [1, 2, 3, 4, 5].map((n) => [`Message ${n}`, `Body ${n}`]),
      );
    });
  });
}
