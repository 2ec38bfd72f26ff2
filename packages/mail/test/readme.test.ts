import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCertificates, startSmtpServer, type TestCertificate } from './smtp-server.js';

// The README's example, run as written in its own Node process (as someone outside Stack runs
// it), against a real SMTP server with STARTTLS and a login; node trusts the test certificate
// through NODE_EXTRA_CA_CERTS, as a user would for a private CA.
const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(path.join(packageDir, 'README.md'), 'utf8');
const example = /## Example[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)![1]!;

let certificates: { certificates: Record<string, TestCertificate>; remove(): Promise<void> };
let dir: string;

beforeAll(async () => {
  certificates = await makeCertificates(['server']);
  // Inside the package, so `@stack/mail` resolves to this package as it would once installed.
  dir = mkdtempSync(path.join(packageDir, '.tmp-readme-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await certificates.remove();
});

describe('the README example', () => {
  it('is at most about 20 lines and runs as written against a real SMTP server', async () => {
    expect(example.trim().split('\n').length).toBeLessThanOrEqual(25);
    const { key, cert, certFile } = certificates.certificates.server!;
    const smtp = await startSmtpServer({
      starttls: true,
      key,
      cert,
      auth: { user: 'shop', pass: 'pw' },
    });
    try {
      const file = path.join(dir, 'example.ts');
      writeFileSync(file, example);
      await run(process.execPath, ['--conditions=@stack/source', '--import', 'tsx', file], {
        cwd: dir,
        env: {
          ...process.env,
          SMTP_HOST: '127.0.0.1',
          SMTP_PORT: String(smtp.port),
          SMTP_USER: 'shop',
          SMTP_PASSWORD: 'pw',
          NODE_EXTRA_CA_CERTS: certFile,
        },
      });
      expect(smtp.received).toHaveLength(2);
      const [welcome, invoice] = smtp.received;
      expect(welcome).toMatchObject({ secure: true, user: 'shop' });
      expect(welcome!.envelope).toMatchObject({
        from: 'shop@example.com',
        to: ['ann@example.com'],
      });
      expect(welcome!.parsed.subject).toBe('Welcome');
      expect(invoice!.envelope.to).toEqual(['ann@example.com', 'accounts@example.com']);
      expect(invoice!.parsed.html).toBe('<p>Your invoice is <b>attached</b>.</p>');
      expect(invoice!.parsed.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([
        ['invoice-42.csv', 'item,price\r\nhat,19.99\r\n'],
      ]);
      expect(invoice!.raw.toString()).not.toContain('accounts@example.com');
    } finally {
      await smtp.close();
    }
  });
});
