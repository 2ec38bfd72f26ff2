import { describe, expect, it } from 'vitest';
import { TooManyFieldsSent } from './errors.js';
import { QueryDict } from './query-dict.js';

describe('QueryDict', () => {
  it('keeps every value of a key and returns the last from get', () => {
    const q = new QueryDict('a=1&a=2&b=');
    expect(q.get('a')).toBe('2');
    expect(q.getlist('a')).toEqual(['1', '2']);
    expect(q.get('b')).toBe('');
    expect(q.get('missing')).toBeUndefined();
    expect(q.get('missing', 'd')).toBe('d');
    expect(q.getlist('missing')).toEqual([]);
  });

  it('separates pairs on & only, never ;', () => {
    const q = new QueryDict('a=1;b=2&c=3');
    expect([...q.keys()]).toEqual(['a', 'c']);
    expect(q.get('a')).toBe('1;b=2');
  });

  it('decodes + and %XX, keeps blank values and names without =, skips empty pieces', () => {
    const q = new QueryDict('x=a+b%20c&&flag&e=%C3%A9&bad=%zz&=v');
    expect(q.get('x')).toBe('a b c');
    expect(q.get('flag')).toBe('');
    expect(q.get('e')).toBe('é');
    expect(q.get('bad')).toBe('%zz');
    expect(q.get('')).toBe('v');
  });

  it('finds each value after its own =, whatever pieces without = come before or after', () => {
    const q = new QueryDict('a&b&c=1&d&e=2=3&&f&g=');
    expect([...q.lists()]).toEqual([
      ['a', ['']],
      ['b', ['']],
      ['c', ['1']],
      ['d', ['']],
      ['e', ['2=3']],
      ['f', ['']],
      ['g', ['']],
    ]);
    const many = new QueryDict(`${'k&'.repeat(20_000)}last=1`);
    expect(many.getlist('k')).toHaveLength(20_000);
    expect(many.get('last')).toBe('1');
  });

  it('replaces invalid UTF-8 with U+FFFD instead of throwing', () => {
    expect(new QueryDict('a=%ff').get('a')).toBe('\ufffd');
  });

  it('decodes and encodes charsets beyond latin-1 and utf-8 (iso-8859-15, shift_jis)', () => {
    const euro = new QueryDict('cur=%A4', { encoding: 'iso-8859-15' });
    expect(euro.get('cur')).toBe('€');
    expect(euro.urlencode()).toBe('cur=%A4');
    expect(new QueryDict('n=%93%FA', { encoding: 'shift_jis' }).get('n')).toBe('日');
    expect(() => new QueryDict('a=%41', { encoding: 'no-such-charset' })).toThrow(RangeError);
  });

  it('urlencodes values set from code as numbers, as Django str() does', () => {
    const dict = new QueryDict(null, { mutable: true });
    dict.setlist('a', [1 as unknown as string]);
    expect(dict.urlencode()).toBe('a=1');
  });

  it('honours the encoding it is given', () => {
    expect(new QueryDict('a=%E9', { encoding: 'iso-8859-1' }).get('a')).toBe('é');
    expect(new QueryDict('a=%E9', { encoding: 'iso-8859-1' }).copy().urlencode()).toBe('a=%E9');
  });

  it('is immutable unless copied', () => {
    const q = new QueryDict('a=1');
    expect(() => q.set('a', '2')).toThrow(TypeError);
    expect(() => q.appendlist('a', '2')).toThrow(TypeError);
    expect(() => q.setlist('a', [])).toThrow(TypeError);
    expect(() => q.delete('a')).toThrow(TypeError);
    const copy = q.copy();
    copy.appendlist('a', '2');
    expect(copy.getlist('a')).toEqual(['1', '2']);
    expect(q.getlist('a')).toEqual(['1']);
    expect(copy.mutable).toBe(true);
  });

  it('keeps __proto__ and constructor as plain keys', () => {
    const q = new QueryDict('__proto__=x&constructor=y&toString=z');
    expect(q.get('__proto__')).toBe('x');
    expect(q.get('constructor')).toBe('y');
    const dict = q.dict();
    expect(Object.getPrototypeOf(dict)).toBeNull();
    expect(dict['__proto__']).toBe('x');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(new QueryDict('hasOwnProperty=1').has('toString')).toBe(false);
  });

  it('lists items, lists and dict with last values', () => {
    const q = new QueryDict('a=1&a=2&b=3');
    expect([...q.items()]).toEqual([
      ['a', '2'],
      ['b', '3'],
    ]);
    expect([...q.lists()]).toEqual([
      ['a', ['1', '2']],
      ['b', ['3']],
    ]);
    expect({ ...q.dict() }).toEqual({ a: '2', b: '3' });
  });

  it('urlencodes with + for spaces, or with quote(safe) when safe is given', () => {
    const q = new QueryDict(null, { mutable: true });
    q.set('next', '/a b/?x=1&y');
    expect(q.urlencode()).toBe('next=%2Fa+b%2F%3Fx%3D1%26y');
    expect(q.urlencode('/')).toBe('next=/a%20b/%3Fx%3D1%26y');
  });

  it('builds from keys with fromkeys', () => {
    const q = QueryDict.fromkeys(['a', 'a', 'b'], 'val');
    expect(q.urlencode()).toBe('a=val&a=val&b=val');
    expect(q.mutable).toBe(false);
    expect(QueryDict.fromkeys(['a'], '', { mutable: true }).mutable).toBe(true);
  });

  it('setdefault, setlistdefault, pop and update behave as in Django', () => {
    const q = new QueryDict('a=1', { mutable: true });
    expect(q.setdefault('a', 'x')).toBe('1');
    expect(q.setdefault('b', 'x')).toBe('x');
    expect(q.setlistdefault('c', ['1', '2'])).toEqual(['1', '2']);
    q.update({ a: '9' });
    expect(q.getlist('a')).toEqual(['1', '9']);
    expect(q.pop('a')).toEqual(['1', '9']);
    expect(q.has('a')).toBe(false);
  });

  it('accepts exactly maxNumFields fields and refuses one more', () => {
    const pairs = (n: number) => Array.from({ length: n }, (_, i) => `f${i}=1`).join('&');
    expect(new QueryDict(pairs(10), { maxNumFields: 10 }).size).toBe(10);
    expect(() => new QueryDict(pairs(11), { maxNumFields: 10 })).toThrow(TooManyFieldsSent);
    expect(new QueryDict(pairs(10) + '&&', { maxNumFields: 10 }).size).toBe(10);
  });
});
