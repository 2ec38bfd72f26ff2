import { describe, expect, it } from 'vitest';
import { BadHeaderError, DisallowedRedirect } from './errors.js';
import { HttpResponse } from './response.js';
import {
  HttpResponseBadRequest,
  HttpResponseGone,
  HttpResponseNotAllowed,
  HttpResponseNotFound,
  HttpResponseNotModified,
  HttpResponsePermanentRedirect,
  HttpResponseRedirect,
  HttpResponseServerError,
  HttpResponseForbidden,
} from './response-classes.js';
import { JsonResponse } from './json-response.js';

function collect(response: HttpResponse) {
  let status = '';
  let headers: [string, string][] = [];
  const body = response.toWsgi((s, h) => {
    status = s;
    headers = h;
  }) as Uint8Array[];
  return { status, headers, body };
}

describe('HttpResponse', () => {
  it('hands the gateway an empty body for a subclass whose content setter keeps nothing', () => {
    // HttpResponseNotModified overrides the content setter: the chunk list exists all the same.
    const notModified = new HttpResponseNotModified();
    const { status, headers, body } = collect(notModified);
    expect([status, [...body], notModified.content.length]).toEqual(['304 Not Modified', [], 0]);
    expect(headers.map(([name]) => name.toLowerCase())).not.toContain('content-type');
  });

  it('defaults to 200 OK and text/html in utf-8', () => {
    const response = new HttpResponse('héllo');
    expect(response.status).toBe(200);
    expect(response.reasonPhrase).toBe('OK');
    expect(response.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.content).toEqual(Buffer.from('héllo'));
  });

  it('encodes strings in the charset of its content type', () => {
    const response = new HttpResponse('é', { contentType: 'text/plain; charset=iso-8859-1' });
    expect(response.charset).toBe('iso-8859-1');
    expect([...response.content]).toEqual([0xe9]);
  });

  it('takes headers at construction, refusing a second Content-Type', () => {
    const response = new HttpResponse('', {
      headers: { 'Content-Type': 'text/plain', 'X-A': '1' },
    });
    expect(response.get('content-type')).toBe('text/plain');
    expect(response.get('x-a')).toBe('1');
    expect(
      () => new HttpResponse('', { contentType: 'a/b', headers: { 'content-type': 'c/d' } }),
    ).toThrow(TypeError);
  });

  it('appends with write and joins the chunks', () => {
    const response = new HttpResponse('a');
    response.write('b');
    response.writelines(['c', Buffer.from('d')]);
    expect(response.text).toBe('abcd');
  });

  it('refuses status codes outside 100-599', () => {
    expect(() => new HttpResponse('', { status: 99 })).toThrow(RangeError);
    expect(() => new HttpResponse('', { status: 600 })).toThrow(RangeError);
    expect(new HttpResponse('', { status: 599 }).status).toBe(599);
    expect(new HttpResponse('', { status: 599, reason: 'Custom' }).reasonPhrase).toBe('Custom');
  });

  it('has case-insensitive headers that keep the first spelling', () => {
    const response = new HttpResponse();
    response.set('X-Thing', 'a');
    expect(response.get('x-thing')).toBe('a');
    expect(response.headers.has('X-THING')).toBe(true);
    expect(response.headerList().find(([n]) => n === 'X-Thing')).toEqual(['X-Thing', 'a']);
    response.delete('x-THING');
    expect(response.has('X-Thing')).toBe(false);
  });

  it.each(['a\r\nSet-Cookie: x=y', 'a\nb', 'a\rb', 'a\0b'])(
    'refuses header value %j with BadHeaderError',
    (value) => {
      expect(() => new HttpResponse().set('X-A', value)).toThrow(BadHeaderError);
    },
  );

  it('refuses CR, LF and NUL in header names', () => {
    expect(() => new HttpResponse().set('X-A\r\nB', 'v')).toThrow(BadHeaderError);
    expect(() => new HttpResponse().set('X\0', 'v')).toThrow(BadHeaderError);
  });

  it('MIME-encodes header values beyond latin-1, as Django does', () => {
    const response = new HttpResponse();
    response.set('X-Name', '€');
    expect(response.get('X-Name')).toBe('=?utf-8?b?4oKs?=');
  });

  it('hands the gateway a status line, headers with Content-Length and the chunks unchanged', () => {
    const response = new HttpResponse('abc');
    response.write('def');
    const { status, headers, body } = collect(response);
    expect(status).toBe('200 OK');
    expect(headers).toContainEqual(['Content-Length', '6']);
    expect(body.map((b) => Buffer.from(b).toString())).toEqual(['abc', 'def']);
  });

  it('keeps a Content-Length already set, in its spelling, and counts empty content as 0', () => {
    const preset = new HttpResponse('abc', { headers: { 'content-length': '3' } });
    expect(collect(preset).headers).toEqual([
      ['content-length', '3'],
      ['Content-Type', 'text/html; charset=utf-8'],
    ]);
    for (const content of ['', new Uint8Array(0), []]) {
      const { headers, body } = collect(new HttpResponse(content));
      expect(headers).toContainEqual(['Content-Length', '0']);
      expect(body).toEqual([]);
    }
  });

  it('gives fresh header pairs and stores one-piece content as written', () => {
    const response = new HttpResponse('x', { contentType: 'text/plain' });
    const { headers } = collect(response);
    headers[0]![1] = 'changed';
    expect(response.get('Content-Type')).toBe('text/plain');
    response.content = 'yz';
    response.write('!');
    expect(response.text).toBe('yz!');
    expect(response.byteLength).toBe(3);
  });

  it('checks every contentType, the same one given again too', () => {
    const json = 'application/json';
    expect(new HttpResponse('', { contentType: json }).get('Content-Type')).toBe(json);
    // The last value checked is kept: the same text in another string is stored the same way,
    // and a bad value is refused every time, also right after a good one.
    const again = ['application/', 'json'].join('');
    expect(new HttpResponse('', { contentType: again }).get('Content-Type')).toBe(json);
    for (let i = 0; i < 2; i++) {
      expect(() => new HttpResponse('', { contentType: 'text/plain\r\nX: y' })).toThrow(
        BadHeaderError,
      );
      expect(() => new HttpResponse('', { charset: 'utf-8\nX: y' })).toThrow(BadHeaderError);
    }
    expect(new HttpResponse('', { contentType: 'text/€' }).get('Content-Type')).toBe(
      '=?utf-8?b?dGV4dC/igqw=?=',
    );
    expect(new HttpResponse('', { contentType: 'text/€' }).get('Content-Type')).toBe(
      '=?utf-8?b?dGV4dC/igqw=?=',
    );
    expect(new HttpResponse('', { charset: 'latin-1' }).get('Content-Type')).toBe(
      'text/html; charset=latin-1',
    );
  });

  it("reads each response's charset from its own Content-Type, whatever came before", () => {
    const latin = 'text/plain; charset=iso-8859-1';
    const charsets = [latin, undefined, latin, 'application/json', undefined, latin].map(
      (contentType) => new HttpResponse('é', contentType ? { contentType } : {}).charset,
    );
    expect(charsets).toEqual(['iso-8859-1', 'utf-8', 'iso-8859-1', 'utf-8', 'utf-8', 'iso-8859-1']);
    const page = new HttpResponse('é');
    page.set('Content-Type', latin);
    expect([page.charset, new HttpResponse('é').charset]).toEqual(['iso-8859-1', 'utf-8']);
  });

  it('setdefaultContentLength sets the byte length unless Content-Length is set', () => {
    const response = new HttpResponse('héllo');
    expect(response.setdefaultContentLength()).toBe('6');
    expect(response.headerList()).toEqual([
      ['Content-Type', 'text/html; charset=utf-8'],
      ['Content-Length', '6'],
    ]);
    response.write('!');
    expect(response.setdefaultContentLength()).toBe('6');
    const preset = new HttpResponse('abc');
    preset.set('content-LENGTH', 7);
    expect(preset.setdefaultContentLength()).toBe('7');
    expect(collect(preset).headers).toContainEqual(['content-LENGTH', '7']);
    expect(preset.headerList()).toHaveLength(2);
    expect(new HttpResponse().setdefaultContentLength()).toBe('0');
  });

  it('writes number header values as their text', () => {
    const response = new HttpResponse();
    response.set('X-Number', 1.5).set('X-Big', 1e21).set('X-NaN', Number.NaN);
    expect([response.get('X-Number'), response.get('X-Big'), response.get('X-NaN')]).toEqual([
      '1.5',
      '1e+21',
      'NaN',
    ]);
  });
});

