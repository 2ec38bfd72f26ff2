import { describe, expect, it } from 'vitest';
import { deserialize, serialize } from './serializer.js';

describe('the cache wire format', () => {
  it('writes plain JSON values as plain JSON', () => {
    expect(serialize({ a: [1, 'x', null, true] })).toBe('{"a":[1,"x",null,true]}');
    expect(serialize(5)).toBe('5');
  });

  it('wraps an object whose own key looks like a tag, so it reads back as itself', () => {
    const value = { __stack_type__: 'bigint', v: '1' };
    expect(deserialize(serialize(value))).toEqual(value);
  });

  it('never evaluates or trusts what it reads', () => {
    for (const bad of [
      '{"__stack_type__":"bigint","v":"1; process.exit()"}',
      '{"__stack_type__":"function","v":"() => 1"}',
      '{"__stack_type__":"map","v":[[1]]}',
      '{"__stack_type__":"bytes","v":5}',
      '{"__stack_type__":"object","v":[1]}',
      '{not json',
    ]) {
      expect(() => deserialize(bad)).toThrow(SyntaxError);
    }
  });

  it('reads hostile keys as own data properties at every depth', () => {
    const read = deserialize(
      '{"a":{"__proto__":{"polluted":1}},"m":{"__stack_type__":"object","v":{"__proto__":{"polluted":1}}}}',
    ) as Record<string, Record<string, unknown>>;
    expect(Object.getPrototypeOf(read.a)).toBe(Object.prototype);
    expect(Object.hasOwn(read.a!, '__proto__')).toBe(true);
    expect(Object.hasOwn(read.m!, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps an invalid Date invalid', () => {
    expect(Number.isNaN((deserialize(serialize(new Date(NaN))) as Date).getTime())).toBe(true);
  });
});
