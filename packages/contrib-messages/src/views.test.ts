import { HttpResponse, type HttpResponseBase } from '@stack/request';
import { describe, expect, it } from 'vitest';
import { getMessages } from './api.js';
import { percentFormat } from './internal/percent-format.js';
import { MessageMiddleware } from './middleware.js';
import { CookieStorage } from './storage/cookie.js';
import type { BaseStorage } from './storage/base.js';
import { SuccessMessageMixin } from './views.js';

/** Stands in for core's editing views: a request, and `formValid` that redirects. */
class FakeFormView {
  request: unknown;
  async formValid(_form: { cleanedData: unknown }): Promise<HttpResponseBase> {
    return new HttpResponse('', { status: 302 });
  }
}

class AuthorCreate extends SuccessMessageMixin(FakeFormView) {
  override successMessage = '%(name)s was created successfully (%(age)d%%)';
}

async function submit(View: new () => FakeFormView, cleanedData: Record<string, unknown>) {
  const texts: string[] = [];
  const handler = MessageMiddleware({ secretKey: 'k', messageStorage: CookieStorage })(async (
    request,
  ) => {
    const view = new View();
    view.request = request;
    const response = await view.formValid({ cleanedData });
    for await (const m of getMessages(request) as BaseStorage) texts.push(`${m.tags}:${m}`);
    return response;
  });
  const response = await handler({ COOKIES: {} });
  return { response, texts };
}

describe('SuccessMessageMixin', () => {
  it('adds the success message formatted with the cleaned data, keeping the response', async () => {
    const { response, texts } = await submit(AuthorCreate, { name: 'Ann', age: 41.5 });
    expect(response.statusCode).toBe(302);
    expect(texts).toEqual(['success:Ann was created successfully (41%)']);
  });

  it('adds nothing when the message is empty', async () => {
    class Quiet extends SuccessMessageMixin(FakeFormView) {}
    expect((await submit(Quiet, {})).texts).toEqual([]);
  });

  it('lets getSuccessMessage decide', async () => {
    class Custom extends SuccessMessageMixin(FakeFormView) {
      override getSuccessMessage(data: Record<string, unknown>) {
        return `Hello ${String(data.name)}`;
      }
    }
    expect((await submit(Custom, { name: 'Bo' })).texts).toEqual(['success:Hello Bo']);
  });
});

describe('percentFormat', () => {
  it('formats like Python’s % with a mapping', () => {
    expect(percentFormat('%(a)s/%(b)s/%(c)s/%(n)i', { a: null, b: true, c: 'x', n: '7' })).toBe(
      'None/True/x/7',
    );
  });

  it('refuses a missing key, an inherited key and an unsupported conversion', () => {
    expect(() => percentFormat('%(x)s', {})).toThrow(/No value for %\(x\)s/);
    expect(() => percentFormat('%(constructor)s', {})).toThrow(/No value/);
    expect(() => percentFormat('%s', { a: 1 })).toThrow(/Unsupported format/);
    expect(() => percentFormat('%(n)d', { n: 'abc' })).toThrow(/number is required/);
  });
});
