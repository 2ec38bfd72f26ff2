import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callApplication, type Application } from '@stack/wsgi';
import { describe, expect, it } from 'vitest';
import { FileResponse, contentDispositionHeader } from './file-response.js';
import { HttpRequest } from './request.js';
import { requestSettings } from './request-settings.js';
import { HttpResponse } from './response.js';
import { StreamingHttpResponse } from './streaming-response.js';

const settings = requestSettings({ allowedHosts: ['testserver'] });

describe('the gateway protocol of @stack/wsgi', () => {
  it('takes its Environ as it is and hands back status, headers and body', async () => {
    const app: Application = async (environ, startResponse) => {
      const request = new HttpRequest(environ, settings);
      await request.load();
      const response = new HttpResponse(`${request.getHost()} ${request.POST.get('a')}`);
      response.setCookie('seen', '1');
      return response.toWsgi(startResponse);
    };
    const result = await callApplication(app, {
      method: 'POST',
      path: '/x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=hello',
    });
    expect(result.status).toBe(200);
    expect(result.text()).toBe('testserver hello');
    expect(result.header('set-cookie')).toBe('seen=1; Path=/');
    expect(result.header('content-length')).toBe('16');
  });

  it('streams a StreamingHttpResponse and closes its iterator when stopped early', async () => {
    let cleaned = false;
    async function* rows() {
      try {
        for (let i = 0; ; i++) yield `row ${i}\n`;
      } finally {
        cleaned = true;
      }
    }
    const response = new StreamingHttpResponse(rows(), { contentType: 'text/csv' });
    const closers: string[] = [];
    response.onClose(() => closers.push('closed'));
    const body = response.toWsgi(() => undefined) as AsyncIterable<Uint8Array>;
    const iterator = body[Symbol.asyncIterator]();
    expect(Buffer.from((await iterator.next()).value as Uint8Array).toString()).toBe('row 0\n');
    response.close();
    await iterator.return?.();
    expect(cleaned).toBe(true);
    expect(closers).toEqual(['closed']);
    expect(response.streaming).toBe(true);
  });

  it('lets middleware wrap streamingContent in place, as Django GZip does', async () => {
    const response = new StreamingHttpResponse(['a', 'b']);
    async function* upper(source: AsyncIterable<Uint8Array>) {
      for await (const chunk of source) yield Buffer.from(chunk).toString().toUpperCase();
    }
    response.streamingContent = upper(response.streamingContent);
    expect((await response.readAll()).toString()).toBe('AB');
  });

  it('encodes string chunks in the response charset and accepts sync iterables', async () => {
    const response = new StreamingHttpResponse(['é', Buffer.from('x')], {
      contentType: 'text/plain; charset=latin-1',
    });
    expect(response.isAsync).toBe(false);
    expect([...(await response.readAll())]).toEqual([0xe9, 0x78]);
  });
});

describe('FileResponse', () => {
  it('streams a file with its length, guessed type and disposition', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stack-file-'));
    try {
      const path = join(dir, 'report.pdf');
      await writeFile(path, 'PDFDATA');
      const response = new FileResponse(path, { asAttachment: true });
      expect(response.get('Content-Length')).toBe('7');
      expect(response.get('Content-Type')).toBe('application/pdf');
      expect(response.get('Content-Disposition')).toBe('attachment; filename="report.pdf"');
      expect((await response.readAll()).toString()).toBe('PDFDATA');
      // The type comes from the file's own name, the disposition from `filename` (Django).
      const inline = new FileResponse(join(dir, 'report.pdf'), { filename: 'r.tar.gz' });
      expect(inline.get('Content-Disposition')).toBe('inline; filename="r.tar.gz"');
      expect(inline.get('Content-Type')).toBe('application/pdf');
      inline.close();
      const script = join(dir, 'tool.py');
      await writeFile(script, 'print(1)\n');
      const python = new FileResponse(script);
      expect(python.get('Content-Type')).toBe('text/x-python');
      expect(python.get('Content-Length')).toBe('9');
      python.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('gives bytes in memory (Django: a BytesIO) a Content-Length, typed from filename', async () => {
    const bytes = Buffer.alloc(10000, 0x61);
    const response = new FileResponse(bytes, { filename: 'data.tar.gz', asAttachment: true });
    expect(response.get('Content-Length')).toBe('10000');
    expect(response.get('Content-Type')).toBe('application/gzip');
    expect(response.get('Content-Disposition')).toBe('attachment; filename="data.tar.gz"');
    expect((await response.readAll()).equals(bytes)).toBe(true);
    const anonymous = new FileResponse(new Uint8Array([1, 2, 3]));
    expect(anonymous.get('Content-Length')).toBe('3');
    expect(anonymous.get('Content-Type')).toBe('application/octet-stream');
    expect(anonymous.has('Content-Disposition')).toBe(false);
  });

  it('writes a filename* for names that cannot be quoted, as Django does', () => {
    expect(contentDispositionHeader(true, 'résumé.pdf')).toBe(
      "attachment; filename*=utf-8''r%C3%A9sum%C3%A9.pdf",
    );
    expect(contentDispositionHeader(false, 'a"b\\c.txt')).toBe('inline; filename="a\\"b\\\\c.txt"');
    expect(contentDispositionHeader(true, undefined)).toBe('attachment');
    expect(contentDispositionHeader(false, undefined)).toBeUndefined();
    expect(contentDispositionHeader(true, 'a\r\nb')).toBe("attachment; filename*=utf-8''a%0D%0Ab");
  });
});
