import { describe, expect, it } from 'vitest';
import { ratioOf, type HttpResult } from './http.js';

describe('ratioOf', () => {
  const result = (name: string, ratio: number) => ({ name, ratio }) as HttpResult;

  it("reads a contender's ratio by name, and names a contender that is not there", () => {
    const results = [result('node:http', 1), result('handler', 0.91)];
    expect(ratioOf(results, 'handler')).toBe(0.91);
    expect(() => ratioOf(results, 'handlr')).toThrow(/handlr/);
  });
});
