import { HttpResponse, HttpResponseRedirect, parseCookie, type HttpRequest } from '@stack/request';
import { SessionMiddleware } from '@stack/contrib-sessions';
import { describe, expect, it } from 'vitest';
import * as messages from './index.js';

// The README's example, run as written (its views, called with a cookie jar between them).
async function login(request: HttpRequest) {
  messages.error(request, 'Invalid login');
  return new HttpResponseRedirect('/');
}

async function home(request: HttpRequest) {
  const lines: string[] = [];
  for await (const m of messages.getMessages(request)) lines.push(`${m.tags}: ${m}`);
  return new HttpResponse(lines.join('\n'));
}

const secretKey = 'change me';
const chain = (view: (r: HttpRequest) => Promise<HttpResponse>) =>
  SessionMiddleware()(messages.MessageMiddleware({ secretKey })(view as never) as never);
const views = { login: chain(login), home: chain(home) };

describe('the README example', () => {
  it('shows the error after the redirect, once', async () => {
    const jar = new Map<string, string>();
    const call = async (view: (r: never) => unknown) => {
      const header = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      const response = (await view({
        COOKIES: parseCookie(header),
        META: { HTTP_COOKIE: header },
      } as never)) as HttpResponse;
      for (const [name, c] of response.cookies) {
        if (c.maxAge === 0) jar.delete(name);
        else jar.set(name, c.value);
      }
      return response;
    };
    expect((await call(views.login)).statusCode).toBe(302);
    expect((await call(views.home)).text).toBe('error: Invalid login');
    expect((await call(views.home)).text).toBe('');
  });
});