describe('cookies on responses', () => {
  it('formats Set-Cookie with attributes in Python Morsel order', () => {
    const response = new HttpResponse();
    response.setCookie('sessionid', 'abc', {
      maxAge: 3600,
      httponly: true,
      secure: true,
      samesite: 'Lax',
      domain: 'example.com',
    });
    const line = collect(response).headers.find(([n]) => n === 'Set-Cookie')![1];
    expect(line).toMatch(
      /^sessionid=abc; Domain=example.com; expires=\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT; HttpOnly; Max-Age=3600; Path=\/; SameSite=Lax; Secure$/,
    );
  });

  it('quotes values with special characters as Python does', () => {
    const response = new HttpResponse();
    response.setCookie('c', 'a b;"\\\n');
    expect(response.headerList().at(-1)![1]).toBe('c="a b\\073\\"\\\\\\012"; Path=/');
  });

  // Each pair is what Django 3.2's set_cookie writes (SimpleCookie's quoting): a raw `,` or `;`
  // would end the cookie early, so they become octal escapes inside the quotes.
  it.each([
    ['An,awkward;value', '"An\\054awkward\\073value"'],
    ['a b', '"a b"'],
    ['\u00e9\u2603', '"\\351\u2603"'],
    ['a\x7fb', '"a\\177b"'],
    ['x=y', '"x=y"'],
    ['tab\there', '"tab\\011here"'],
    ['plain-value_1', 'plain-value_1'],
  ])('writes the value %j as %s, as Django does', (value, written) => {
    const response = new HttpResponse();
    response.setCookie('c', value);
    expect(response.headerList().at(-1)![1]).toBe(`c=${written}; Path=/`);
  });

  it('turns a Date in expires into max-age', () => {
    const response = new HttpResponse();
    response.setCookie('c', 'v', { expires: new Date(Date.now() + 10_000) });
    expect(response.cookies.get('c')!.maxAge).toBeGreaterThanOrEqual(10);
    expect(response.cookies.get('c')!.maxAge).toBeLessThanOrEqual(11);
  });

  it('deletes a cookie with max-age 0 and the epoch, secure for __Host- names', () => {
    const response = new HttpResponse();
    response.deleteCookie('__Host-id');
    expect(response.headerList().at(-1)![1]).toBe(
      '__Host-id=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; Secure',
    );
  });

  it.each([
    { path: '/\r\nX-Injected: 1' },
    { path: '/; Domain=evil.com' },
    { domain: 'a.com\0' },
    { expires: 'x\ny' },
  ])('refuses attribute injection through %j', (options) => {
    expect(() => new HttpResponse().setCookie('c', 'v', options)).toThrow(BadHeaderError);
  });

  it('escapes CR and LF inside values instead of sending them', () => {
    const response = new HttpResponse();
    response.setCookie('c', 'a\r\nSet-Cookie: x=y');
    expect(response.headerList().at(-1)![1]).toBe('c="a\\015\\012Set-Cookie: x=y"; Path=/');
  });

  it('refuses bad samesite values and illegal names', () => {
    expect(() => new HttpResponse().setCookie('c', 'v', { samesite: 'sometimes' })).toThrow(
      TypeError,
    );
    expect(() => new HttpResponse().setCookie('a b', 'v')).toThrow(BadHeaderError);
    expect(() => new HttpResponse().setCookie('a\r\n', 'v')).toThrow(BadHeaderError);
  });
});

