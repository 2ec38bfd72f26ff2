import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { nginxConfig } from '@stack/contrib-staticfiles';
import { execute, getHandler, setup } from '@stack/core';
import { getToken } from '@stack/middleware';
import { type HttpRequest, HttpResponse } from '@stack/request';
import { path as route } from '@stack/urls';
import { serve, type ServeHandle } from '@stack/wsgi';
import { Client } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './support/project.js';

// Debian's nginx on loopback, configured by `nginxConfig` (what `stack nginxconfig` prints), in
// front of a Stack server: static and media from nginx, everything else proxied.
const nginx = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((candidate) => existsSync(candidate));

let dir: string;
let stackServer: ServeHandle;
let child: ChildProcess | undefined;
let proxyPort: number;
let reachedStack: string[] = [];
const clients: Client[] = [];

function write(name: string, content: string | Buffer): void {
  mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  writeFileSync(path.join(dir, name), content);
}

const views = {
  form: (request: HttpRequest) =>
    new HttpResponse(
      request.method === 'POST'
        ? `thanks ${String(request.POST.get('name'))}`
        : `<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="${getToken(request)}"></form>`,
    ),
  client: (request: HttpRequest) =>
    new HttpResponse(
      `${String(request.META.REMOTE_ADDR)} secure=${request.isSecure()} host=${request.getHost()}`,
    ),
  upload: (request: HttpRequest) =>
    new HttpResponse(`got ${request.FILES.getlist('file').length} file(s)`),
};

/** A client whose connections leave from `localAddress` (any 127.x.y.z on Linux). */
function client(localAddress = '127.0.0.1') {
  const c = new Client(`http://127.0.0.1:${proxyPort}`, { localAddress });
  clients.push(c);
  return async (
    target: string,
    options: {
      method?: 'GET' | 'POST';
      headers?: Record<string, string>;
      body?: string | Buffer;
    } = {},
  ) => {
    const response = await c.request({ path: target, method: options.method ?? 'GET', ...options });
    return {
      status: response.statusCode,
      headers: response.headers,
      text: await response.body.text(),
    };
  };
}

