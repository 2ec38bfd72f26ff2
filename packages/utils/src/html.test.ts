import { describe, expect, it } from 'vitest';
import { escape, escapeHtml, formatHtml, formatHtmlJoin, markSafe, stripTags } from './index.js';

describe('formatHtml', () => {
  it('escapes every argument unless it is safe, and marks the result safe', () => {
    const out = formatHtml('<a href="{}">{}</a>', '/?a=1&b=2', markSafe('<b>home</b>'));
    expect(out.value).toBe('<a href="/?a=1&amp;b=2"><b>home</b></a>');
  });

  it('reads named fields from a last plain-object argument, own properties only', () => {
    expect(
      formatHtml('<li class="{cls}">{name}</li>', { cls: 'x', name: 'Tom & Jerry' }).value,
    ).toBe('<li class="x">Tom &amp; Jerry</li>');
    expect(() => formatHtml('{constructor}', {})).toThrow(RangeError);
    expect(() => formatHtml('{__proto__}', {})).toThrow(RangeError);
    expect(() => formatHtml('{toString}', {})).toThrow(RangeError);
  });

  it('supports attribute and index lookups, and refuses prototype keys there too', () => {
    expect(formatHtml('{0.name} {1[0]}', { name: '<x>' }, ['y']).value).toBe('&lt;x&gt; y');
    expect(() => formatHtml('{0.constructor}', {})).toThrow(RangeError);
  });

  it('refuses what it does not support instead of printing it wrong', () => {
    expect(() => formatHtml('{:>10}', 'x')).toThrow(/not supported/);
    expect(() => formatHtml('{!r}', 'x')).toThrow(/not supported/);
    expect(() => formatHtml('{} {0}', 'x')).toThrow(RangeError);
    expect(() => formatHtml('{}')).toThrow(RangeError);
    expect(() => formatHtml('{')).toThrow(RangeError);
  });
});

describe('formatHtmlJoin', () => {
  it('formats each item and joins with an escaped separator', () => {
    const rows = [
      ['Ann', '<Smith>'],
      ['Bo', 'Lee'],
    ];
    expect(formatHtmlJoin('<br>', '<li>{} {}</li>', rows).value).toBe(
      '<li>Ann &lt;Smith&gt;</li>&lt;br&gt;<li>Bo Lee</li>',
    );
    expect(formatHtmlJoin(markSafe('<br>'), '{}', [['a'], ['b']]).value).toBe('a<br>b');
  });
});

describe('stripTags on hostile input', () => {
  it('finishes on runs of unclosed tags and deep nesting, and leaves no "<" behind there', () => {
    const unclosed = `<a${'<b'.repeat(20_000)}${'x'.repeat(2000)}`;
    expect(stripTags(unclosed)).not.toContain('<');
    const nested = `X${'<'.repeat(5000)}${'br>'.repeat(5000)}X`;
    expect(stripTags(nested)).not.toContain('<');
  });

  it('handles a megabyte of markup in one go', () => {
    const page = '<div class="a"><p>Hello <b>world</b> &amp; all</p></div>\n'.repeat(20_000);
    const text = stripTags(page);
    expect(text.startsWith('Hello world &amp; all\n')).toBe(true);
    expect(text).not.toContain('<');
  });

  it('keeps entity references and the text of scripts, as Django does', () => {
    expect(stripTags('<script>alert(1)</script>&amp;<p>x</p>')).toBe('alert(1)&amp;x');
  });
});

describe('escapeHtml', () => {
  it("gives escape()'s text as a plain string, for every special character", () => {
    const samples = [`<a href="x">Tom & 'Jerry'</a>`, 'plain', '', 42, null, markSafe('<b>')];
    for (const sample of samples) {
      const text = escapeHtml(sample);
      expect(typeof text).toBe('string');
      expect(text).toBe(escape(sample).value);
    }
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#x27;');
  });
});

describe('escapeHtml, in one pass', () => {
  it('gives what a replace of each special character gives, including text with nothing to escape', () => {
    const ENTITIES: Record<string, string> = {
      '&': '&amp;',
      '<': '&lt;',
      '>': '&gt;',
      '"': '&quot;',
      "'": '&#x27;',
    };
    const reference = (text: string) => text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
    const samples = [
      '',
      'plain',
      '&',
      `<>"'&`,
      `a<b>c"d'e&f`,
      '&&&&',
      '<script>alert("x");</script>',
      "aren't",
      'フレームワーク & <ベンチ>',
      'ends with <',
      '> starts',
      '😀 & 😀',
    ];
    // and random mixes of the special characters with others
    const alphabet = `&<>"'aé😀 `;
    let seed = 7;
    for (let n = 0; n < 500; n++) {
      let text = '';
      const length = n % 17;
      for (let i = 0; i < length; i++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        text += [...alphabet][seed % [...alphabet].length];
      }
      samples.push(text);
    }
    for (const text of samples) expect(escapeHtml(text)).toBe(reference(text));
    // twice in a row: the shared regular expression's lastIndex is reset
    expect(escapeHtml('a&b')).toBe('a&amp;b');
    expect(escapeHtml('a&b')).toBe('a&amp;b');
  });
});
