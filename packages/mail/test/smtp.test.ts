import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  configureMail,
  EmailMessage,
  getConnection,
  ImproperlyConfigured,
  resetMailSettings,
  sendMail,
  SmtpEmailBackend,
  SmtpError,
} from '../src/index.js';
import { makeCertificates, startSmtpServer, type TestCertificate } from './smtp-server.js';

let certificates: Record<string, TestCertificate>;
let removeCertificates: () => Promise<void>;
const servers: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  ({ certificates, remove: removeCertificates } = await makeCertificates(['server', 'client']));
});
afterAll(() => removeCertificates());
afterEach(async () => {
  resetMailSettings();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function server(options: Parameters<typeof startSmtpServer>[0] = {}) {
  const started = await startSmtpServer(options);
  servers.push(started);
  return started;
}

const message = (extra: Partial<ConstructorParameters<typeof EmailMessage>[0]> = {}) =>
  new EmailMessage({
    subject: 'Hello',
    body: 'Body',
    fromEmail: 'from@example.com',
    to: ['to@example.com'],
    ...extra,
  });

/** A TCP server that accepts and then says nothing: the client waits for a greeting. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const tcp: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  const { port } = tcp.address() as { port: number };
  const handle = {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        tcp.close(() => resolve());
      }),
  };
  servers.push(handle);
  return handle;
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('the SMTP backend, configured like Django', () => {
  it('reads emailHost, emailPort and the login from the settings', async () => {
    const smtp = await server({ auth: { user: 'site', pass: 's3cret' } });
    configureMail({
      emailBackend: 'smtp',
      emailHost: '127.0.0.1',
      emailPort: smtp.port,
      emailHostUser: 'site',
      emailHostPassword: 's3cret',
      defaultFromEmail: 'Site <noreply@example.com>',
    });
    expect(
      await sendMail('Welcome', 'Hello there', null, ['ann@example.com', 'bob@example.com']),
    ).toBe(1);
    const [got] = smtp.received;
    expect(got!.envelope.from).toBe('noreply@example.com');
    expect(got!.envelope.to).toEqual(['ann@example.com', 'bob@example.com']);
    expect(got!.user).toBe('site');
    expect(got!.secure).toBe(false);
    expect(got!.parsed.subject).toBe('Welcome');
    expect(got!.parsed.text).toBe('Hello there\n');
  });

  it('puts Bcc recipients in the envelope only, and sends UTF-8 bodies as 8BITMIME', async () => {
    const smtp = await server();
    const backend = new SmtpEmailBackend({ host: '127.0.0.1', port: smtp.port });
    await backend.sendMessages([
      message({ body: 'Zażółć', cc: ['cc@example.com'], bcc: ['Hidden <hidden@exämple.com>'] }),
    ]);
    const [got] = smtp.received;
    // smtp-server shows the punycode domain we sent in Unicode again.
    expect(got!.envelope.to).toEqual(['to@example.com', 'cc@example.com', 'hidden@exämple.com']);
    expect(got!.envelope.use8BitMime).toBe(true);
    expect(got!.raw.toString('latin1')).not.toContain('hidden');
    expect(got!.parsed.text).toBe('Zażółć\n');
  });

  it('logs in with AUTH PLAIN or AUTH LOGIN, whichever the server offers', async () => {
    for (const method of ['PLAIN', 'LOGIN']) {
      const smtp = await server({ auth: { user: 'ann', pass: 'pw', methods: [method] } });
      const backend = getConnection('smtp', {
        host: '127.0.0.1',
        port: smtp.port,
        username: 'ann',
        password: 'pw',
      });
      expect(await backend.sendMessages([message()])).toBe(1);
      expect(smtp.logins).toEqual([method]);
    }
  });

  it('rejects a wrong password with SmtpError EAUTH, or resolves to 0 when failing silently', async () => {
    const smtp = await server({ auth: { user: 'ann', pass: 'pw' } });
    const options = { host: '127.0.0.1', port: smtp.port, username: 'ann', password: 'wrong' };
    const loud = new SmtpEmailBackend(options);
    const error = await loud.open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmtpError);
    expect((error as SmtpError).code).toBe('EAUTH');
    expect((error as SmtpError).responseCode).toBe(535);
    const quiet = new SmtpEmailBackend({ ...options, failSilently: true });
    expect(await quiet.open()).toBeNull();
    expect(await quiet.sendMessages([message()])).toBe(0);
    expect(
      await sendMail('x', 'y', 'from@example.com', ['to@example.com'], { connection: quiet }),
    ).toBe(0);
    expect(smtp.received).toHaveLength(0);
  });

  it('rejects when nothing listens (ESOCKET), unless failing silently', async () => {
    const port = await closedPort();
    const backend = new SmtpEmailBackend({ host: '127.0.0.1', port });
    await expect(backend.sendMessages([message()])).rejects.toMatchObject({
      name: 'SmtpError',
      code: 'ESOCKET',
    });
    configureMail({ emailHost: '127.0.0.1', emailPort: port });
    expect(await message().send({ failSilently: true })).toBe(0);
  });

  it('gives up on a server that never greets after emailTimeout seconds', async () => {
    const silent = await silentServer();
    configureMail({ emailHost: '127.0.0.1', emailPort: silent.port, emailTimeout: 0.3 });
    const error = await new SmtpEmailBackend().open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmtpError);
    expect((error as SmtpError).code).toBe('ETIMEDOUT');
  });

  it('refuses emailUseTls with emailUseSsl, as Django does', () => {
    expect(() => new SmtpEmailBackend({ useTls: true, useSsl: true })).toThrow(
      ImproperlyConfigured,
    );
    configureMail({ emailUseTls: true, emailUseSsl: true });
    expect(() => getConnection('smtp')).toThrow(/mutually exclusive/);
  });
});

describe('the SMTP backend over TLS', () => {
  it('speaks implicit TLS with emailUseSsl, trusting the certificate it is given', async () => {
    const { key, cert } = certificates.server!;
    const smtp = await server({ secure: true, key, cert, auth: { user: 'ann', pass: 'pw' } });
    const backend = new SmtpEmailBackend({
      host: '127.0.0.1',
      port: smtp.port,
      useSsl: true,
      username: 'ann',
      password: 'pw',
      tls: { ca: cert },
    });
    expect(await backend.sendMessages([message()])).toBe(1);
    expect(smtp.received[0]).toMatchObject({ secure: true, user: 'ann' });
  });

  it('upgrades with STARTTLS with emailUseTls, before logging in', async () => {
    const { key, cert } = certificates.server!;
    const smtp = await server({ starttls: true, key, cert, auth: { user: 'ann', pass: 'pw' } });
    configureMail({
      emailHost: '127.0.0.1',
      emailPort: smtp.port,
      emailUseTls: true,
      emailHostUser: 'ann',
      emailHostPassword: 'pw',
    });
    const backend = new SmtpEmailBackend({ tls: { ca: cert } });
    expect(await backend.sendMessages([message()])).toBe(1);
    expect(smtp.received[0]).toMatchObject({ secure: true, user: 'ann' });
  });

  it('stays in plain text without emailUseTls, even when the server offers STARTTLS (Django never upgrades)', async () => {
    const { key, cert } = certificates.server!;
    const smtp = await server({ starttls: true, key, cert });
    const backend = new SmtpEmailBackend({ host: '127.0.0.1', port: smtp.port });
    expect(await backend.sendMessages([message()])).toBe(1);
    expect(smtp.received[0]!.secure).toBe(false);
  });

  it('fails with emailUseTls when the server offers no STARTTLS', async () => {
    const smtp = await server();
    const backend = new SmtpEmailBackend({ host: '127.0.0.1', port: smtp.port, useTls: true });
    await expect(backend.open()).rejects.toBeInstanceOf(SmtpError);
    expect(smtp.received).toHaveLength(0);
  });

  it('refuses a certificate it cannot verify (Django 3.2 would not check it)', async () => {
    const { key, cert } = certificates.server!;
    const smtp = await server({ secure: true, key, cert });
    const backend = new SmtpEmailBackend({ host: '127.0.0.1', port: smtp.port, useSsl: true });
    const error = await backend.open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmtpError);
    expect(String((error as Error).message)).toMatch(/self[- ]signed|certificate/i);
  });

  it('presents the client certificate of emailSslCertfile and emailSslKeyfile', async () => {
    const { key, cert } = certificates.server!;
    const client = certificates.client!;
    const smtp = await server({ secure: true, key, cert, requestCert: true });
    configureMail({
      emailHost: '127.0.0.1',
      emailPort: smtp.port,
      emailUseSsl: true,
      emailSslCertfile: client.certFile,
      emailSslKeyfile: client.keyFile,
    });
    expect(await new SmtpEmailBackend({ tls: { ca: cert } }).sendMessages([message()])).toBe(1);
    expect(smtp.clientCertificates).toEqual(['client']);
  });
});

describe('SMTP connections', () => {
  it('sends several batches over one opened connection, and opens one per batch otherwise', async () => {
    const smtp = await server();
    const backend = new SmtpEmailBackend({ host: '127.0.0.1', port: smtp.port });
    expect(await backend.open()).toBe(true);
    expect(await backend.open()).toBe(false);
    await backend.sendMessages([message({ subject: 'a' }), message({ subject: 'b' })]);
    await backend.sendMessages([message({ subject: 'c' })]);
    await backend.close();
    expect(backend.connection).toBeNull();
    await backend.sendMessages([message({ subject: 'd' })]);
    await backend.sendMessages([message({ subject: 'e' })]);
    const sessions = smtp.received.map((got) => got.session);
    expect(new Set(sessions.slice(0, 3)).size).toBe(1);
    expect(new Set(sessions).size).toBe(3);
    expect(smtp.connections).toBe(3);
  });

  it('skips a message without recipients, opening nothing for it', async () => {
    const smtp = await server();
    const backend = new SmtpEmailBackend({ host: '127.0.0.1', port: smtp.port });
    expect(await backend.sendMessages([message({ to: [] })])).toBe(0);
    expect(await backend.sendMessages([message({ to: [] }), message()])).toBe(1);
    expect(smtp.received).toHaveLength(1);
  });

  it('delivers to the recipients the server takes, and goes on after a message it refuses', async () => {
    const smtp = await server({ refuse: ['nobody@example.com'] });
    const backend = new SmtpEmailBackend({
      host: '127.0.0.1',
      port: smtp.port,
      failSilently: true,
    });
    const partly = message({ to: ['to@example.com', 'nobody@example.com'] });
    const refused = message({ subject: 'refused', to: ['nobody@example.com'] });
    const after = message({ subject: 'after' });
    expect(await backend.sendMessages([partly, refused, after])).toBe(2);
    expect(smtp.received.map((got) => [got.parsed.subject, got.envelope.to])).toEqual([
      ['Hello', ['to@example.com']],
      ['after', ['to@example.com']],
    ]);
    const loud = new SmtpEmailBackend({ host: '127.0.0.1', port: smtp.port });
    await expect(loud.sendMessages([refused])).rejects.toMatchObject({
      name: 'SmtpError',
      code: 'EENVELOPE',
      responseCode: 550,
    });
  });

  it('sends to an international local part (SMTPUTF8)', async () => {
    const smtp = await server();
    const backend = new SmtpEmailBackend({ host: '127.0.0.1', port: smtp.port });
    expect(await backend.sendMessages([message({ to: ['jörg@exämple.com'] })])).toBe(1);
    expect(smtp.received[0]!.envelope.to).toEqual(['jörg@exämple.com']);
    expect(smtp.received[0]!.parsed.headers.get('to')).toMatchObject({ text: 'jörg@exämple.com' });
  });
});
