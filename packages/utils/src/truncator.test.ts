import { describe, expect, it } from 'vitest';
import { Truncator } from './index.js';

describe('Truncator', () => {
  it('takes the truncation text as a string or in options, with the placeholder', () => {
    const t = new Truncator('The quick brown fox jumped over the lazy dog.');
    expect(t.chars(23, '.....')).toBe('The quick brown fo.....');
    expect(t.words(4, { truncate: '%(truncated_text)s (more)' })).toBe(
      'The quick brown fox (more)',
    );
    expect(t.words(2, { truncate: '%d' })).toBe('The quick%d');
    expect(() => t.words(2, { truncate: '%(truncated_text)s %d' })).toThrow(RangeError);
  });

  it('closes the tags left open at the cut, innermost first', () => {
    const t = new Truncator('<p id="par"><strong><em>The quick brown fox jumped</em></strong></p>');
    expect(t.words(2, { html: true })).toBe('<p id="par"><strong><em>The quick…</em></strong></p>');
  });

  it('stays fast on hostile HTML: a run of "<", thousands of tags, a huge input', () => {
    expect(new Truncator('<'.repeat(200_000)).words(1, { html: true })).toBe('<'.repeat(200_000));
    expect(new Truncator('<'.repeat(200_000)).chars(5, { html: true })).toBe('<<<<…');
    const tags = `${'<b>'.repeat(50_000)}a b c${'</i>'.repeat(50_000)}`;
    expect(new Truncator(tags).words(2, { html: true })).toMatch(
      /^(<b>){50000}a b…(<\/b>){50000}$/,
    );
  });
});