describe('status responses', () => {
  it.each([
    [new HttpResponseBadRequest(), 400],
    [new HttpResponseNotFound(), 404],
    [new HttpResponseForbidden(), 403],
    [new HttpResponseGone(), 410],
    [new HttpResponseServerError(), 500],
  ])('%o has its status', (response, status) => {
    expect(response.status).toBe(status);
  });

  it('lists permitted methods in Allow on a 405', () => {
    const response = new HttpResponseNotAllowed(['GET', 'POST']);
    expect(response.status).toBe(405);
    expect(response.get('Allow')).toBe('GET, POST');
  });

  it('gives a 304 no content type and refuses content', () => {
    const response = new HttpResponseNotModified();
    expect(response.has('Content-Type')).toBe(false);
    expect(() => response.write('x')).toThrow(TypeError);
  });
});

describe('redirects', () => {
  it('sets Location, IRI-encoded, with 302/301 and 307/308 when preserving the request', () => {
    const response = new HttpResponseRedirect('/caf\u00e9/?q=a b');
    expect(response.status).toBe(302);
    expect(response.url).toBe('/caf%C3%A9/?q=a%20b');
    expect(new HttpResponsePermanentRedirect('/x').status).toBe(301);
    expect(new HttpResponseRedirect('/x', { preserveRequest: true }).status).toBe(307);
    expect(new HttpResponsePermanentRedirect('/x', { preserveRequest: true }).status).toBe(308);
  });

  it.each([
    'data:text/html,<script>alert(1)</script>',
    'mailto:a@example.com',
    'file:///etc/passwd',
    'ssh://host',
    'javascript:alert(1)',
    ' \tjavascript:alert(1)',
    'java\nscript:alert(1)',
  ])('refuses the unsafe redirect %j', (url) => {
    expect(() => new HttpResponseRedirect(url)).toThrow(DisallowedRedirect);
  });

  it('allows http, https, ftp and relative URLs, refuses more than 2048 characters', () => {
    for (const url of ['http://a', 'HTTPS://a', 'ftp://a', '//a', '/a', 'a?b:c']) {
      expect(new HttpResponseRedirect(url).status).toBe(302);
    }
    expect(new HttpResponseRedirect('/' + 'a'.repeat(2047)).status).toBe(302);
    expect(() => new HttpResponseRedirect('/' + 'a'.repeat(2048))).toThrow(DisallowedRedirect);
  });
});

