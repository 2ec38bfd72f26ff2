import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BadRequest,
  MultiPartParserError,
  RawPostDataException,
  RequestDataTooBig,
  TooManyFieldsSent,
  TooManyFilesSent,
  UnreadablePostError,
} from './errors.js';
import { HttpRequest } from './request.js';
import { requestSettings, type RequestOptions } from './request-settings.js';

let tempDir: string;
beforeEach(async () => {
  tempDir = await mkdtemp(join(tmpdir(), 'stack-request-test-'));
});
afterEach(async () => {
  await rm(tempDir, { recursive: true, force: true });
});

async function* chunked(body: Buffer, size = 7): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < body.length; at += size) yield body.subarray(at, at + size);
}

function post(
  body: string | Buffer,
  contentType: string,
  options: RequestOptions = {},
  extra: Record<string, unknown> = {},
) {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return new HttpRequest(
    {
      REQUEST_METHOD: 'POST',
      PATH_INFO: '/',
      QUERY_STRING: '',
      CONTENT_TYPE: contentType,
      CONTENT_LENGTH: String(bytes.length),
      'wsgi.input': chunked(bytes),
      ...extra,
    },
    requestSettings({ fileUploadTempDir: tempDir, ...options }),
  );
}

const BOUNDARY = 'xXxBoundaryxXx';
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;

