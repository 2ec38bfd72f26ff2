import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Django imports a database backend's driver when the backend is first used, an e-mail backend
// when mail is first sent, Pillow when an image is first read: the packages load their optional
// dependencies at first use in the same way (each package's README says when). Each case runs in
// a fresh node process that records every module file it reads, so a dependency read at import
// time shows.

const here = dirname(fileURLToPath(import.meta.url));

// A resolve hook that writes each module `import` resolves to the file named by STACK_LAZY_LOG.
const HOOKS = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.STACK_LAZY_LOG, result.url + '\\n');
  return result;
}`;
const REGISTER = `data:text/javascript,${encodeURIComponent(
  `import { register } from 'node:module'; register(${JSON.stringify(
    `data:text/javascript,${encodeURIComponent(HOOKS)}`,
  )});`,
)}`;

// The script's preamble: `loaded(name)` says whether a file of `node_modules/<name>/` was read,
// by `import` (the hook's log) or by `require` (the CommonJS cache).
const PREAMBLE = `import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
const loaded = (name) => {
  const re = new RegExp('/node_modules/' + name + '/');
  const required = Object.keys(createRequire(import.meta.url).cache);
  const imported = readFileSync(process.env.STACK_LAZY_LOG, 'utf8').split('\\n');
  return required.some((file) => re.test(file)) || imported.some((url) => re.test(url));
};
`;

/** Runs `body` (an ES module, after the preamble) on the packages' sources; its last line, parsed. */
function recorded(body: string): unknown {
  const folder = mkdtempSync(join(tmpdir(), 'stack-lazy-'));
  const log = join(folder, 'resolved.log');
  writeFileSync(log, '');
  try {
    const out = execFileSync(
      process.execPath,
      [
        '--conditions=@stack/source',
        '--import',
        'tsx',
        '--import',
        REGISTER,
        '--input-type=module',
        '-e',
        PREAMBLE + body,
      ],
      {
        cwd: here,
        encoding: 'utf8',
        env: { ...process.env, NODE_ENV: 'test', STACK_LAZY_LOG: log },
      },
    );
    return JSON.parse(out.trim().split('\n').pop()!);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

describe('optional dependencies are read at first use', () => {
  it('@stack/orm: the SQLite and PostgreSQL drivers, when a connection of theirs is made', () => {
    // kysely is imported with the ORM: loaded later it would be its CommonJS build under tsx and
    // vitest, a twin of the application's `import 'kysely'` (`db instanceof Kysely` false).
    const body = `const drivers = () => ({ pg: loaded('pg'), sqlite: loaded('better-sqlite3') });
      const { connections } = await import('@stack/orm');
      const steps = { imported: drivers() };
      await connections.configure({
        default: { engine: 'sqlite', name: ':memory:' },
        other: { engine: 'postgres', url: 'postgres://nobody@127.0.0.1:9/none' },
      });
      steps.configured = drivers();
      await connections.get('default').session.all('SELECT 1', []);
      steps.sqlite = drivers();
      connections.get('other');
      steps.postgres = drivers();
      await connections.closeAll();
      console.log(JSON.stringify(steps));`;
    expect(recorded(body)).toEqual({
      imported: { pg: false, sqlite: false },
      configured: { pg: false, sqlite: false },
      sqlite: { pg: false, sqlite: true },
      postgres: { pg: true, sqlite: true },
    });
  }, 60_000);

  it('@stack/forms: image-size, when an ImageField first inspects an upload', () => {
    const body = `const { defineForm, ImageField } = await import('@stack/forms');
      const Avatar = defineForm({ avatar: new ImageField() });
      const imported = loaded('image-size');
      const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154789c63f8cfc0000003010100c9fe92ef0000000049454e44ae426082', 'hex');
      const upload = { name: 'me.png', size: png.length, contentType: 'image/png', read: async () => png };
      const form = new Avatar({ files: { avatar: upload } });
      const valid = await form.isValid();
      console.log(JSON.stringify({ imported, valid, cleaned: loaded('image-size'), image: form.cleanedData.avatar.image }));`;
    expect(recorded(body)).toEqual({
      imported: false,
      valid: true,
      cleaned: true,
      image: { width: 1, height: 1, format: 'png' },
    });
  }, 60_000);

  it('@stack/mail: nodemailer, when a message is first composed', () => {
    const body = `const { EmailMessage } = await import('@stack/mail');
      const imported = loaded('nodemailer');
      const email = new EmailMessage({ subject: 'Hi', body: 'Hello', fromEmail: 'a@example.com', to: ['b@example.com'] });
      const subject = (await email.message()).get('Subject');
      console.log(JSON.stringify({ imported, subject, composed: loaded('nodemailer') }));`;
    expect(recorded(body)).toEqual({ imported: false, subject: 'Hi', composed: true });
  }, 60_000);

  it('@stack/asgi: ws, at the first WebSocket handshake, not when the server starts', () => {
    // One HTTP request, then one handshake, on loopback.
    const body = `import { randomBytes } from 'node:crypto';
      import { request } from 'node:http';
      const { serve } = await import('@stack/asgi');
      const app = async (scope, receive, send) => {
        if (scope.type === 'http') {
          await receive();
          await send({ type: 'http.response.start', status: 200, headers: [] });
          await send({ type: 'http.response.body', body: new TextEncoder().encode('ok') });
          return;
        }
        if (scope.type !== 'websocket') return;
        for (;;) {
          const event = await receive();
          if (event.type === 'websocket.connect') await send({ type: 'websocket.accept' });
          else return;
        }
      };
      const steps = {};
      const handle = serve(app, { port: 0, lifespan: 'off', log: false });
      const { port } = await handle.listening;
      steps.listening = loaded('ws');
      steps.http = await new Promise((resolve, reject) => {
        request({ host: '127.0.0.1', port, path: '/' }, (res) => {
          res.resume();
          res.once('end', () => resolve(res.statusCode));
        }).once('error', reject).end();
      });
      steps.afterHttp = loaded('ws');
      const headers = {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
      };
      steps.websocket = await new Promise((resolve, reject) => {
        request({ host: '127.0.0.1', port, path: '/', headers })
          .once('upgrade', (res, socket) => { socket.destroy(); resolve(res.statusCode); })
          .once('error', reject)
          .end();
      });
      steps.afterWebSocket = loaded('ws');
      await handle.close();
      console.log(JSON.stringify(steps));`;
    expect(recorded(body)).toEqual({
      listening: false,
      http: 200,
      afterHttp: false,
      websocket: 101,
      afterWebSocket: true,
    });
  }, 60_000);
});
