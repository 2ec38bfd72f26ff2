import { HttpResponse, parseCookie, TimestampSigner } from '@stack/request';
import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { isSafe, markSafe } from '@stack/utils';
import { describe, expect, it } from 'vitest';
import { ERROR, INFO } from '../constants.js';
import { SECRET } from '../internal/test-browser.js';
import { Message } from '../message.js';
import { CookieStorage } from './cookie.js';

function storageWith(cookie?: string) {
  const header = cookie === undefined ? undefined : `messages=${cookie}`;
  return new CookieStorage(
    { COOKIES: header ? parseCookie(header) : {}, META: header ? { HTTP_COOKIE: header } : {} },
    { secretKey: SECRET },
  );
}

async function stored(messages: Message[]) {
  const response = new HttpResponse();
  const unstored = await storageWith()._store(messages, response);
  return { unstored, cookie: response.cookies.get('messages') };
}

async function read(cookie: string) {
  const storage = storageWith(cookie);
  const [messages, all] = await storage._get();
  return { messages, all, used: storage.used };
}

/** A cookie signed with the right key, around any JSON: forged data past the signature. */
function signed(value: unknown): string {
  const signer = new TimestampSigner({
    key: Buffer.concat([Buffer.from('django.http.cookies'), Buffer.from(SECRET)]),
    salt: 'django.contrib.messages',
  });
  return signer.signObject(value, { compress: true });
}

describe('CookieStorage', () => {
  it('needs a secret key', () => {
    expect(() => new CookieStorage({ COOKIES: {} }, {})).toThrow(/secretKey/);
  });

  it('round-trips messages, extra tags and safe text through its cookie', async () => {
    const { cookie } = await stored([new Message(INFO, 'a'), new Message(ERROR, 'b <i>', 'x')]);
    expect(cookie).toMatchObject({ httponly: true, samesite: 'Lax', path: '/' });
    const { messages, all } = await read(cookie!.value);
    expect(all).toBe(true);
    expect(messages!.map((m) => [m.level, String(m.message), m.extraTags])).toEqual([
      [INFO, 'a', null],
      [ERROR, 'b <i>', 'x'],
    ]);
  });

  it('keeps a text marked safe safe, and a plain one plain', async () => {
    const { cookie } = await stored([
      new Message(INFO, markSafe('<b>ok</b>')),
      new Message(INFO, '<b>'),
    ]);
    const { messages } = await read(cookie!.value);
    expect(messages!.map((m) => [isSafe(m.message), m.__html__()])).toEqual([
      [true, '<b>ok</b>'],
      [false, '&lt;b&gt;'],
    ]);
  });

  it('deletes the cookie when there is nothing left to store', async () => {
    const { cookie } = await stored([]);
    expect(cookie).toMatchObject({ value: '', maxAge: 0 });
  });

  it('keeps under 2048 bytes by dropping the oldest messages and marks the cookie unfinished', async () => {
    const many = Array.from(
      { length: 60 },
      (_, i) => new Message(INFO, `${i} ${randomBytes(24).toString('base64')}`),
    );
    const { unstored, cookie } = await stored(many);
    expect(unstored.length).toBeGreaterThan(0);
    expect(cookie!.value.length).toBeLessThanOrEqual(2048);
    expect(unstored[0]!.message).toBe(many[0]!.message);
    const { messages, all } = await read(cookie!.value);
    expect(all).toBe(false);
    expect(messages!.length + unstored.length).toBe(60);
    expect(messages!.at(-1)!.message).toBe(many[59]!.message);
  });

  it('drops the newest instead when a fallback storage asks (removeOldest false)', async () => {
    const many = Array.from(
      { length: 60 },
      (_, i) => new Message(INFO, `${i}:${randomBytes(24).toString('base64')}`),
    );
    const response = new HttpResponse();
    const unstored = await storageWith()._store(many, response, false);
    expect(unstored.at(-1)!.message).toBe(many[59]!.message);
  });

  describe('bad input is ignored, marked used (so it is deleted) and never throws', () => {
    const cases: Record<string, () => string> = {
      tampered: () =>
        signed([['__json_message', 0, 20, 'hi']]).replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
      'not signed': () => 'W1siX19qc29uX21lc3NhZ2UiLDAsMjAsImhpIl1d',
      garbage: () => '%%%:::...',
      'oversized and unsigned': () => `${'A'.repeat(200_000)}:1abcde:${'B'.repeat(43)}`,
      'signed with another key': () =>
        new TimestampSigner({ key: 'other', salt: 'django.contrib.messages' }).signObject([]),
      'signed non-JSON': () =>
        new TimestampSigner({
          key: Buffer.concat([Buffer.from('django.http.cookies'), Buffer.from(SECRET)]),
          salt: 'django.contrib.messages',
        }).sign('.' + deflateSync(Buffer.from('{not json')).toString('base64url')),
      'a dict, not a list': () => signed({ __proto__: { polluted: true } }),
      'a __proto__ key inside': () => signed([['__json_message', 0, 20, 'hi', { __proto__: 1 }]]),
      'a wrong marker': () => signed([['__other', 0, 20, 'hi']]),
      'a level that is not an integer': () => signed([['__json_message', 0, 'constructor', 'hi']]),
      'text that is not a string': () => signed([['__json_message', 0, 20, { toString: 1 }]]),
      'too many items': () => signed([['__json_message', 0, 20, 'hi', 'x', 'y']]),
      'far too many messages': () => signed(Array.from({ length: 10_001 }, () => 0)),
    };
    for (const [name, make] of Object.entries(cases)) {
      it(name, async () => {
        const result = await read(make());
        expect(result).toEqual({ messages: null, all: true, used: true });
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      });
    }
  });
});
