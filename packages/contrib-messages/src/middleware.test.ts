import { HttpResponse } from '@stack/request';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  addMessage,
  debug,
  error,
  getLevel,
  getMessages,
  info,
  setLevel,
  success,
  warning,
} from './api.js';
import { DEBUG, ERROR, INFO, WARNING } from './constants.js';
import { MessageFailure } from './errors.js';
import { browser, ok, type TestRequest } from './internal/test-browser.js';
import type { Message } from './message.js';
import { MessageMiddleware, storageClass } from './middleware.js';
import type { BaseStorage } from './storage/base.js';
import { CookieStorage } from './storage/cookie.js';
import { FallbackStorage, newFallbackStorage } from './storage/fallback.js';
import { SessionStorage } from './storage/session.js';

async function read(request: TestRequest): Promise<string[]> {
  const seen: string[] = [];
  for await (const m of getMessages(request) as AsyncIterable<Message>) seen.push(`${m.tags}:${m}`);
  return seen;
}

/** Each step is one request: add messages, read them, or do nothing. */
function scripted(steps: ((request: TestRequest) => Promise<unknown> | unknown)[], settings = {}) {
  let step = 0;
  const results: unknown[] = [];
  const b = browser(async (request) => {
    results.push(await steps[step++]!(request));
    return ok();
  }, settings);
  return { b, results };
}

describe('MessageMiddleware', () => {
  it('shows a message on the next request and only once (messages.error then redirect)', async () => {
    const { b, results } = scripted([
      (r) => error(r, 'Invalid login'),
      (r) => read(r),
      (r) => read(r),
    ]);
    await b.get();
    expect(b.jar.has('messages')).toBe(true);
    await b.get();
    expect(b.jar.has('messages')).toBe(false);
    await b.get();
    expect(results.slice(1)).toEqual([['error:Invalid login'], []]);
  });

  it('keeps messages that nobody iterated, and adds new ones after them', async () => {
    const { b, results } = scripted([(r) => info(r, 'one'), (r) => warning(r, 'two'), read]);
    await b.get();
    await b.get();
    await b.get();
    expect(results[2]).toEqual(['info:one', 'warning:two']);
  });

  it('shows messages added during the same request when iterated later in it', async () => {
    const { b, results } = scripted([
      async (r) => {
        success(r, 'saved', { extraTags: 'big' });
        return read(r);
      },
      read,
    ]);
    await b.get();
    await b.get();
    expect(results).toEqual([['big success:saved'], []]);
  });

  it('costs no cookie and no session work when messages are not used', async () => {
    const { b } = scripted([() => undefined]);
    const { response } = await b.get();
    expect([...response.cookies.keys()]).toEqual([]);
  });

  it('records from messageLevel up; setLevel and getLevel change it per request', async () => {
    const { b, results } = scripted(
      [
        (r) => {
          info(r, 'dropped');
          const before = getLevel(r);
          setLevel(r, DEBUG);
          debug(r, 'kept');
          return before;
        },
        read,
      ],
      { messageLevel: WARNING },
    );
    await b.get();
    await b.get();
    expect(results).toEqual([WARNING, ['debug:kept']]);
  });

  it('uses messageTags for custom and overridden levels', async () => {
    const { b, results } = scripted([(r) => (addMessage(r, 35, 'note'), error(r, 'bad')), read], {
      messageTags: { 35: 'notice', [ERROR]: 'danger' },
    });
    await b.get();
    await b.get();
    expect(results[1]).toEqual(['notice:note', 'danger:bad']);
  });

  it('ignores empty messages', async () => {
    const { b, results } = scripted([(r) => info(r, ''), read]);
    await b.get();
    await b.get();
    expect(results[1]).toEqual([]);
  });

  it('moves what does not fit in the cookie to the session (FallbackStorage)', async () => {
    const texts = Array.from(
      { length: 80 },
      (_, i) => `${i} ${randomBytes(30).toString('base64')}`,
    );
    const { b, results } = scripted([(r) => texts.forEach((t) => info(r, t)), read, read]);
    await b.get();
    expect(b.jar.get('messages')!.length).toBeLessThanOrEqual(2048);
    expect(b.jar.has('sessionid')).toBe(true);
    await b.get();
    await b.get();
    expect(results[1]).toEqual(texts.map((t) => `info:${t}`));
    expect(results[2]).toEqual([]);
    expect(b.jar.has('messages')).toBe(false);
  });

  it('stores in the session alone with SessionStorage', async () => {
    const { b, results } = scripted([(r) => info(r, 'hi'), read, read], {
      messageStorage: '@stack/contrib-messages:SessionStorage',
    });
    await b.get();
    expect(b.jar.has('messages')).toBe(false);
    await b.get();
    await b.get();
    expect(results.slice(1)).toEqual([['info:hi'], []]);
  });

  it('fails the response under debug when messages fit nowhere (CookieStorage alone)', async () => {
    const texts = Array.from({ length: 80 }, () => randomBytes(30).toString('base64'));
    const add = (r: TestRequest) => texts.forEach((t) => info(r, t));
    await expect(
      scripted([add], { messageStorage: CookieStorage, debug: true }).b.get(),
    ).rejects.toThrow('Not all temporary messages could be stored.');
    await expect(scripted([add], { messageStorage: CookieStorage }).b.get()).resolves.toBeDefined();
  });

  it('deletes a tampered cookie once the messages are read', async () => {
    const { b, results } = scripted([read]);
    b.jar.set('messages', 'forged:value:sig');
    await b.get();
    expect(results[0]).toEqual([]);
    expect(b.jar.has('messages')).toBe(false);
  });

  it('names the built-in storages, and refuses an unknown name clearly', () => {
    expect(storageClass(undefined)).toBe(FallbackStorage);
    expect(storageClass('CookieStorage')).toBe(CookieStorage);
    expect(storageClass(SessionStorage)).toBe(SessionStorage);
    expect(() => storageClass('myapp.storage.Mine')).toThrow(/pass your storage class/);
    expect(() => storageClass('__proto__')).toThrow(TypeError);
  });

  it('refuses to start without a secret key for the cookie storages', () => {
    expect(() => MessageMiddleware({})).toThrow(/FallbackStorage signs its cookie/);
    expect(() => MessageMiddleware({ messageStorage: SessionStorage })).not.toThrow();
  });

  it('needs SessionMiddleware before it for the session storages', async () => {
    const handler = MessageMiddleware({ secretKey: 'k' })(ok);
    expect(() => handler({ COOKIES: {} })).toThrow(/requires session middleware/);
  });
});

