import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HttpRequest, HttpResponse } from '@stack/request';
import { type Application, serve as listen, type ServeHandle } from '@stack/wsgi';
import { Client } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSystemFinder } from './finders.js';
import { staticFilesHandler, type StaticFilesHandlerOptions } from './handler.js';
import { guessType, serveFile } from './serve.js';

let dir: string;
let root: string;
const servers: ServeHandle[] = [];
const clients: Client[] = [];

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'stack-serve-'));
  root = path.join(dir, 'static');
  mkdirSync(path.join(root, 'css'), { recursive: true });
  writeFileSync(path.join(root, 'css/site.css'), 'body { color: red }');
  writeFileSync(path.join(root, 'app.js'), 'run()');
  writeFileSync(path.join(root, 'site.css.gz'), 'not really gzip');
  writeFileSync(path.join(dir, 'secret.txt'), 'SECRET');
  mkdirSync(path.join(dir, 'outside'));
  writeFileSync(path.join(dir, 'outside/inner.txt'), 'SECRET TOO');
  symlinkSync(path.join(dir, 'secret.txt'), path.join(root, 'link-out.txt'));
  symlinkSync(path.join(dir, 'outside'), path.join(root, 'dir-out'));
  symlinkSync(path.join(root, 'app.js'), path.join(root, 'link-in.js'));
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(servers.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

const project: Application = (environ, startResponse) =>
  new HttpResponse(`project saw ${environ.PATH_INFO}`).toWsgi(startResponse as never) as never;

async function server(options: Partial<StaticFilesHandlerOptions> = {}) {
  const app = staticFilesHandler(project, {
    staticUrl: '/static/',
    finders: [new FileSystemFinder([root])],
    debug: true,
    ...options,
  });
  const handle = listen(app, { host: '127.0.0.1', port: 0, handleSignals: false });
  servers.push(handle);
  const { port } = await handle.listening;
  const client = new Client(`http://127.0.0.1:${port}`);
  clients.push(client);
  // A raw request target: undici sends `path` as given, so `..` and `%2e` reach the server.
  return async (target: string, headers: Record<string, string> = {}) => {
    const response = await client.request({ path: target, method: 'GET', headers });
    return {
      status: response.statusCode,
      headers: response.headers,
      text: await response.body.text(),
    };
  };
}

describe('staticFilesHandler (runserver’s static serving)', () => {
  it('serves a found file with its content type and Last-Modified, and 304 when unchanged', async () => {
    const get = await server();
    const first = await get('/static/css/site.css');
    expect(first).toMatchObject({ status: 200, text: 'body { color: red }' });
    expect(first.headers['content-type']).toBe('text/css');
    expect(first.headers['content-length']).toBe('19');
    const lastModified = first.headers['last-modified'] as string;
    expect(lastModified).toMatch(/GMT$/);
    const again = await get('/static/css/site.css', { 'if-modified-since': lastModified });
    expect(again.status).toBe(304);
    expect((await get('/static/app.js')).headers['content-type']).toBe('text/javascript');
    const gz = await get('/static/site.css.gz');
    expect([gz.headers['content-type'], gz.headers['content-encoding']]).toEqual([
      'text/css',
      'gzip',
    ]);
  });

  it('passes other paths to the project, and 404s a missing file or a folder', async () => {
    const get = await server();
    expect((await get('/polls/')).text).toBe('project saw /polls/');
    expect((await get('/static/missing.css')).status).toBe(404);
    expect((await get('/static/css/')).status).toBe(404);
    expect((await get('/static/')).status).toBe(404);
  });

  it.each([
    ['../', '/static/../secret.txt'],
    ['../ twice', '/static/css/../../secret.txt'],
    ['%2e%2e%2f', '/static/%2e%2e%2fsecret.txt'],
    ['%2E%2E%2F upper case', '/static/%2E%2E%2Fsecret.txt'],
    ['..%2f', '/static/..%2fsecret.txt'],
    ['..%5c', '/static/..%5csecret.txt'],
    ['%5c..%5c', '/static/css%5c..%5c..%5csecret.txt'],
    ['%00', '/static/css/site.css%00.txt'],
    ['%00 alone', '/static/%00'],
    ['absolute', '/static//etc/passwd'],
    ['absolute encoded', '/static/%2fetc%2fpasswd'],
    ['absolute to the secret', '/static/{dir}/secret.txt'],
    ['a symbolic link to a file out of the root', '/static/link-out.txt'],
    ['a symbolic link to a folder out of the root', '/static/dir-out/inner.txt'],
    ['double encoding', '/static/%252e%252e%252fsecret.txt'],
  ])('gives 404 for %s, never the file outside the root', async (_case, target) => {
    const get = await server();
    const response = await get(target.replace('{dir}', encodeURI(dir)));
    expect(response.status).toBe(404);
    expect(response.text).not.toContain('SECRET');
  });

  it('follows a symbolic link that stays inside the root', async () => {
    const get = await server();
    expect((await get('/static/link-in.js')).text).toBe('run()');
  });

  it('serves nothing without debug, unless insecure', async () => {
    expect((await (await server({ debug: false }))('/static/app.js')).status).toBe(404);
    expect((await (await server({ debug: false, insecure: true }))('/static/app.js')).text).toBe(
      'run()',
    );
  });

  it('leaves a staticUrl on another host to that host', async () => {
    const get = await server({ staticUrl: 'https://cdn.example.com/static/' });
    expect((await get('/static/app.js')).text).toBe('project saw /static/app.js');
  });
});

describe('serveFile (media in development)', () => {
  function request(pathInfo: string, headers: Record<string, string> = {}) {
    return new HttpRequest({ REQUEST_METHOD: 'GET', PATH_INFO: pathInfo, ...headers } as never);
  }

  it('serves a file of the document root', async () => {
    const response = await serveFile(request('/media/app.js'), 'app.js', root);
    expect(response.status).toBe(200);
    expect(response.get('Content-Type')).toBe('text/javascript');
  });

  it.each([
    '../secret.txt',
    'css/../../secret.txt',
    '/etc/passwd',
    'a\0b',
    '..\\secret.txt',
    'link-out.txt',
    'css',
  ])('refuses %j with a 404', async (name) => {
    await expect(serveFile(request('/media/x'), name, root)).rejects.toMatchObject({ status: 404 });
  });
});

describe('guessType', () => {
  it('gives the type and the encoding as Python’s mimetypes does', () => {
    expect(guessType('a.css.br')).toEqual({ contentType: 'text/css', encoding: 'br' });
    expect(guessType('a.woff2')).toEqual({ contentType: 'font/woff2', encoding: undefined });
    expect(guessType('noext')).toEqual({
      contentType: 'application/octet-stream',
      encoding: undefined,
    });
  });
});
