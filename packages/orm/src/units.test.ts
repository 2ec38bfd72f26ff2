import { describe, expect, it } from 'vitest';
import { quantize } from './fields/decimal.js';
import { ImproperlyConfigured, Q, QNode, Signal, ValidationError } from './index.js';
import { escapeLike } from './internal/dialect.js';
import { loadDriver } from './internal/driver.js';

describe('quantize', () => {
  it('rounds exactly, half away from zero, without floats', () => {
    // Half to even, as Python's Decimal.quantize.
    expect(quantize('0.105', 2)).toBe('0.10');
    expect(quantize('0.115', 2)).toBe('0.12');
    expect(quantize('0.1051', 2)).toBe('0.11');
    expect(quantize('2.345', 2)).toBe('2.34');
    expect(quantize('-0.105', 2)).toBe('-0.10');
    expect(quantize('12345678901234567890.129', 2)).toBe('12345678901234567890.13');
    expect(quantize('7', 3)).toBe('7.000');
    expect(quantize('.5', 0)).toBe('0');
    expect(quantize('1.5', 0)).toBe('2');
    expect(quantize('-0.001', 2)).toBe('0.00');
  });

  it('refuses what is not a decimal', () => {
    for (const bad of ['', '1e5', 'abc', '1.2.3', '--1', 'NaN'])
      expect(() => quantize(bad, 2)).toThrow(ValidationError);
  });
});

describe('escapeLike', () => {
  it('escapes the backslash first, then % and _', () => {
    expect(escapeLike('a%b_c\\d')).toBe('a\\%b\\_c\\\\d');
  });
});

describe('Q', () => {
  it('combines with and/or/not without mutating', () => {
    const a = Q({ x: 1 });
    const b = a.or({ y: 2 });
    expect(a.children).toHaveLength(1);
    expect(b.connector).toBe('OR');
    expect(b.not().negated).toBe(true);
    expect(Q().and(a)).toBe(a);
  });

  it('keeps a __proto__ key as a plain (unknown) key', () => {
    const q = QNode.of(JSON.parse('{"__proto__": 1, "a": 2}') as Record<string, unknown>);
    expect(q.children.map((c) => (c as readonly [string, unknown])[0])).toEqual(['__proto__', 'a']);
  });
});

describe('Signal', () => {
  it('filters by sender, de-duplicates by dispatchUid and disconnects', async () => {
    const signal = new Signal<{ n: number }>();
    expect(signal.hasListeners()).toBe(false);
    const calls: string[] = [];
    const r = ({ n, sender }: { n: number; sender: unknown }) =>
      void calls.push(`${String(sender)}:${n}`);
    signal.connect(r, { sender: 'A', dispatchUid: 'u' });
    expect(signal.hasListeners('A')).toBe(true);
    signal.connect(r, { sender: 'A', dispatchUid: 'u' });
    await signal.send('A', { n: 1 });
    await signal.send('B', { n: 2 });
    expect(calls).toEqual(['A:1']);
    expect(signal.hasListeners('B')).toBe(false);
    expect(signal.disconnect(undefined, { sender: 'A', dispatchUid: 'u' })).toBe(true);
    await signal.send('A', { n: 3 });
    expect(calls).toEqual(['A:1']);
    expect(signal.hasListeners('A')).toBe(false);
  });
});

describe('loadDriver', () => {
  it('names the missing package and what needs it, as Django names psycopg2', () => {
    expect(() => loadDriver('stack-no-such-driver', "the 'postgres' database engine")).toThrow(
      new ImproperlyConfigured(
        "Error loading stack-no-such-driver module (needed by the 'postgres' database engine): is it installed?",
      ),
    );
  });
});