describe('the messages API without MessageMiddleware', () => {
  const request = { META: {}, COOKIES: {} };

  it('raises MessageFailure, or nothing with failSilently', () => {
    expect(() => error(request, 'x')).toThrow(MessageFailure);
    expect(() => error(request, 'x', { failSilently: true })).not.toThrow();
  });

  it('refuses what is not a request', () => {
    expect(() => info({}, 'x')).toThrow(/must be an HttpRequest object, not 'Object'/);
  });

  it('gives no messages, the default level, and cannot set one', () => {
    expect(getMessages(request)).toEqual([]);
    expect(getLevel(request)).toBe(INFO);
    expect(setLevel(request, DEBUG)).toBe(false);
  });
});

describe('BaseStorage', () => {
  it('tells how many messages it holds without marking them read', async () => {
    const { b, results } = scripted([
      (r) => info(r, 'a'),
      async (r) => {
        const storage = (await (getMessages(r) as BaseStorage).ready()) as BaseStorage;
        return [storage.size, storage.used];
      },
      read,
    ]);
    await b.get();
    await b.get();
    await b.get();
    expect(results.slice(1)).toEqual([[1, false], ['info:a']]);
  });

  it('says to load first when iterated synchronously before ready()', async () => {
    const { b, results } = scripted([
      (r) => {
        try {
          return [...(getMessages(r) as BaseStorage)];
        } catch (e) {
          return (e as Error).message;
        }
      },
    ]);
    await b.get();
    expect(results[0]).toMatch(/for await/);
  });
});

describe('the response it returns', () => {
  it('is the view’s own', async () => {
    const response = new HttpResponse('mine');
    const b = browser(() => response);
    expect((await b.get()).response).toBe(response);
  });
});

describe('FallbackStorage backends', () => {
  const session = { get: async () => undefined, set: async () => {}, pop: async () => undefined };
  const request = { META: {}, COOKIES: {}, session };

  it('builds the default backends on first use, once, in order', () => {
    const storage = new FallbackStorage(request, { secretKey: 'k' });
    const backends = storage.storages;
    expect(backends.map((s) => s.constructor)).toEqual([CookieStorage, SessionStorage]);
    expect(storage.storages).toBe(backends);
  });

  it('still refuses a misconfiguration when built, as Django does, before any backend is used', () => {
    expect(() => new FallbackStorage({ META: {}, COOKIES: {} }, { secretKey: 'k' })).toThrow(
      /requires session middleware/,
    );
    expect(() => new FallbackStorage(request, {})).toThrow(/CookieStorage signs its cookie/);
  });

  it('is what the middleware builds without super(): the same object, the same checks', () => {
    const options = { secretKey: 'k' };
    const built = new FallbackStorage(request, options);
    const fast = new newFallbackStorage(request, options);
    expect(Object.getPrototypeOf(fast)).toBe(FallbackStorage.prototype);
    expect(fast.constructor).toBe(FallbackStorage);
    expect(Reflect.ownKeys(fast)).toEqual(Reflect.ownKeys(built));
    for (const name of Reflect.ownKeys(built)) {
      expect(Object.getOwnPropertyDescriptor(fast, name)).toEqual(
        Object.getOwnPropertyDescriptor(built, name),
      );
    }
    expect(() => new newFallbackStorage({ META: {}, COOKIES: {} }, options)).toThrow(
      /requires session middleware/,
    );
    expect(() => new newFallbackStorage(request, {})).toThrow(/CookieStorage signs its cookie/);
    expect(fast.storages.map((s) => s.constructor)).toEqual([CookieStorage, SessionStorage]);
    let storage: unknown;
    const chain = MessageMiddleware({ secretKey: 'k' })((r) => {
      storage = r._messages;
      return new HttpResponse('');
    });
    chain({ META: {}, COOKIES: {}, session });
    expect(storage).toBeInstanceOf(FallbackStorage);
    expect(Reflect.ownKeys(storage as object)).toEqual(Reflect.ownKeys(built));
  });

  it('builds other backends at once, so their constructors run when the storage is made', () => {
    const made: string[] = [];
    class Loud extends SessionStorage {
      constructor(...args: ConstructorParameters<typeof SessionStorage>) {
        super(...args);
        made.push('loud');
      }
    }
    class Custom extends FallbackStorage {
      static override storageClasses = [CookieStorage, Loud];
    }
    const storage = new Custom(request, { secretKey: 'k' });
    expect(made).toEqual(['loud']);
    expect(storage.storages[1]).toBeInstanceOf(Loud);
  });
});