describe('JsonResponse', () => {
  it('serializes an object as application/json', () => {
    const response = new JsonResponse({ a: [1, 'é'] });
    expect(response.get('Content-Type')).toBe('application/json');
    expect(JSON.parse(response.text)).toEqual({ a: [1, 'é'] });
  });

  it('refuses non-objects unless safe is false', () => {
    expect(() => new JsonResponse([1])).toThrow(TypeError);
    expect(() => new JsonResponse(null)).toThrow(TypeError);
    expect(() => new JsonResponse('x')).toThrow(TypeError);
    expect(new JsonResponse([1], { safe: false }).text).toBe('[1]');
    expect(() => new JsonResponse(new Uint8Array(1))).toThrow(TypeError);
  });

  it('gives each response its own headers, with or without options', () => {
    const first = new JsonResponse({ a: 1 });
    first.set('Content-Type', 'application/vnd.api+json');
    const second = new JsonResponse({ a: 2 });
    expect(second.get('Content-Type')).toBe('application/json');
    const options = new JsonResponse({ a: 3 }, { status: 201, space: 1 });
    expect(options.status).toBe(201);
    expect(options.text).toBe('{\n "a": 3\n}');
    expect(new JsonResponse({ toJSON: () => undefined }).text).toBe('null');
  });
  it('is the same object built without options as through its constructors', () => {
    // `new JsonResponse(data)` is built by a plain function (no super() calls); a subclass, or
    // options, go through the constructors: compare the two.
    class Through extends JsonResponse {}
    const plain = new JsonResponse({ a: 'é' });
    const built = new Through({ a: 'é' });
    const viaOptions = new JsonResponse({ a: 'é' }, {});
    expect(Object.getPrototypeOf(plain)).toBe(JsonResponse.prototype);
    expect(plain.constructor).toBe(JsonResponse);
    expect(plain).toBeInstanceOf(HttpResponse);
    for (const other of [built, viaOptions]) {
      expect(Reflect.ownKeys(plain)).toEqual(Reflect.ownKeys(other));
      for (const key of Reflect.ownKeys(other)) {
        if (key === 'headers') continue;
        expect(Object.getOwnPropertyDescriptor(plain, key)).toEqual(
          Object.getOwnPropertyDescriptor(other, key),
        );
      }
      expect(collect(plain)).toEqual(collect(other));
      expect([plain.charset, plain.status, plain.reasonPhrase, plain.streaming]).toEqual([
        other.charset,
        other.status,
        other.reasonPhrase,
        other.streaming,
      ]);
    }
    expect(() => new JsonResponse([1])).toThrow(TypeError);
    plain.setCookie('c', 'v');
    plain.write('!');
    expect(plain.text).toBe('{"a":"é"}!');
    expect(collect(plain).headers).toContainEqual(['Set-Cookie', 'c=v; Path=/']);
  });
});