describe.skipIf(!nginx && !process.env.CI)('Stack behind nginx', () => {
  beforeAll(async () => {
    if (!nginx) throw new Error('nginx is not installed (apt-get install nginx-light)');
    dir = mkdtempSync(path.join(tmpdir(), 'stack-nginx-'));
    write(
      'assets/css/site.css',
      `body { background: url("../img/dot.png"); }\n${'p { margin: 0 }\n'.repeat(100)}`,
    );
    write('assets/img/dot.png', 'png');
    write('uploads/photo.txt', 'a photo');
    const stackPort = await freePort();
    proxyPort = await freePort();
    await setup({
      debug: false,
      secretKey: 'nginx-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG',
      baseDir: dir,
      allowedHosts: ['localhost', '127.0.0.1'],
      installedApps: ['@stack/contrib-staticfiles'],
      middleware: [
        (getResponse: (r: HttpRequest) => unknown) => (request: HttpRequest) => {
          reachedStack.push(request.path);
          return getResponse(request);
        },
        '@stack/middleware:SecurityMiddleware',
        '@stack/middleware:CsrfViewMiddleware',
      ] as never,
      rootUrlconf: [
        route('form/', views.form),
        route('client/', views.client),
        route('upload/', views.upload),
      ] as never,
      databases: {},
      staticUrl: '/static/',
      staticRoot: 'collected',
      staticfilesDirs: ['assets'],
      staticfilesStorage: '@stack/contrib-staticfiles:CompressedManifestStaticFilesStorage',
      mediaUrl: '/media/',
      mediaRoot: 'uploads',
      secureProxySslHeader: ['HTTP_X_FORWARDED_PROTO', 'https'],
      trustedProxies: ['127.0.0.1'],
      dataUploadMaxMemorySize: 64 * 1024,
    } as never);
    const sink = { write: () => undefined };
    expect(
      await execute(['collectstatic', '--noinput'], { stdout: sink, stderr: sink, cwd: dir }),
    ).toBe(0);
    stackServer = serve((await getHandler()).application, {
      host: '127.0.0.1',
      port: stackPort,
      handleSignals: false,
    });
    await stackServer.listening;

    const prefix = path.join(dir, 'nginx');
    mkdirSync(prefix);
    const server = nginxConfig({
      upstream: `127.0.0.1:${stackPort}`,
      listen: `127.0.0.1:${proxyPort}`,
      serverName: 'localhost',
      staticUrl: '/static/',
      staticRoot: path.join(dir, 'collected'),
      mediaUrl: '/media/',
      mediaRoot: path.join(dir, 'uploads'),
      clientMaxBodySize: '1m',
    });
    writeFileSync(
      path.join(prefix, 'nginx.conf'),
      `daemon off; master_process off; pid ${prefix}/nginx.pid; error_log ${prefix}/error.log;
events {}
http {
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path ${prefix}/body; proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi; uwsgi_temp_path ${prefix}/uwsgi; scgi_temp_path ${prefix}/scgi;
${server}}
`,
    );
    child = spawn(nginx, ['-p', prefix, '-c', path.join(prefix, 'nginx.conf')], {
      stdio: 'ignore',
    });
    for (let i = 0; i < 200; i++) {
      const up = await new Promise<boolean>((resolve) => {
        const socket = connect(proxyPort, '127.0.0.1', () => {
          socket.destroy();
          resolve(true);
        });
        socket.on('error', () => resolve(false));
      });
      if (up) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }, 60_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await stackServer?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves the hashed static files itself, immutable and gzipped, never reaching Stack', async () => {
    reachedStack = [];
    const manifest = JSON.parse(readFileSync(path.join(dir, 'collected/staticfiles.json'), 'utf8'));
    const hashed = manifest.paths['css/site.css'] as string;
    const get = client();
    const css = await get(`/static/${hashed}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(css.status).toBe(200);
    expect(css.headers.server).toMatch(/^nginx/);
    expect(css.headers['content-type']).toBe('text/css');
    expect(css.headers['cache-control']).toBe('public, max-age=315360000, immutable');
    expect(css.headers['content-encoding']).toBe('gzip');
    const plain = await get('/static/css/site.css');
    expect(plain.text).toContain('url("../img/dot.png")');
    expect(plain.headers['cache-control']).toBe('public, max-age=60');
    const media = await get('/media/photo.txt');
    expect(media.text).toBe('a photo');
    expect((await get('/static/missing.css')).status).toBe(404);
    expect(reachedStack).toEqual([]);
  });

  it('proxies dynamic pages, and a form POST with its CSRF token passes through', async () => {
    reachedStack = [];
    const get = client();
    const form = await get('/form/');
    expect(form.status).toBe(200);
    const token = /value="([^"]+)"/.exec(form.text)?.[1] as string;
    const cookie = String(form.headers['set-cookie']).split(';')[0] as string;
    expect(cookie).toMatch(/^csrftoken=/);
    const headers = { 'content-type': 'application/x-www-form-urlencoded', cookie };
    const posted = await get('/form/', {
      method: 'POST',
      headers,
      body: `csrfmiddlewaretoken=${encodeURIComponent(token)}&name=ann`,
    });
    expect(posted).toMatchObject({ status: 200, text: 'thanks ann' });
    const forged = await get('/form/', { method: 'POST', headers, body: 'name=eve' });
    expect(forged.status).toBe(403);
    expect(reachedStack).toEqual(['/form/', '/form/', '/form/']);
  });

  it('gives the view the client address nginx saw, not one the client wrote', async () => {
    const get = client('127.0.0.7');
    expect((await get('/client/')).text).toBe(`127.0.0.7 secure=false host=127.0.0.1`);
    const spoofed = await get('/client/', {
      headers: { 'x-forwarded-for': '203.0.113.66', 'x-forwarded-proto': 'https' },
    });
    // nginx appends the address it saw and overwrites the scheme with its own ($scheme).
    expect(spoofed.text).toBe(`127.0.0.7 secure=false host=127.0.0.1`);
  });

  it('refuses an upload over client_max_body_size in nginx, and a body over Stack’s limit in Stack', async () => {
    reachedStack = [];
    const get = client();
    const boundary = 'x-boundary';
    const big = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      Buffer.alloc(2 * 1024 * 1024, 1),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const refused = await get('/upload/', {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: big,
    });
    expect(refused.status).toBe(413);
    expect(refused.text).toContain('nginx');
    expect(reachedStack).toEqual([]);
    const fields = await get('/upload/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `a=${'x'.repeat(200 * 1024)}`,
    });
    expect(reachedStack).toEqual(['/upload/']);
    expect(fields.status).toBe(413);
    expect(fields.headers.server).toMatch(/^nginx/); // nginx passes Stack's answer on
    expect(fields.text).not.toContain('<center>nginx');
  });
});
