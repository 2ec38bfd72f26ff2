import { SessionMiddleware, signedCookieSessions } from '@stack/contrib-sessions';
import { HttpResponse, parseCookie, type HttpResponseBase } from '@stack/request';
import { MessageMiddleware } from '../middleware.js';
import type { MessageSettings } from '../settings.js';
import type { MessageRequest } from '../storage/base.js';

export const SECRET = 'test-secret-key-for-messages';

export type TestRequest = MessageRequest & { META: Record<string, unknown> };
type View = (request: TestRequest) => Promise<HttpResponseBase> | HttpResponseBase;

/**
 * A browser of one: SessionMiddleware (signed-cookie sessions, so no store is shared between
 * tests) and MessageMiddleware around a view, with a cookie jar carried between requests.
 */
export function browser(view: View, settings: Partial<MessageSettings> = {}) {
  const jar = new Map<string, string>();
  const chain = SessionMiddleware({ sessionEngine: signedCookieSessions({ secretKey: SECRET }) })(
    MessageMiddleware({ secretKey: SECRET, ...settings })((request) =>
      view(request as TestRequest),
    ) as never,
  );
  return {
    jar,
    async get(): Promise<{ response: HttpResponseBase; request: TestRequest }> {
      const header = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      const request = {
        COOKIES: parseCookie(header),
        META: header ? { HTTP_COOKIE: header } : {},
      } as TestRequest;
      const response = await chain(request as never);
      for (const [name, cookie] of response.cookies) {
        if (cookie.maxAge === 0) jar.delete(name);
        else jar.set(name, cookie.value);
      }
      return { response, request };
    },
  };
}

export const ok = () => new HttpResponse('ok');
