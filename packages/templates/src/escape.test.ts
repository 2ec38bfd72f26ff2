import { describe, expect, it } from 'vitest';
import * as utils from '@stack/utils';
import { Engine, Library, SafeString, conditionalEscape, escape, markSafe } from './index.js';

describe('escape and the safe strings, shared with @stack/utils', () => {
  it('are the very functions and class of @stack/utils, so values cross packages safely', () => {
    expect(escape).toBe(utils.escape);
    expect(SafeString).toBe(utils.SafeString);
    expect(markSafe).toBe(utils.markSafe);
    expect(conditionalEscape).toBe(utils.conditionalEscape);
  });

  it('a tag returning escape() output is escaped once, not twice', async () => {
    const lib = new Library().simpleTag('quoted', (text: string) => escape(`"${text}"`));
    const engine = new Engine({ libraries: { lib } });
    const t = engine.fromString('{% load lib %}{% quoted who %}|{{ v|safe }}');
    expect(await t.render({ who: 'Tom & Jerry', v: escape('<b>') })).toBe(
      '&quot;Tom &amp; Jerry&quot;|&lt;b&gt;',
    );
  });
});
