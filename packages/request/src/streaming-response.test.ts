import { describe, expect, it } from 'vitest';
import { StreamingHttpResponse } from './streaming-response.js';

async function* suffixed(source: AsyncIterable<Uint8Array>, suffix: string, log: string[]) {
  try {
    for await (const chunk of source) yield Buffer.from(chunk).toString().toUpperCase();
    log.push('wrapper finished');
    yield suffix;
  } finally {
    log.push('wrapper closed');
  }
}

describe('StreamingHttpResponse.streamingContent wrapped in place', () => {
  it('streams the wrapper over the original content, and can be wrapped twice', async () => {
    const response = new StreamingHttpResponse(['a', 'b']);
    response.streamingContent = suffixed(response.streamingContent, '!', []);
    response.streamingContent = suffixed(response.streamingContent, '?', []);
    expect((await response.readAll()).toString()).toBe('AB!?');
  });

  it('runs the close hooks once, after the wrapper has sent its last chunk', async () => {
    const log: string[] = [];
    const response = new StreamingHttpResponse(['a', 'b']);
    response.onClose(() => log.push('response closed'));
    response.streamingContent = suffixed(response.streamingContent, '!', log);
    const chunks: string[] = [];
    for await (const chunk of response.streamingContent) chunks.push(Buffer.from(chunk).toString());
    expect(chunks).toEqual(['A', 'B', '!']);
    expect(log).toEqual(['wrapper finished', 'wrapper closed', 'response closed']);
    expect(response.closed).toBe(true);
  });

  it('stops the wrapper and the original source when closed mid-stream', async () => {
    const log: string[] = [];
    async function* rows() {
      try {
        for (let i = 0; ; i++) yield `row ${i}\n`;
      } finally {
        log.push('source closed');
      }
    }
    const response = new StreamingHttpResponse(rows());
    response.streamingContent = suffixed(response.streamingContent, '!', log);
    const body = response.toWsgi(() => undefined) as AsyncIterable<Uint8Array>;
    const iterator = body[Symbol.asyncIterator]();
    expect(Buffer.from((await iterator.next()).value as Uint8Array).toString()).toBe('ROW 0\n');
    response.close();
    await iterator.return?.();
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['source closed', 'wrapper closed']);
    expect(response.closed).toBe(true);
  });
});

describe('StreamingHttpResponse when its reader stops early', () => {
  it("runs the source generator's finally (a client that left is noticed), then the close hooks", async () => {
    const log: string[] = [];
    async function* events() {
      try {
        for (let n = 0; ; n++) yield `data: ${n}\n\n`;
      } finally {
        log.push('source stopped');
      }
    }
    const response = new StreamingHttpResponse(events(), { contentType: 'text/event-stream' });
    response.onClose(() => log.push('closed'));
    const reader = response.streamingContent[Symbol.asyncIterator]();
    await reader.next();
    await reader.return?.();
    expect(log).toEqual(['source stopped', 'closed']);
  });
});

describe('StreamingHttpResponse is read once, as Django takes iter() of its content', () => {
  it('gives an array content once; a second read is empty', async () => {
    const response = new StreamingHttpResponse(['a', 'b']);
    expect((await response.readAll()).toString()).toBe('ab');
    expect((await response.readAll()).toString()).toBe('');
  });

  it('replacing the content gives a fresh one to read', async () => {
    const response = new StreamingHttpResponse(['a']);
    await response.readAll();
    response.streamingContent = ['c'];
    expect((await response.readAll()).toString()).toBe('c');
  });
});
