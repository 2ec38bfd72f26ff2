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
  it('@stack/request: busboy, iconv-lite, secure-json-parse, mime-types, at their first use', () => {
    const body = `const { HttpRequest, requestSettings, FileResponse } = await import('@stack/request');
      const names = ['@fastify/busboy', 'iconv-lite', 'secure-json-parse', 'mime-types'];
      const state = () => Object.fromEntries(names.map((name) => [name, loaded(name)]));
      const post = (bytes, contentType) => new HttpRequest({
        REQUEST_METHOD: 'POST', PATH_INFO: '/', QUERY_STRING: '', CONTENT_TYPE: contentType,
        CONTENT_LENGTH: String(bytes.length), 'wsgi.input': (async function* () { yield bytes; })(),
      }, requestSettings({}));
      const steps = { imported: state() };
      const json = await post(Buffer.from('{"a":1}'), 'application/json').json();
      steps.json = state();
      const form = post(Buffer.from('--b\\r\\nContent-Disposition: form-data; name="f"\\r\\n\\r\\nv\\r\\n--b--\\r\\n'), 'multipart/form-data; boundary=b');
      await form.load();
      steps.multipart = state();
      const latin = post(Buffer.from([0x61, 0x3d, 0xa4]), 'application/x-www-form-urlencoded; charset=iso-8859-15');
      await latin.load();
      steps.charset = state();
      const file = new FileResponse(Buffer.from('x'), { filename: 'a.css' });
      steps.file = state();
      console.log(JSON.stringify({ steps, json, field: form.POST.get('f'), latin: latin.POST.get('a'), type: file.get('Content-Type') }));`;
    const none = {
      '@fastify/busboy': false,
      'iconv-lite': false,
      'secure-json-parse': false,
      'mime-types': false,
    };
    expect(recorded(body)).toEqual({
      steps: {
        imported: none,
        json: { ...none, 'secure-json-parse': true },
        multipart: { ...none, 'secure-json-parse': true, '@fastify/busboy': true },
        charset: {
          '@fastify/busboy': true,
          'iconv-lite': true,
          'secure-json-parse': true,
          'mime-types': false,
        },
        file: {
          '@fastify/busboy': true,
          'iconv-lite': true,
          'secure-json-parse': true,
          'mime-types': true,
        },
      },
      json: { a: 1 },
      field: 'v',
      latin: '\u20ac',
      type: 'text/css',
    });
  }, 60_000);

  it('@stack/templates: entities, when a named character reference is first unescaped', () => {
    const body = `const { Engine } = await import('@stack/templates');
      const engine = new Engine({});
      const imported = loaded('entities');
      const plain = await engine.fromString('{{ v|urlize }}').render({ v: 'see https://example.com/' });
      const afterPlain = loaded('entities');
      const html = await engine.fromString('{{ v|urlize }}').render({ v: 'https://example.com/?a=1&amp;b=2' });
      console.log(JSON.stringify({ imported, afterPlain, linked: html.includes('href'), used: loaded('entities') }));`;
    expect(recorded(body)).toEqual({
      imported: false,
      afterPlain: false,
      linked: true,
      used: true,
    });
  }, 60_000);

  it('@stack/contrib-auth: bcryptjs, when a bcrypt hasher first runs', () => {
    const body = `const { BCryptSHA256PasswordHasher } = await import('@stack/contrib-auth');
      const imported = loaded('bcryptjs');
      const hasher = new BCryptSHA256PasswordHasher({ rounds: 4 });
      const constructed = loaded('bcryptjs');
      const encoded = await hasher.encode('secret', hasher.salt());
      const verified = await hasher.verify('secret', encoded);
      console.log(JSON.stringify({ imported, constructed, verified, used: loaded('bcryptjs') }));`;
    expect(recorded(body)).toEqual({
      imported: false,
      constructed: false,
      verified: true,
      used: true,
    });
  }, 60_000);

  it('@stack/contrib-staticfiles: mime-types, when a file type is first guessed', () => {
    const body = `const { guessType } = await import('@stack/contrib-staticfiles');
      const imported = loaded('mime-types');
      const type = guessType('site.css.gz');
      console.log(JSON.stringify({ imported, type, used: loaded('mime-types') }));`;
    expect(recorded(body)).toEqual({
      imported: false,
      type: { contentType: 'text/css', encoding: 'gzip' },
      used: true,
    });
  }, 60_000);
});
