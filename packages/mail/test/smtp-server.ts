import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { promisify } from 'node:util';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/** A message as the test server received it: the envelope, the bytes and mailparser's reading. */
export interface Received {
  envelope: { from: string; to: string[]; use8BitMime: boolean };
  raw: Buffer;
  parsed: ParsedMail;
  /** Whether the session was over TLS (implicit or STARTTLS). */
  secure: boolean;
  /** Who logged in, when someone did. */
  user: string | undefined;
  /** The session's id: messages sent over one connection share it. */
  session: string;
}

/** A real SMTP server (nodemailer's `smtp-server`) on a free loopback port. */
export interface TestSmtpServer {
  port: number;
  received: Received[];
  /** The authentication methods clients used, in order. */
  logins: string[];
  /** Common names of the client certificates presented. */
  clientCertificates: string[];
  /** Connections accepted so far. */
  connections: number;
  close(): Promise<void>;
}

export interface TestSmtpOptions {
  /** Implicit TLS from the first byte. */
  secure?: boolean;
  /** Offer STARTTLS (needs `key`/`cert`). */
  starttls?: boolean;
  key?: Buffer;
  cert?: Buffer;
  /** Ask for a client certificate. */
  requestCert?: boolean;
  /** Require this user and password; methods offered default to PLAIN and LOGIN. */
  auth?: { user: string; pass: string; methods?: string[] };
  /** Refuse these recipients with 550. */
  refuse?: string[];
}

/** Starts a server; stop it with `close()`. */
export async function startSmtpServer(options: TestSmtpOptions = {}): Promise<TestSmtpServer> {
  const received: Received[] = [];
  const logins: string[] = [];
  const clientCertificates: string[] = [];
  const state = { connections: 0 };
  const tls = options.key && options.cert;
  const config: SMTPServerOptions = {
    secure: options.secure ?? false,
    ...(tls && { key: options.key, cert: options.cert }),
    ...(options.requestCert && { requestCert: true, rejectUnauthorized: false }),
    hideSTARTTLS: !(options.starttls && tls),
    disabledCommands: [...(options.auth ? [] : ['AUTH']), ...(tls ? [] : ['STARTTLS'])],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    authMethods: options.auth?.methods ?? ['PLAIN', 'LOGIN'],
    logger: false,
    onConnect(_session, callback) {
      state.connections += 1;
      callback();
    },
    onSecure(socket, _session, callback) {
      const peer = (socket as TLSSocket).getPeerCertificate?.();
      if (peer?.subject?.CN) clientCertificates.push(String(peer.subject.CN));
      callback();
    },
    onAuth(auth, _session, callback) {
      if (auth.username === options.auth?.user && auth.password === options.auth?.pass) {
        logins.push(auth.method);
        callback(null, { user: auth.username });
      } else callback(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, callback) {
      if (options.refuse?.includes(address.address)) {
        const error = new Error('No such user') as Error & { responseCode: number };
        error.responseCode = 550;
        callback(error);
      } else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            const from = session.envelope.mailFrom;
            received.push({
              envelope: {
                from: from ? from.address : '',
                to: session.envelope.rcptTo.map((r) => r.address),
                use8BitMime: from ? from.args !== false && 'BODY' in (from.args || {}) : false,
              },
              raw,
              parsed,
              secure: session.secure,
              user: session.user as string | undefined,
              session: session.id,
            });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  };
  const server = new SMTPServer(config);
  // A client that drops the connection is not a test failure.
  server.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('The SMTP server did not listen');
  return {
    port: address.port,
    received,
    logins,
    clientCertificates,
    get connections() {
      return state.connections;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const run = promisify(execFile);

/** A self-signed certificate for 127.0.0.1 and localhost, made with `openssl` now. */
export interface TestCertificate {
  key: Buffer;
  cert: Buffer;
  keyFile: string;
  certFile: string;
}

/** Makes certificates in a temporary folder; `remove()` deletes it. */
export async function makeCertificates(
  names: string[],
): Promise<{ certificates: Record<string, TestCertificate>; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'stack-mail-tls-'));
  const certificates: Record<string, TestCertificate> = {};
  for (const name of names) {
    const keyFile = path.join(dir, `${name}.key`);
    const certFile = path.join(dir, `${name}.pem`);
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ]);
    certificates[name] = {
      key: await readFile(keyFile),
      cert: await readFile(certFile),
      keyFile,
      certFile,
    };
  }
  return { certificates, remove: () => rm(dir, { recursive: true, force: true }) };
}
