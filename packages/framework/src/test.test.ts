import * as original from '@stack/core/test';
import { describe, expect, it } from 'vitest';
import * as reexported from './test.js';

describe('@stack/framework/test', () => {
  it('re-exports every name of @stack/core/test', () => {
    expect(Object.keys(reexported).sort()).toEqual(Object.keys(original).sort());
    for (const key of Object.keys(original))
      expect(reexported[key as keyof typeof reexported]).toBe(
        original[key as keyof typeof original],
      );
  });
});
