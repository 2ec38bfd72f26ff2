import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { HttpRequest, HttpResponse } from '@stack/request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectstatic } from './collectstatic.js';
import { CompressedManifestStaticFilesStorage } from './compressed-storage.js';
import { compressStaticFiles } from './compress.js';
import { FileSystemFinder } from './finders.js';
import { StaticFilesMiddleware, type StaticFilesMiddlewareSettings } from './middleware.js';
import { StaticFilesStorage } from './storage.js';

let dir: string;
let root: string;
const css = 'body { color: red; }\n'.repeat(50);

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'stack-mw-'));
  const src = path.join(dir, 'src');
  root = path.join(dir, 'collected');
  mkdirSync(path.join(src, 'css'), { recursive: true });
  writeFileSync(path.join(src, 'css/site.css'), css);
  writeFileSync(path.join(src, 'logo.png'), 'png bytes that are not worth compressing');
  writeFileSync(path.join(dir, 'secret.txt'), 'SECRET');
  await collectstatic({
    finders: [new FileSystemFinder([src])],
    storage: new CompressedManifestStaticFilesStorage({ location: root, baseUrl: '/static/' }),
    interactive: false,
    verbosity: 0,
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function handler(settings: StaticFilesMiddlewareSettings = {}) {
  return StaticFilesMiddleware({ staticRoot: root, staticUrl: '/static/', ...settings })(
    (request) => new HttpResponse(`app: ${request.path}`),
  );
}

function request(pathInfo: string, headers: Record<string, string> = {}, method = 'GET') {
  return new HttpRequest({ REQUEST_METHOD: method, PATH_INFO: pathInfo, ...headers } as never);
}

async function body(response: { streamingContent?: AsyncIterable<Uint8Array> }): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of response.streamingContent!) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

describe('StaticFilesMiddleware', () => {
  const hashed = () => {
    const manifest = JSON.parse(readFileSync(path.join(root, 'staticfiles.json'), 'utf8')) as {
      paths: Record<string, string>;
    };
    return manifest.paths['css/site.css'] as string;
  };

  it('caches hashed names forever and plain names briefly', async () => {
    const serve = handler();
    const forever = await serve(request(`/static/${hashed()}`));
    expect(forever.status).toBe(200);
    expect(forever.get('Cache-Control')).toBe('max-age=315360000, public, immutable');
    expect(forever.get('Content-Type')).toBe('text/css');
    const plain = await serve(request('/static/css/site.css'));
    expect(plain.get('Cache-Control')).toBe('max-age=60, public');
  });

  it('sends brotli or gzip as Accept-Encoding allows, with Vary', async () => {
    const serve = handler();
    const br = await serve(request(`/static/${hashed()}`, { HTTP_ACCEPT_ENCODING: 'gzip, br' }));
    expect(br.get('Content-Encoding')).toBe('br');
    expect(br.get('Vary')).toBe('Accept-Encoding');
    expect(brotliDecompressSync(await body(br as never)).toString()).toBe(css);
    const gz = await serve(
      request(`/static/${hashed()}`, { HTTP_ACCEPT_ENCODING: 'gzip, br;q=0' }),
    );
    expect(gz.get('Content-Encoding')).toBe('gzip');
    expect(gunzipSync(await body(gz as never)).toString()).toBe(css);
    const identity = await serve(request(`/static/${hashed()}`));
    expect(identity.get('Content-Encoding')).toBeUndefined();
    expect((await body(identity as never)).toString()).toBe(css);
  });

  it('does not compress formats that are compressed already', async () => {
    const png = await handler()(request('/static/logo.png', { HTTP_ACCEPT_ENCODING: 'gzip, br' }));
    expect(png.get('Content-Encoding')).toBeUndefined();
    expect(png.get('Vary')).toBeUndefined();
  });

  it('answers If-None-Match and If-Modified-Since with 304', async () => {
    const serve = handler();
    const first = await serve(request('/static/css/site.css'));
    const etag = first.get('ETag') as string;
    expect(
      (await serve(request('/static/css/site.css', { HTTP_IF_NONE_MATCH: etag }))).status,
    ).toBe(304);
    const since = first.get('Last-Modified') as string;
    expect(
      (await serve(request('/static/css/site.css', { HTTP_IF_MODIFIED_SINCE: since }))).status,
    ).toBe(304);
  });

  it('passes on what it does not hold, and refuses writes to what it holds', async () => {
    const serve = handler();
    expect((await serve(request('/static/missing.css'))).content.toString()).toBe(
      'app: /static/missing.css',
    );
    expect((await serve(request('/polls/'))).content.toString()).toBe('app: /polls/');
    expect((await serve(request('/static/css/site.css', {}, 'POST'))).status).toBe(405);
  });

  it.each([
    '/static/../secret.txt',
    '/static/css/../../secret.txt',
    '/static/a\0b',
    '/static/..\\secret.txt',
  ])('never serves %j from outside the root', async (target) => {
    for (const serve of [handler(), handler({ debug: true })]) {
      const response = await serve(request(target));
      expect((response as HttpResponse).content?.toString()).toBe(`app: ${target}`);
    }
  });

  it('sends one byte range of the plain file, and 416 past its end', async () => {
    const serve = handler();
    const size = Buffer.byteLength(css);
    const first = await serve(
      request('/static/css/site.css', { HTTP_RANGE: 'bytes=0-3', HTTP_ACCEPT_ENCODING: 'br' }),
    );
    expect(first.status).toBe(206);
    expect(first.get('Content-Range')).toBe(`bytes 0-3/${size}`);
    expect(first.get('Content-Encoding')).toBeUndefined();
    expect((await body(first as never)).toString()).toBe('body');
    const tail = await serve(request('/static/css/site.css', { HTTP_RANGE: 'bytes=-2' }));
    expect((await body(tail as never)).toString()).toBe('}\n');
    const open = await serve(request('/static/css/site.css', { HTTP_RANGE: `bytes=${size - 1}-` }));
    expect(open.get('Content-Range')).toBe(`bytes ${size - 1}-${size - 1}/${size}`);
    const past = await serve(request('/static/css/site.css', { HTTP_RANGE: `bytes=${size}-` }));
    expect([past.status, past.get('Content-Range')]).toEqual([416, `bytes */${size}`]);
    for (const odd of ['bytes=0-1,4-5', 'lines=1-2', 'bytes=-', 'bytes=x-y']) {
      const whole = await serve(request('/static/css/site.css', { HTTP_RANGE: odd }));
      expect(whole.status, odd).toBe(200);
    }
    const stale = await serve(
      request('/static/css/site.css', { HTTP_RANGE: 'bytes=0-3', HTTP_IF_RANGE: '"old"' }),
    );
    expect(stale.status).toBe(200);
  });

  it('in debug, finds files collected after it started', async () => {
    const serve = handler({ debug: true });
    writeFileSync(path.join(root, 'late.txt'), 'late');
    expect((await body((await serve(request('/static/late.txt'))) as never)).toString()).toBe(
      'late',
    );
    expect((await serve(request('/static/late.txt'))).get('Cache-Control')).toBe(
      'max-age=0, public',
    );
  });

  it('serves what collectstatic --link linked into staticRoot', async () => {
    const linked = path.join(dir, 'linked');
    await collectstatic({
      finders: [new FileSystemFinder([path.join(dir, 'src')])],
      storage: new StaticFilesStorage({ location: linked, baseUrl: '/static/' }),
      interactive: false,
      link: true,
      verbosity: 0,
    });
    for (const serve of [
      handler({ staticRoot: linked }),
      handler({ staticRoot: linked, debug: true }),
    ]) {
      const response = await serve(request('/static/css/site.css'));
      expect((await body(response as never)).toString()).toBe(css);
    }
  });

  it('does nothing without staticRoot', async () => {
    const serve = handler({ staticRoot: null });
    expect((await serve(request('/static/css/site.css'))).content.toString()).toBe(
      'app: /static/css/site.css',
    );
  });
});

describe('compressStaticFiles', () => {
  it('writes .gz and .br only when they save space', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'stack-compress-'));
    try {
      writeFileSync(path.join(folder, 'big.js'), 'x'.repeat(1000));
      writeFileSync(path.join(folder, 'tiny.js'), 'x');
      writeFileSync(path.join(folder, 'a.woff2'), 'x'.repeat(1000));
      expect(compressStaticFiles(folder).written.sort()).toEqual(['big.js.br', 'big.js.gz']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
