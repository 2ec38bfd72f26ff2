import { HttpResponse, parseCookie } from '@stack/request';
import { markSafe } from '@stack/utils';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import fixture from './fixtures/django-cookies.json' with { type: 'json' };
import { Message } from './message.js';
import { CookieStorage } from './storage/cookie.js';

// Harvested from real Django 3.2 by scripts/harvest-django.py (same secret key and tags).
const options = { secretKey: fixture.secretKey, messageTags: { 50: 'critical' } };
/** The JSON inside a signed cookie (zlib output differs between Node's zlib and Python's). */
function payload(cookie: string): string {
  const data = cookie.split(':')[0]!;
  const bytes = Buffer.from(data.replace(/^\./, ''), 'base64url');
  return (data.startsWith('.') ? inflateSync(bytes) : bytes).toString('latin1');
}

function storageFor(cookie?: string) {
  const header = cookie === undefined ? '' : `messages=${cookie}`;
  return new CookieStorage(
    { COOKIES: parseCookie(header), META: { HTTP_COOKIE: header } },
    options,
  );
}

describe('CookieStorage against Django 3.2', () => {
  for (const c of fixture.cases) {
    it(`reads Django’s cookie: ${c.name}`, async () => {
      const [messages, all] = await storageFor(c.cookie)._get();
      expect(all).toBe(c.allRetrieved);
      expect(messages!.map((m) => [m.level, String(m.message), m.extraTags, m.tags])).toEqual(
        c.stored,
      );
    });

    it(`writes what Django writes: ${c.name}`, async () => {
      const storage = storageFor();
      const messages = c.input.map(
        ([level, text, tags, safe]) =>
          new Message(
            level as number,
            safe ? markSafe(text as string) : (text as string),
            (tags as string) || null,
          ),
      );
      const response = new HttpResponse();
      const unstored = await storage._store(messages, response);
      const cookie = response.cookies.get('messages')!.value;
      if (c.unstored === 0) {
        expect(unstored).toEqual([]);
        expect(payload(cookie)).toBe(payload(c.cookie));
        return;
      }
      // Past the size limit both drop the oldest and end with the marker; how many depends on
      // the compressor's output size, which differs by a few bytes between the two zlibs.
      expect(cookie.length).toBeLessThanOrEqual(2048);
      expect(unstored).toEqual(messages.slice(0, unstored.length));
      const kept = messages
        .slice(unstored.length)
        .map((m) => ['__json_message', 0, m.level, m.message]);
      expect(JSON.parse(payload(cookie))).toEqual([...kept, '__messagesnotfinished__']);
      expect(Math.abs(unstored.length - c.unstored)).toBeLessThanOrEqual(3);
    });
  }
});
