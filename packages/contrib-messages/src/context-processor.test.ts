import { describe, expect, it } from 'vitest';
import { info } from './api.js';
import { DEFAULT_LEVELS } from './constants.js';
import { messagesContextProcessor } from './context-processor.js';
import { MessageMiddleware } from './middleware.js';
import { BaseStorage, type MessageRequest } from './storage/base.js';
import { CookieStorage } from './storage/cookie.js';

describe('messagesContextProcessor', () => {
  it('gives the levels by name, and an empty list without the middleware', async () => {
    const context = messagesContextProcessor({ META: {} });
    expect(context.DEFAULT_MESSAGE_LEVELS).toBe(DEFAULT_LEVELS);
    expect(await context.messages).toEqual([]);
  });

  it('loads the storage only when awaited, and reading it does not mark it used', async () => {
    let messages: PromiseLike<unknown> | undefined;
    let storage: BaseStorage | undefined;
    const handler = MessageMiddleware({ secretKey: 'k', messageStorage: CookieStorage })(async (
      request: MessageRequest,
    ) => {
      info(request, 'hello');
      messages = messagesContextProcessor(request).messages;
      storage = request._messages as BaseStorage;
      const loaded = (await messages) as BaseStorage;
      expect(loaded).toBe(storage);
      expect([loaded.size, loaded.used]).toEqual([1, false]);
      expect([...loaded].map(String)).toEqual(['hello']);
      expect(loaded.used).toBe(true);
      return new (await import('@stack/request')).HttpResponse();
    });
    await handler({ COOKIES: {} });
    expect(storage).toBeInstanceOf(BaseStorage);
  });
});
