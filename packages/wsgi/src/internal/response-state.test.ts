import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../errors.js';
import { hasFraming, ResponseState } from './response-state.js';

describe('ResponseState.start', () => {
  it('parses each status line, whether it repeats the last one or not', () => {
    for (const [line, code, reason] of [
      ['200 OK', 200, 'OK'],
      ['200 OK', 200, 'OK'],
      ['404 Not Found', 404, 'Not Found'],
      ['200 OK', 200, 'OK'],
      ['299', 299, ''],
      ['299', 299, ''],
      ['200 Fine', 200, 'Fine'],
    ] as const) {
      const state = new ResponseState();
      state.startResponse(line, []);
      expect([state.statusCode, state.reason]).toEqual([code, reason]);
    }
  });

  it('refuses a bad status line after a good one was remembered', () => {
    new ResponseState().startResponse('200 OK', []);
    for (const bad of ['', '200OK', 'OK 200', '099 Low', 200 as unknown as string]) {
      const state = new ResponseState();
      expect(() => state.startResponse(bad, [])).toThrow(ProtocolError);
      expect(state.started).toBe(false);
    }
  });
});

describe('hasFraming', () => {
  it('finds Content-Length and Transfer-Encoding in any case, and nothing else', () => {
    for (const name of [
      'Content-Length',
      'content-length',
      'CONTENT-LENGTH',
      'Transfer-Encoding',
      'transfer-encoding',
    ]) {
      expect(
        hasFraming([
          ['Content-Type', 'text/plain'],
          [name, '1'],
        ]),
      ).toBe(true);
    }
    for (const name of [
      'Content-Lengths',
      'Content_Length',
      'Content-Type',
      'Transfer-Encodings',
    ]) {
      expect(hasFraming([[name, '1']])).toBe(false);
    }
    expect(hasFraming([])).toBe(false);
  });
});
