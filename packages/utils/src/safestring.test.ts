import { describe, expect, it } from 'vitest';
import { SafeString, conditionalEscape, escape, htmlOf, isSafe, markSafe } from './index.js';

describe('SafeString', () => {
  it('reads as its text wherever a string is expected', () => {
    const s = new SafeString('<b>x</b>');
    expect(`${s}`).toBe('<b>x</b>');
    expect(String(s)).toBe('<b>x</b>');
    expect(JSON.stringify({ s })).toBe('{"s":"<b>x</b>"}');
    expect(s.length).toBe(8);
  });

  it('speaks the __html__ protocol, so other engines and other copies of this package see it as safe', () => {
    expect(new SafeString('<i>').__html__()).toBe('<i>');
    expect(htmlOf(new SafeString('<i>'))).toBe('<i>');
  });
});

describe('markSafe', () => {
  it('wraps text once: marking a SafeString again returns the same object', () => {
    const s = markSafe('<br>');
    expect(s).toBeInstanceOf(SafeString);
    expect(markSafe(s)).toBe(s);
  });

  it('returns an object that already has __html__ unchanged, as Django does', () => {
    const widget = { __html__: () => '<input>' };
    expect(markSafe(widget)).toBe(widget);
    expect(conditionalEscape(widget).value).toBe('<input>');
  });

  it('used on a function, marks what the function returns', () => {
    const bold = markSafe((text: string) => `<b>${text}</b>`);
    const out = bold('x');
    expect(out).toBeInstanceOf(SafeString);
    expect(out.value).toBe('<b>x</b>');
  });

  it('converts other values with String()', () => {
    expect(markSafe(12).value).toBe('12');
  });
});

describe('isSafe', () => {
  it('is true for SafeString and __html__ objects only', () => {
    expect(isSafe(markSafe('<b>'))).toBe(true);
    expect(isSafe({ __html__: () => '' })).toBe(true);
    expect(isSafe('<b>')).toBe(false);
    expect(isSafe(null)).toBe(false);
    expect(isSafe({ __html__: 'not a method' })).toBe(false);
  });
});

describe('escape', () => {
  it('returns a SafeString, so a tag or filter returning it is not escaped twice', () => {
    const out = escape('<a href="x">Tom & \'Jerry\'</a>');
    expect(out).toBeInstanceOf(SafeString);
    expect(out.value).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; &#x27;Jerry&#x27;&lt;/a&gt;');
    expect(conditionalEscape(out)).toBe(out);
  });

  it('always escapes, even safe text (conditionalEscape is the one that does not)', () => {
    expect(escape(markSafe('<b>')).value).toBe('&lt;b&gt;');
    expect(conditionalEscape(markSafe('<b>')).value).toBe('<b>');
  });
});