describe('content that is not text or bytes', () => {
  it('writes a number as its text, as Django make_bytes(str(value)) does', () => {
    expect(new HttpResponse(12345).content.toString()).toBe('12345');
  });

  it('decodes text in the response charset, any charset Python knows', () => {
    const response = new HttpResponse(Buffer.from([0xa4]), { charset: 'iso-8859-15' });
    expect(response.text).toBe('€');
  });
});

describe('HttpResponse content kept as text (the UTF-8 fast path)', () => {
  const bytesOf = (chunks: readonly (string | Uint8Array)[]) =>
    Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c)));

  it('hands UTF-8 text to the gateway as strings, the same bytes as encoding it', () => {
    const text = 'héllo \u{1F600} \ud800 end';
    const response = new HttpResponse(text);
    const { body, headers } = collect(response);
    expect(body.every((chunk) => typeof chunk === 'string')).toBe(true);
    expect(bytesOf(body)).toEqual(Buffer.from(text, 'utf8'));
    expect(headers).toContainEqual(['Content-Length', String(Buffer.byteLength(text))]);
    expect(response.byteLength).toBe(Buffer.byteLength(text));
  });

  it('encodes at once when the charset is not UTF-8, as Django does', () => {
    const response = new HttpResponse('café', { charset: 'latin-1' });
    const { body } = collect(response);
    expect(body.every((chunk) => chunk instanceof Uint8Array)).toBe(true);
    expect(bytesOf(body)).toEqual(Buffer.from('café', 'latin1'));
  });

  it('joins text and bytes in order; a charset change later does not re-encode earlier text', () => {
    const response = new HttpResponse('é');
    response.write(Uint8Array.of(0x41));
    response.charset = 'latin-1';
    response.write('é');
    expect(response.content).toEqual(Buffer.from([0xc3, 0xa9, 0x41, 0xe9]));
    expect(response.byteLength).toBe(4);
    // Read once, the content stays joined: the gateway then gets the one buffer.
    expect(collect(response).body).toEqual([Buffer.from([0xc3, 0xa9, 0x41, 0xe9])]);
  });

  it('encodes long text once when its length is measured, the same bytes and length', () => {
    // Two-byte text (above U+00FF), Latin-1 beyond ASCII, astral characters, a lone surrogate,
    // and ASCII, each side of both thresholds (512 characters; 2048 for ASCII).
    const pieces = ['<td>フレームワーク</td>', 'café ', '\u{1F600}', '\ud800', 'plain ascii '];
    for (const piece of pieces) {
      for (const units of [511, 512, 2047, 2048, 5000]) {
        const text = piece.repeat(Math.ceil(units / piece.length)).slice(0, units);
        const response = new HttpResponse(text);
        const { body, headers } = collect(response);
        expect(bytesOf(body)).toEqual(Buffer.from(text, 'utf8'));
        expect(headers).toContainEqual(['Content-Length', String(Buffer.byteLength(text))]);
        const ascii = piece === 'plain ascii ';
        expect(body.every((chunk) => typeof chunk === 'string')).toBe(
          units < 512 || (ascii && units < 2048),
        );
        expect(response.byteLength).toBe(Buffer.byteLength(text));
        expect(response.text).toBe(Buffer.from(text, 'utf8').toString('utf8'));
      }
    }
  });

  it('keeps the bytes of every response apart while they share the encoding slab', () => {
    // Pages of about 1,300 characters (the fortunes page's size), several slabs' worth, all held
    // at once; and lengths either side of the 10,923 characters from which text gets a buffer
    // of its own, between ASCII text, which stays a string and takes no room.
    const texts: string[] = [];
    for (let i = 0; i < 120; i++) texts.push(`${i} — ${'フレームワーク é '.repeat(80)}`);
    for (const units of [10_922, 10_923, 2047, 600, 1])
      texts.push('ü'.repeat(units), 'a'.repeat(units));
    const responses = texts.map((text) => new HttpResponse(text));
    const bodies = responses.map((response) => collect(response).body);
    bodies.forEach((body, i) => {
      expect(bytesOf(body)).toEqual(Buffer.from(texts[i]!, 'utf8'));
      expect(responses[i]!.byteLength).toBe(Buffer.byteLength(texts[i]!));
    });
  });

  it('encodes text too long for the slab as Buffer.from does', () => {
    const text = 'é\u{1F600}フ'.repeat(30_000);
    const response = new HttpResponse(text);
    expect(response.byteLength).toBe(Buffer.byteLength(text));
    expect(response.content).toEqual(Buffer.from(text, 'utf8'));
  });

  it('keeps chunks in order when some are encoded by byteLength and more are written', () => {
    const long = 'ü'.repeat(2000);
    const response = new HttpResponse(long);
    response.write('short é');
    expect(response.byteLength).toBe(Buffer.byteLength(long) + Buffer.byteLength('short é'));
    response.write(long);
    const { body } = collect(response);
    expect(body.map((chunk) => typeof chunk)).toEqual(['object', 'string', 'object']);
    expect(bytesOf(body)).toEqual(Buffer.from(`${long}short é${long}`, 'utf8'));
  });

  it('skips empty text, as it skips empty bytes', () => {
    const response = new HttpResponse('');
    response.write('');
    expect(collect(response).body).toEqual([]);
    expect(response.content).toEqual(Buffer.alloc(0));
  });
});

describe('statusLine', () => {
  it('is the standard line, the custom reason, or the code with an unknown reason', () => {
    const response = new HttpResponse('');
    expect(response.statusLine()).toBe('200 OK');
    response.status = 404;
    expect(response.statusLine()).toBe('404 Not Found');
    response.reasonPhrase = 'Gone Fishing';
    expect(response.statusLine()).toBe('404 Gone Fishing');
    const odd = new HttpResponse('', { status: 599 });
    expect(odd.statusLine()).toBe('599 Unknown Status Code');
    odd.statusCode = 200.5;
    expect(odd.statusLine()).toBe('200.5 Unknown Status Code');
    // Lines already made are reused only for a response without a reason of its own.
    expect(new HttpResponse('', { reason: 'Fine' }).statusLine()).toBe('200 Fine');
    odd.statusCode = -1;
    expect(odd.statusLine()).toBe('-1 Unknown Status Code');
  });
});
