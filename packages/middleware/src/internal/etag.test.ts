import { describe, expect, it } from 'vitest';
import { ifMatchPasses, ifNoneMatchPasses } from './etag.js';

describe('the ETag comparisons', () => {
  it('compares weakly for If-None-Match and strongly for If-Match', () => {
    expect(ifNoneMatchPasses('W/"a"', ['"a"'])).toBe(false);
    expect(ifNoneMatchPasses('"a"', ['"b"'])).toBe(true);
    expect(ifNoneMatchPasses('"a"', ['*'])).toBe(false);
    expect(ifMatchPasses('W/"a"', ['W/"a"'])).toBe(false);
    expect(ifMatchPasses('"a"', ['"a"'])).toBe(true);
    expect(ifMatchPasses(undefined, ['*'])).toBe(false);
  });
});
