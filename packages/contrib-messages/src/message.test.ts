import { markSafe } from '@stack/utils';
import { describe, expect, it } from 'vitest';
import { DEBUG, DEFAULT_LEVELS, DEFAULT_TAGS, ERROR, INFO, SUCCESS, WARNING } from './constants.js';
import { Message } from './message.js';

describe('levels', () => {
  it('are Django’s integers, with its tags and names', () => {
    expect([DEBUG, INFO, SUCCESS, WARNING, ERROR]).toEqual([10, 20, 25, 30, 40]);
    expect(DEFAULT_TAGS[SUCCESS]).toBe('success');
    expect(DEFAULT_LEVELS).toEqual({ DEBUG: 10, INFO: 20, SUCCESS: 25, WARNING: 30, ERROR: 40 });
  });
});

describe('Message', () => {
  it('joins extra tags and the level tag', () => {
    expect(new Message(ERROR, 'x', 'sticky big').tags).toBe('sticky big error');
    expect(new Message(INFO, 'x').tags).toBe('info');
  });

  it('has no level tag for an unknown level unless the tags say one', () => {
    expect(new Message(35, 'x').levelTag).toBe('');
    expect(new Message(35, 'x', null, { ...DEFAULT_TAGS, 35: 'notice' }).tags).toBe('notice');
  });

  it('reads no tag from the prototype for a hostile level', () => {
    expect(() => new Message(Number('constructor'), 'x')).toThrow(TypeError);
  });

  it('escapes its text as markup unless the text was marked safe', () => {
    expect(new Message(INFO, '<b>').__html__()).toBe('&lt;b&gt;');
    expect(new Message(INFO, markSafe('<b>')).__html__()).toBe('<b>');
    expect(String(new Message(INFO, '<b>'))).toBe('<b>');
  });

  it('equals another message of the same level and text, whatever the tags', () => {
    expect(new Message(INFO, 'a', 'x').equals(new Message(INFO, 'a'))).toBe(true);
    expect(new Message(INFO, 'a').equals(new Message(ERROR, 'a'))).toBe(false);
  });
});
