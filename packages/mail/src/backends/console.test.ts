import { describe, expect, it, vi } from 'vitest';
import { EmailMessage } from '../message.js';
import { ConsoleEmailBackend } from './console.js';

const message = new EmailMessage({
  subject: 'Password reset',
  body: `Go to http://testserver/reset/MQ/${'c'.repeat(70)}/ to choose a new password.`,
  fromEmail: 'from@example.com',
  to: ['to@example.com'],
});

describe('ConsoleEmailBackend', () => {
  it('writes the MIME message then 79 dashes, with the link on one line to copy', async () => {
    let written = '';
    const backend = new ConsoleEmailBackend({ stream: { write: (t: string) => (written += t) } });
    expect(await backend.sendMessages([message])).toBe(1);
    expect(written).toMatch(/^Subject: Password reset\n/m);
    expect(written).toContain(message.body);
    expect(written.endsWith(`\n${'-'.repeat(79)}\n`)).toBe(true);
  });

  it('writes to stdout by default', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await new ConsoleEmailBackend().sendMessages([message]);
      expect(String(write.mock.calls[0]![0])).toContain('Subject: Password reset');
    } finally {
      write.mockRestore();
    }
  });

  it('swallows a failing stream with failSilently, and says how many were written', async () => {
    let calls = 0;
    const stream = {
      write: () => {
        calls += 1;
        if (calls > 1) throw new Error('EPIPE');
      },
    };
    await expect(
      new ConsoleEmailBackend({ stream }).sendMessages([message, message]),
    ).rejects.toThrow('EPIPE');
    calls = 0;
    expect(
      await new ConsoleEmailBackend({ stream, failSilently: true }).sendMessages([
        message,
        message,
      ]),
    ).toBe(1);
  });
});