type Part = { name: string; value: string | Buffer; filename?: string; type?: string };
function multipart(parts: Part[], boundary = BOUNDARY): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`;
    if (part.filename !== undefined)
      head += `; filename="${part.filename}"\r\nContent-Type: ${part.type ?? 'application/octet-stream'}`;
    chunks.push(Buffer.from(head + '\r\n\r\n'), Buffer.from(part.value), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

describe('urlencoded bodies', () => {
  it('parses POST after load(), synchronously, and keeps body', async () => {
    const request = post('a=1&a=2&b=%C3%A9+x', 'application/x-www-form-urlencoded');
    await request.load();
    expect(request.POST.getlist('a')).toEqual(['1', '2']);
    expect(request.POST.get('b')).toBe('é x');
    expect(request.body.toString()).toBe('a=1&a=2&b=%C3%A9+x');
    expect(request.FILES.size).toBe(0);
    expect(() => request.POST.set('a', 'x')).toThrow(TypeError);
  });

  it('honours the charset of the content type', async () => {
    const request = post('a=%E9', 'application/x-www-form-urlencoded; charset=iso-8859-1');
    await request.load();
    expect(request.POST.get('a')).toBe('é');
  });

  it('accepts a body of exactly dataUploadMaxMemorySize bytes and refuses one more (413)', async () => {
    const ok = post('a=' + 'x'.repeat(98), 'application/x-www-form-urlencoded', {
      dataUploadMaxMemorySize: 100,
    });
    await ok.load();
    expect(ok.POST.get('a')).toHaveLength(98);
    const big = post('a=' + 'x'.repeat(99), 'application/x-www-form-urlencoded', {
      dataUploadMaxMemorySize: 100,
    });
    await expect(big.load()).rejects.toThrow(RequestDataTooBig);
    await expect(big.load()).rejects.toMatchObject({ status: 413 });
    expect(() => big.POST).toThrow(RequestDataTooBig);
  });

  it('refuses a body longer than the limit even when Content-Length lies or is absent', async () => {
    const request = post(
      'a=' + 'x'.repeat(200),
      'application/x-www-form-urlencoded',
      { dataUploadMaxMemorySize: 100 },
      { CONTENT_LENGTH: '' },
    );
    await expect(request.load()).rejects.toThrow(RequestDataTooBig);
  });

  it('counts query string and body fields together: N passes, N+1 fails', async () => {
    const limits = { dataUploadMaxNumberFields: 4 };
    const ok = post('c=3&d=4', 'application/x-www-form-urlencoded', limits, {
      QUERY_STRING: 'a=1&b=2',
    });
    await ok.load();
    expect(ok.POST.size + ok.GET.size).toBe(4);
    const over = post('c=3&d=4&e=5', 'application/x-www-form-urlencoded', limits, {
      QUERY_STRING: 'a=1&b=2',
    });
    await expect(over.load()).rejects.toThrow(TooManyFieldsSent);
  });

  it('keeps hostile keys as plain keys', async () => {
    const request = post(
      '__proto__=x&constructor=y&__proto__%5Bpolluted%5D=1',
      'application/x-www-form-urlencoded',
    );
    await request.load();
    expect(request.POST.get('__proto__')).toBe('x');
    expect(request.POST.get('constructor')).toBe('y');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('JSON bodies', () => {
  it('parses JSON with json()', async () => {
    const request = post('{"a":[1,2],"b":{"c":null}}', 'application/json');
    expect(await request.json()).toEqual({ a: [1, 2], b: { c: null } });
    expect(request.POST.size).toBe(0);
  });

  it.each([
    '{"__proto__":{"isAdmin":true}}',
    '{"a":{"__proto__":{"x":1}}}',
    '{"constructor":{"prototype":{"isAdmin":true}}}',
    '{"\\u005f_proto__":{"x":1}}',
  ])('refuses the prototype-poisoning body %s with BadRequest', async (body) => {
    await expect(post(body, 'application/json').json()).rejects.toThrow(BadRequest);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('turns malformed JSON into BadRequest and honours the size limit', async () => {
    await expect(post('{"a":', 'application/json').json()).rejects.toThrow(BadRequest);
    await expect(
      post('{"a":"' + 'x'.repeat(100) + '"}', 'application/json', {
        dataUploadMaxMemorySize: 50,
      }).json(),
    ).rejects.toThrow(RequestDataTooBig);
  });
});

describe('multipart bodies', () => {
  it('parses fields and small files into POST and FILES', async () => {
    const request = post(
      multipart([
        { name: 'title', value: 'héllo' },
        { name: 'title', value: 'again' },
        {
          name: 'doc',
          value: 'file body',
          filename: 'notes.txt',
          type: 'text/plain; charset=utf-8',
        },
      ]),
      MULTIPART,
    );
    await request.load();
    expect(request.POST.getlist('title')).toEqual(['héllo', 'again']);
    const doc = request.FILES.get('doc')!;
    expect(doc.name).toBe('notes.txt');
    expect(doc.size).toBe(9);
    expect(doc.contentType).toBe('text/plain');
    expect(doc.inMemory).toBe(true);
    expect((await doc.read()).toString()).toBe('file body');
    expect(() => request.body).toThrow(RawPostDataException);
  });

  it('spills a file larger than fileUploadMaxMemorySize to a temp file that close() deletes', async () => {
    const content = Buffer.alloc(5000, 'z');
    const request = post(
      multipart([{ name: 'big', value: content, filename: 'big.bin' }]),
      MULTIPART,
      {
        fileUploadMaxMemorySize: 4096,
      },
    );
    await request.load();
    const file = request.FILES.get('big')!;
    expect(file.inMemory).toBe(false);
    expect(file.temporaryFilePath()!.startsWith(tempDir)).toBe(true);
    expect((await file.read()).equals(content)).toBe(true);
    expect(await readdir(tempDir)).toHaveLength(1);
    await request.close();
    expect(await readdir(tempDir)).toHaveLength(0);
  });

  it('spills a file of fileUploadMaxMemorySize + 1 bytes', async () => {
    const request = post(
      multipart([{ name: 'f', value: Buffer.alloc(4097, 1), filename: 'f.bin' }]),
      MULTIPART,
      {
        fileUploadMaxMemorySize: 4096,
      },
    );
    await request.load();
    expect(request.FILES.get('f')!.inMemory).toBe(false);
    await request.close();
    expect(await readdir(tempDir)).toHaveLength(0);
  });

  it('keeps a file of exactly fileUploadMaxMemorySize bytes in memory', async () => {
    const request = post(
      multipart([{ name: 'f', value: Buffer.alloc(4096, 1), filename: 'f.bin' }]),
      MULTIPART,
      {
        fileUploadMaxMemorySize: 4096,
      },
    );
    await request.load();
    expect(request.FILES.get('f')!.inMemory).toBe(true);
  });

  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\windows\\win.ini', 'win.ini'],
    ['C:\\Users\\me\\photo.jpg', 'photo.jpg'],
    ['/absolute/path.txt', 'path.txt'],
    ['&#x2e;&#x2e;&#x2f;secret.txt', 'secret.txt'],
    ['a\u0000b\u200bc.txt', 'abc.txt'],
  ])('reduces the file name %j to the basename %j', async (raw, safe) => {
    const request = post(multipart([{ name: 'f', value: 'x', filename: raw }]), MULTIPART);
    await request.load();
    expect(request.FILES.get('f')!.name).toBe(safe);
  });

  it.each(['..', '.', '', 'dir/..'])('drops a file whose name reduces to %j', async (raw) => {
    const request = post(multipart([{ name: 'f', value: 'x', filename: raw }]), MULTIPART);
    await request.load();
    expect(request.FILES.has('f')).toBe(false);
  });

  it('keeps __proto__ and constructor field names as plain keys', async () => {
    const request = post(
      multipart([
        { name: '__proto__', value: 'a' },
        { name: 'constructor', value: 'b' },
        { name: '__proto__', value: 'c', filename: 'x.txt' },
      ]),
      MULTIPART,
    );
    await request.load();
    expect(request.POST.get('__proto__')).toBe('a');
    expect(request.POST.get('constructor')).toBe('b');
    expect(request.FILES.get('__proto__')!.name).toBe('x.txt');
  });

  it('accepts exactly dataUploadMaxNumberFiles files and refuses one more, removing temp files', async () => {
    const files = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        name: `f${i}`,
        value: Buffer.alloc(300, 1),
        filename: `${i}.bin`,
      }));
    const ok = post(multipart(files(3)), MULTIPART, {
      dataUploadMaxNumberFiles: 3,
      fileUploadMaxMemorySize: 100,
    });
    await ok.load();
    expect(ok.FILES.size).toBe(3);
    await ok.close();
    const over = post(multipart(files(4)), MULTIPART, {
      dataUploadMaxNumberFiles: 3,
      fileUploadMaxMemorySize: 100,
    });
    await expect(over.load()).rejects.toThrow(TooManyFilesSent);
    expect(() => over.FILES).toThrow(TooManyFilesSent);
    expect(await readdir(tempDir)).toHaveLength(0);
  });

  it('accepts exactly dataUploadMaxNumberFields fields and refuses one more', async () => {
    const fields = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ name: `f${i}`, value: 'v' }));
    const ok = post(multipart(fields(5)), MULTIPART, { dataUploadMaxNumberFields: 5 });
    await ok.load();
    expect(ok.POST.size).toBe(5);
    await expect(
      post(multipart(fields(6)), MULTIPART, { dataUploadMaxNumberFields: 5 }).load(),
    ).rejects.toThrow(TooManyFieldsSent);
  });

  it('counts field bytes (name + value + 2) against dataUploadMaxMemorySize, not file contents', async () => {
    // 'a' + 2 + 97 = 100 bytes of fields; the file does not count.
    const ok = post(
      multipart([
        { name: 'a', value: 'x'.repeat(97) },
        { name: 'f', value: Buffer.alloc(1000), filename: 'f' },
      ]),
      MULTIPART,
      {
        dataUploadMaxMemorySize: 100,
      },
    );
    await ok.load();
    expect(ok.POST.get('a')).toHaveLength(97);
    const over = post(multipart([{ name: 'a', value: 'x'.repeat(98) }]), MULTIPART, {
      dataUploadMaxMemorySize: 100,
    });
    await expect(over.load()).rejects.toThrow(RequestDataTooBig);
  });

  it('accepts a 70-character boundary and refuses 71, or none', async () => {
    const b70 = 'b'.repeat(70);
    const ok = post(
      multipart([{ name: 'a', value: '1' }], b70),
      `multipart/form-data; boundary=${b70}`,
    );
    await ok.load();
    expect(ok.POST.get('a')).toBe('1');
    const b71 = 'b'.repeat(71);
    await expect(
      post(
        multipart([{ name: 'a', value: '1' }], b71),
        `multipart/form-data; boundary=${b71}`,
      ).load(),
    ).rejects.toThrow(MultiPartParserError);
    await expect(post('x', 'multipart/form-data').load()).rejects.toThrow(MultiPartParserError);
  });

  it('refuses a truncated body with MultiPartParserError and removes partial temp files', async () => {
    const body = multipart([{ name: 'f', value: Buffer.alloc(5000, 2), filename: 'f.bin' }]);
    const request = post(body.subarray(0, 4500), MULTIPART, { fileUploadMaxMemorySize: 1000 });
    await expect(request.load()).rejects.toThrow(MultiPartParserError);
    expect(await readdir(tempDir)).toHaveLength(0);
  });

  it.each([
    ['a bare CR', 'a\rb.txt'],
    ['a bare LF', 'a\nb.txt'],
  ])('refuses a file name with %s (400), never drops the file silently', async (_what, raw) => {
    const request = post(multipart([{ name: 'f', value: 'x', filename: raw }]), MULTIPART);
    const error = await request.load().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(MultiPartParserError);
    expect(error).toMatchObject({ status: 400 });
    expect((error as Error).message).toMatch(/bare CR or LF/);
  });

  it('refuses a file name that decodes (RFC 5987) to a line break', async () => {
    const body =
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="f"; filename*=UTF-8''a%0Ab.txt\r\n` +
      `\r\nx\r\n--${BOUNDARY}--\r\n`;
    await expect(post(body, MULTIPART).load()).rejects.toThrow(/bare CR or LF in its name/);
  });

  it.each([
    ['no headers at all', `--${BOUNDARY}\r\n\r\nhello\r\n--${BOUNDARY}--\r\n`, /no headers/],
    [
      'no headers, after a good part',
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n` +
        `--${BOUNDARY}\r\n\r\nhello\r\n--${BOUNDARY}--\r\n`,
      /no headers/,
    ],
    [
      'no Content-Disposition',
      `--${BOUNDARY}\r\nContent-Type: text/plain\r\n\r\nhello\r\n--${BOUNDARY}--\r\n`,
      /no valid Content-Disposition/,
    ],
    [
      'a Content-Disposition that is not form-data',
      `--${BOUNDARY}\r\nContent-Disposition: attachment; name="a"\r\n\r\n1\r\n--${BOUNDARY}--\r\n`,
      /not form-data/,
    ],
  ])('refuses a part with %s (400)', async (_what, body, message) => {
    const request = post(body, MULTIPART);
    const error = await request.load().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(MultiPartParserError);
    expect((error as Error).message).toMatch(message);
  });

  it('refuses garbage with MultiPartParserError, never a crash or a hang', async () => {
    await expect(post('not multipart at all', MULTIPART).load()).rejects.toThrow(
      MultiPartParserError,
    );
    await expect(post(`--${BOUNDARY}\r\nno-headers-end`, MULTIPART).load()).rejects.toThrow(
      MultiPartParserError,
    );
  });

  it('removes temp files when the body stream fails half-way', async () => {
    const body = multipart([{ name: 'f', value: Buffer.alloc(20_000, 3), filename: 'f.bin' }]);
    async function* aborted() {
      yield body.subarray(0, 8000);
      await new Promise((resolve) => setTimeout(resolve, 5));
      throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    }
    const request = new HttpRequest(
      {
        REQUEST_METHOD: 'POST',
        CONTENT_TYPE: MULTIPART,
        CONTENT_LENGTH: String(body.length),
        'wsgi.input': aborted(),
      },
      requestSettings({ fileUploadTempDir: tempDir, fileUploadMaxMemorySize: 1000 }),
    );
    await expect(request.load()).rejects.toThrow(MultiPartParserError);
    expect(await readdir(tempDir)).toHaveLength(0);
  });
});

describe('a client that disconnects in the middle of the body', () => {
  async function* aborted() {
    yield Buffer.from('a=1&b=');
    await new Promise((resolve) => setTimeout(resolve, 5));
    throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
  }
  it.each([
    ['urlencoded', 'application/x-www-form-urlencoded'],
    ['JSON', 'application/json'],
  ])('makes a %s load() fail with UnreadablePostError (400), not a 500', async (_what, type) => {
    const request = new HttpRequest(
      {
        REQUEST_METHOD: 'POST',
        CONTENT_TYPE: type,
        CONTENT_LENGTH: '100',
        'wsgi.input': aborted(),
      },
      requestSettings({}),
    );
    const error = await request.load().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(UnreadablePostError);
    expect(error).toMatchObject({ status: 400 });
    expect((error as Error).message).toBe(
      'The client disconnected before sending the whole request body (aborted).',
    );
  });

  it('keeps the size limit a 413, not a disconnect', async () => {
    await expect(
      post('a='.padEnd(200, 'x'), 'application/x-www-form-urlencoded', {
        dataUploadMaxMemorySize: 100,
      }).load(),
    ).rejects.toThrow(RequestDataTooBig);
  });
});

describe('stream()', () => {
  it('hands over the raw body, after which body is unavailable', async () => {
    const request = post('raw bytes', 'application/octet-stream');
    const chunks: Buffer[] = [];
    for await (const chunk of request.stream()) chunks.push(Buffer.from(chunk));
    expect(Buffer.concat(chunks).toString()).toBe('raw bytes');
    expect(() => request.body).toThrow(RawPostDataException);
    await expect(request.load()).rejects.toThrow(RawPostDataException);
  });

  it('stops at the declared Content-Length, as Django reads through a LimitedStream', async () => {
    const request = new HttpRequest(
      {
        REQUEST_METHOD: 'POST',
        PATH_INFO: '/',
        CONTENT_TYPE: 'application/octet-stream',
        CONTENT_LENGTH: '3',
        'wsgi.input': [Buffer.from('ab'), Buffer.from('cdef')],
      },
      requestSettings(),
    );
    const chunks: Buffer[] = [];
    for await (const chunk of request.stream()) chunks.push(Buffer.from(chunk));
    expect(Buffer.concat(chunks).toString()).toBe('abc');
  });
});
