import { describe, expect, it } from 'vitest';
import { DisallowedHost, RawPostDataException, TooManyFieldsSent } from './errors.js';
import { getScriptName, HttpRequest } from './request.js';
import { requestSettings } from './request-settings.js';
import { HttpResponse } from './response.js';
import { BadSignature } from './signing.js';

function environ(extra: Record<string, unknown> = {}) {
  return {
    REQUEST_METHOD: 'GET',
    PATH_INFO: '/',
    QUERY_STRING: '',
    SERVER_NAME: 'testserver',
    SERVER_PORT: '80',
    'wsgi.url_scheme': 'http',
    ...extra,
  };
}

const settings = requestSettings({ allowedHosts: ['example.com', '.example.org', '[::1]'] });

describe('HttpRequest basics', () => {
  it('declares what the middleware fill, so filling them keeps the shape of the request', () => {
    const request = new HttpRequest(environ(), settings);
    const keys = Object.keys(request);
    expect(request._messages).toBeUndefined();
    request.session = {};
    request.user = {};
    request._messages = {};
    expect(Object.keys(request)).toEqual(keys);
  });

  it('upper-cases the method, whether node already did (GET, POST, HEAD) or not', () => {
    for (const [raw, method] of [
      ['GET', 'GET'],
      ['POST', 'POST'],
      ['HEAD', 'HEAD'],
      ['PATCH', 'PATCH'],
      ['post', 'POST'],
      ['Head', 'HEAD'],
    ]) {
      expect(new HttpRequest(environ({ REQUEST_METHOD: raw }), settings).method).toBe(method);
    }
  });

  it('reads method, path, path info, GET and headers from the environ', () => {
    const request = new HttpRequest(
      environ({
        REQUEST_METHOD: 'get',
        SCRIPT_NAME: '/app',
        PATH_INFO: '/a/b',
        QUERY_STRING: 'x=1&x=2',
        HTTP_USER_AGENT: 'ua',
        CONTENT_TYPE: 'text/plain; charset=utf-8',
      }),
      settings,
    );
    expect(request.method).toBe('GET');
    expect(request.pathInfo).toBe('/a/b');
    expect(request.path).toBe('/app/a/b');
    expect(request.GET.getlist('x')).toEqual(['1', '2']);
    expect(request.headers.get('user-agent')).toBe('ua');
    expect(request.headers.get('User_Agent')).toBe('ua');
    expect(request.headers.get('Content-Type')).toBe('text/plain; charset=utf-8');
    expect(request.headers.items()).toContainEqual(['User-Agent', 'ua']);
    expect(request.contentType).toBe('text/plain');
    expect(request.contentParams.charset).toBe('utf-8');
    expect(request.encoding).toBe('utf-8');
  });

  it('decodes a latin-1 "bytes" path from the gateway as UTF-8, as WSGI requires', () => {
    const raw = Buffer.from('/café/', 'utf8').toString('latin1');
    const request = new HttpRequest(
      environ({ PATH_INFO: raw, QUERY_STRING: 'q=caf%C3%A9' }),
      settings,
    );
    expect(request.pathInfo).toBe('/café/');
    expect(request.getFullPath()).toBe('/caf%C3%A9/?q=caf%C3%A9');
    expect(request.getFullPath(true)).toBe('/caf%C3%A9/?q=caf%C3%A9');
    expect(new HttpRequest(environ({ PATH_INFO: '/x' }), settings).getFullPath(true)).toBe('/x/');
  });

  it("keeps a byte that is not UTF-8 in PATH_INFO as %XX, as Django's repercent_broken_unicode", () => {
    // The gateway gives one latin-1 character per byte: /caf\xe9/, then a truncated 4-byte
    // sequence, then a whole euro sign.
    const raw = `/caf\xe9/x\xf0\x9f\x98/${Buffer.from('€').toString('latin1')}`;
    const request = new HttpRequest(environ({ PATH_INFO: raw, SCRIPT_NAME: '/s' }), settings);
    expect(request.pathInfo).toBe('/caf%E9/x%F0%9F%98/€');
    expect(request.path).toBe('/s/caf%E9/x%F0%9F%98/€');
    const overlong = new HttpRequest(environ({ PATH_INFO: '/\xc0\xaf\xed\xa0\x80' }), settings);
    expect(overlong.pathInfo).toBe('/%C0%AF%ED%A0%80');
  });

  it('decodes a non-ASCII byte anywhere in short and long paths and script names', () => {
    // Values up to 32 characters are scanned by a loop, longer ones by a regex: both sides.
    for (const length of [1, 31, 32, 33, 80]) {
      const ascii = `/${'a'.repeat(length - 1)}`;
      const raw = `${ascii.slice(0, -1)}\xc3\xa9`;
      const decoded = `${ascii.slice(0, -1)}é`;
      expect(new HttpRequest(environ({ PATH_INFO: ascii }), settings).pathInfo).toBe(ascii);
      expect(new HttpRequest(environ({ PATH_INFO: raw }), settings).pathInfo).toBe(decoded);
      expect(getScriptName(environ({ SCRIPT_NAME: ascii }))).toBe(ascii);
      expect(getScriptName(environ({ SCRIPT_NAME: raw }))).toBe(decoded);
    }
  });

  it('decodes GET in any charset Python knows once the encoding is set (iso-8859-16)', () => {
    const request = new HttpRequest(environ({ QUERY_STRING: 'a=%DE%E0' }), settings);
    request.encoding = 'iso-8859-16';
    expect(request.GET.get('a')).toBe('Țà');
    const declared = new HttpRequest(
      environ({ REQUEST_METHOD: 'POST', CONTENT_TYPE: 'text/plain; charset=koi8-r' }),
      settings,
    );
    expect(declared.encoding).toBe('koi8-r');
  });

  it('decodes raw query bytes in the request encoding, as Django QueryDict does with bytes', () => {
    const raw = Buffer.from('name=Hello Günter').toString('latin1');
    const request = new HttpRequest(environ({ QUERY_STRING: raw }), settings);
    expect(request.GET.get('name')).toBe('Hello Günter');
    request.encoding = 'iso-8859-16';
    expect(request.GET.get('name')).toBe('Hello GĂŒnter');
    // Bytes that are not UTF-8 fall back to latin-1.
    expect(new HttpRequest(environ({ QUERY_STRING: 'a=\xe9' }), settings).GET.get('a')).toBe('é');
  });

  it("builds path as Django: script name, '/', path info less its first slash; SCRIPT_URL", () => {
    expect(new HttpRequest(environ({ PATH_INFO: 'bogus' }), settings).path).toBe('/bogus');
    const rewritten = new HttpRequest(
      environ({ PATH_INFO: '/accounts/login/help', SCRIPT_URL: '/mst//accounts/login//help' }),
      settings,
    );
    expect(rewritten.path).toBe('/mst/accounts/login/help');
  });

  it("gives the script name as Django's get_script_name: forced, SCRIPT_URL, SCRIPT_NAME, decoded", () => {
    expect(getScriptName(environ({ SCRIPT_NAME: '/blog' }))).toBe('/blog');
    expect(getScriptName(environ({ SCRIPT_NAME: '/blog' }), '/forced')).toBe('/forced');
    expect(getScriptName(environ({ SCRIPT_NAME: '/blog' }), '')).toBe('');
    expect(
      getScriptName(
        environ({ PATH_INFO: '/login/', SCRIPT_URL: '/mst//login/', SCRIPT_NAME: '/x' }),
      ),
    ).toBe('/mst');
    const utf8 = Buffer.from('/café').toString('latin1');
    expect(getScriptName(environ({ SCRIPT_NAME: utf8 }))).toBe('/café');
  });

  it('IRI-encodes a query string of text in getFullPath, and UTF-8 gateway bytes once', () => {
    const text = new HttpRequest(
      environ({ PATH_INFO: '/s', QUERY_STRING: 'drink=café' }),
      settings,
    );
    expect(text.getFullPath()).toBe('/s?drink=caf%C3%A9');
    const raw = Buffer.from('drink=café').toString('latin1');
    const bytes = new HttpRequest(environ({ PATH_INFO: '/s', QUERY_STRING: raw }), settings);
    expect(bytes.getFullPath(true)).toBe('/s/?drink=caf%C3%A9');
  });

  it('keeps the case of the media type, as Django 3.2 (cgi.parse_header) does', () => {
    const request = new HttpRequest(
      environ({ CONTENT_TYPE: 'Text/Plain; Charset="UTF-8"' }),
      settings,
    );
    expect(request.contentType).toBe('Text/Plain');
    expect(request.contentParams.charset).toBe('UTF-8');
  });

  it('re-parses GET when the encoding is changed, as Django does', () => {
    const request = new HttpRequest(environ({ QUERY_STRING: 'a=%E9' }), settings);
    expect(request.GET.get('a')).toBe('\ufffd');
    request.encoding = 'iso-8859-1';
    expect(request.GET.get('a')).toBe('é');
  });

  it('has the same shape for every request (slots are set from the start)', () => {
    const a = new HttpRequest(environ(), settings);
    const b = new HttpRequest(environ({ HTTP_COOKIE: 'a=1' }), settings);
    expect(Object.keys(a)).toEqual(Object.keys(b));
    expect(Object.keys(a)).toEqual(
      expect.arrayContaining(['session', 'user', 'resolverMatch', 'csrfProcessingDone', 'META']),
    );
    // Everything parsed from the environ, the method included, is a lazy accessor.
    expect(a.method).toBe('GET');
    a.method = 'PATCH';
    expect(a.method).toBe('PATCH');
    expect(Object.keys(a)).toEqual(Object.keys(b));
  });

  it('upper-cases the method, and takes GET when the environ has none', () => {
    expect(new HttpRequest(environ({ REQUEST_METHOD: 'post' }), settings).method).toBe('POST');
    expect(new HttpRequest(environ({ REQUEST_METHOD: undefined }), settings).method).toBe('GET');
  });

  it('parses COOKIES lazily as parse_cookie, with no prototype', () => {
    const request = new HttpRequest(environ({ HTTP_COOKIE: '__proto__=1; a=b; a=c' }), settings);
    expect(request.COOKIES.a).toBe('c');
    expect(request.COOKIES['__proto__']).toBe('1');
    expect(Object.getPrototypeOf(request.COOKIES)).toBeNull();
  });

  it('answers _cookie(name) as COOKIES.get(name), whether COOKIES was built or not', () => {
    const bare = new HttpRequest(environ(), settings);
    expect(bare._cookie('csrftoken')).toBeUndefined();
    // Put in a COOKIES built later (as Django's tests do) or assigned: seen.
    bare.COOKIES['csrftoken'] = 'x';
    expect(bare._cookie('csrftoken')).toBe('x');
    const assigned = new HttpRequest(environ(), settings);
    assigned.COOKIES = { csrftoken: 'y' };
    expect(assigned._cookie('csrftoken')).toBe('y');
    // Own keys only, as `Object.hasOwn`.
    assigned.COOKIES = { a: 'b' };
    expect(assigned._cookie('toString')).toBeUndefined();
    const sent = new HttpRequest(environ({ HTTP_COOKIE: '__proto__=1; a=b; a=c' }), settings);
    expect(sent._cookie('a')).toBe('c');
    expect(sent._cookie('__proto__')).toBe('1');
    expect(sent._cookie('b')).toBeUndefined();
  });

  it('counts query fields against dataUploadMaxNumberFields: N passes, N+1 fails', () => {
    const tight = requestSettings({ allowedHosts: ['*'], dataUploadMaxNumberFields: 3 });
    expect(new HttpRequest(environ({ QUERY_STRING: 'a=1&b=2&c=3' }), tight).GET.size).toBe(3);
    expect(() => new HttpRequest(environ({ QUERY_STRING: 'a=1&b=2&c=3&d=4' }), tight).GET).toThrow(
      TooManyFieldsSent,
    );
  });

  it('gives an empty POST without load() for GET and for non-form bodies', () => {
    expect(new HttpRequest(environ(), settings).POST.size).toBe(0);
    const json = new HttpRequest(
      environ({ REQUEST_METHOD: 'POST', CONTENT_TYPE: 'application/json' }),
      settings,
    );
    expect(json.POST.size).toBe(0);
  });

  it('gives an empty body and POST without load() when the request says it has no body', () => {
    const get = new HttpRequest(environ({ CONTENT_LENGTH: '' }), settings);
    expect(get.body.length).toBe(0);
    const emptyForm = new HttpRequest(
      environ({
        REQUEST_METHOD: 'POST',
        CONTENT_TYPE: 'application/x-www-form-urlencoded',
        CONTENT_LENGTH: '0',
      }),
      settings,
    );
    expect(emptyForm.POST.size).toBe(0);
    const chunked = new HttpRequest(
      environ({ REQUEST_METHOD: 'PUT', HTTP_TRANSFER_ENCODING: 'chunked' }),
      settings,
    );
    expect(() => chunked.body).toThrow(RawPostDataException);
  });

  it('explains that a form POST needs load() first', () => {
    const request = new HttpRequest(
      environ({
        REQUEST_METHOD: 'POST',
        CONTENT_TYPE: 'application/x-www-form-urlencoded',
        CONTENT_LENGTH: '3',
      }),
      settings,
    );
    expect(() => request.POST).toThrow(RawPostDataException);
    expect(() => request.POST).toThrow(/await request.load\(\)/);
    expect(() => request.body).toThrow(/load\(\)/);
  });
});

describe('scheme and ports', () => {
  it('follows wsgi.url_scheme, or secureProxySslHeader when set', () => {
    expect(new HttpRequest(environ({ 'wsgi.url_scheme': 'https' }), settings).isSecure()).toBe(
      true,
    );
    const proxied = requestSettings({ secureProxySslHeader: ['HTTP_X_FORWARDED_PROTO', 'https'] });
    expect(
      new HttpRequest(environ({ HTTP_X_FORWARDED_PROTO: 'https, http' }), proxied).scheme,
    ).toBe('https');
    expect(new HttpRequest(environ({ HTTP_X_FORWARDED_PROTO: 'http' }), proxied).scheme).toBe(
      'http',
    );
    expect(new HttpRequest(environ({ 'wsgi.url_scheme': 'https' }), proxied).scheme).toBe('https');
    expect(() =>
      requestSettings({ secureProxySslHeader: ['X'] as unknown as [string, string] }),
    ).toThrow(TypeError);
  });

  it('reads the port from SERVER_PORT, or X-Forwarded-Port when trusted', () => {
    expect(new HttpRequest(environ({ HTTP_X_FORWARDED_PORT: '8443' }), settings).getPort()).toBe(
      '80',
    );
    const trusting = requestSettings({ useXForwardedPort: true });
    expect(new HttpRequest(environ({ HTTP_X_FORWARDED_PORT: '8443' }), trusting).getPort()).toBe(
      '8443',
    );
  });
});

describe('getHost', () => {
  const host = (
    value: string,
    allowedHosts: string[] = ['example.com', '.example.org', '[::1]', 'fqdn.example.'],
  ) => new HttpRequest(environ({ HTTP_HOST: value }), requestSettings({ allowedHosts })).getHost();

  it.each([
    'example.com',
    'example.com:8080',
    'EXAMPLE.com',
    'example.com.',
    'example.org',
    'sub.example.org',
    'deep.sub.example.org:443',
    '[::1]',
    '[::1]:8000',
  ])('accepts %j', (value) => {
    expect(host(value)).toBe(value);
  });

  it.each([
    'example.com@evil.tld',
    'example.com:80/badpath',
    'example.com:dr.frankenstein@evil.tld',
    'other.com',
    'notexample.org',
    'example.com:80:81',
    'example.com\nx',
    '',
    '[::2]',
    'example.com.evil',
  ])('refuses %j with DisallowedHost', (value) => {
    expect(() => host(value)).toThrow(DisallowedHost);
  });

  it('accepts any well-formed host with *, never a malformed one', () => {
    expect(host('anything.test', ['*'])).toBe('anything.test');
    expect(() => host('a b', ['*'])).toThrow(DisallowedHost);
  });

  it('refuses everything when allowedHosts is empty, except localhost variants in debug', () => {
    expect(() => host('localhost', [])).toThrow(DisallowedHost);
    const debug = requestSettings({ debug: true });
    expect(new HttpRequest(environ({ HTTP_HOST: 'a.localhost' }), debug).getHost()).toBe(
      'a.localhost',
    );
    expect(new HttpRequest(environ({ HTTP_HOST: '[::1]:80' }), debug).getHost()).toBe('[::1]:80');
  });

  it('reconstructs the host from SERVER_NAME and a non-default port', () => {
    const s = requestSettings({ allowedHosts: ['testserver'] });
    expect(new HttpRequest(environ({ SERVER_PORT: '8000' }), s).getHost()).toBe('testserver:8000');
    expect(new HttpRequest(environ({ SERVER_PORT: '80' }), s).getHost()).toBe('testserver');
  });

  it('uses X-Forwarded-Host only when useXForwardedHost is set', () => {
    const env = environ({ HTTP_HOST: 'example.com', HTTP_X_FORWARDED_HOST: 'evil.com' });
    expect(new HttpRequest(env, settings).getHost()).toBe('example.com');
    const trusting = requestSettings({ allowedHosts: ['example.com'], useXForwardedHost: true });
    expect(() => new HttpRequest(env, trusting).getHost()).toThrow(DisallowedHost);
  });
});

describe('buildAbsoluteUri', () => {
  const request = new HttpRequest(
    environ({
      HTTP_HOST: 'example.com',
      PATH_INFO: '/a/b/',
      QUERY_STRING: 'q=1',
      'wsgi.url_scheme': 'https',
    }),
    settings,
  );

  it('builds the current URI, absolute paths, relative paths and leaves absolute URLs', () => {
    expect(request.buildAbsoluteUri()).toBe('https://example.com/a/b/?q=1');
    expect(request.buildAbsoluteUri('/x/y')).toBe('https://example.com/x/y');
    expect(request.buildAbsoluteUri('c')).toBe('https://example.com/a/b/c');
    expect(request.buildAbsoluteUri('../c')).toBe('https://example.com/a/c');
    expect(request.buildAbsoluteUri('http://other.com/z')).toBe('http://other.com/z');
    expect(request.buildAbsoluteUri('/caf\u00e9')).toBe('https://example.com/caf%C3%A9');
  });

  // Each pair is what Django 3.2's build_absolute_uri gives on a GET of /a/b to testserver.
  it.each([
    ['///evil.com/x', 'http://testserver/evil.com/x'],
    ['////evil.com/x', 'http://testserver//evil.com/x'],
    ['//evil.com/x', 'http://evil.com/x'],
    ['/x', 'http://testserver/x'],
    ['x', 'http://testserver/a/x'],
    ['../x', 'http://testserver/x'],
    ['/a/./x', 'http://testserver/a/x'],
    ['?q=1', 'http://testserver/a/b?q=1'],
    ['/\\evil.com', 'http://testserver/%5Cevil.com'],
  ])('keeps %j on the request host as Django does: %j', (location, expected) => {
    const onA = new HttpRequest(
      environ({ HTTP_HOST: 'testserver', PATH_INFO: '/a/b' }),
      requestSettings({ allowedHosts: ['testserver'] }),
    );
    expect(onA.buildAbsoluteUri(location)).toBe(expected);
  });

  it('validates the host it builds with', () => {
    const bad = new HttpRequest(environ({ HTTP_HOST: 'evil.com' }), settings);
    expect(() => bad.buildAbsoluteUri('/x')).toThrow(DisallowedHost);
  });
});

describe('accepts', () => {
  const request = (accept?: string) =>
    new HttpRequest(environ(accept ? { HTTP_ACCEPT: accept } : {}), settings);

  it('matches media ranges with wildcards and ignores q=0', () => {
    const r = request('text/html, application/xhtml+xml, application/*;q=0.9, image/png;q=0');
    expect(r.accepts('text/html')).toBe(true);
    expect(r.accepts('application/json')).toBe(true);
    expect(r.accepts('image/png')).toBe(false);
    expect(r.accepts('text/plain')).toBe(false);
    expect(request().accepts('anything/here')).toBe(true);
    expect(r.getPreferredType(['application/json', 'text/html'])).toBe('text/html');
  });
});

describe('getSignedCookie', () => {
  const key = 'secret-key';
  const signedSettings = requestSettings({
    allowedHosts: ['*'],
    secretKey: key,
    secretKeyFallbacks: ['old'],
  });

  function roundTrip(name: string, value: string, salt?: string) {
    const response = new HttpResponse();
    response.setSignedCookie(name, value, { secretKey: key, ...(salt !== undefined && { salt }) });
    const cookie = response.cookies.get(name)!.value;
    return new HttpRequest(environ({ HTTP_COOKIE: `${name}=${cookie}` }), signedSettings);
  }

  it('reads back what setSignedCookie wrote, with the same salt', () => {
    expect(roundTrip('theme', 'dark').getSignedCookie('theme')).toBe('dark');
    expect(roundTrip('theme', 'dark', 's').getSignedCookie('theme', { salt: 's' })).toBe('dark');
    expect(() => roundTrip('theme', 'dark', 's').getSignedCookie('theme')).toThrow(BadSignature);
  });

  it('keeps (name, salt) pairs apart that Django would concatenate alike', () => {
    const response = new HttpResponse();
    response.setSignedCookie('a', 'v', { secretKey: key, salt: 'bc' });
    const forged = new HttpRequest(
      environ({ HTTP_COOKIE: `ab=${response.cookies.get('a')!.value}` }),
      signedSettings,
    );
    expect(() => forged.getSignedCookie('ab', { salt: 'c' })).toThrow(BadSignature);
  });

  it('returns the default for missing or tampered cookies when one is given', () => {
    const request = new HttpRequest(environ({ HTTP_COOKIE: 'theme=dark:bad:sig' }), signedSettings);
    expect(request.getSignedCookie('theme', { default: 'light' })).toBe('light');
    expect(request.getSignedCookie('missing', { default: 'x' })).toBe('x');
    expect(() => request.getSignedCookie('missing')).toThrow(/No cookie/);
    expect(() => request.getSignedCookie('theme')).toThrow(BadSignature);
  });
});
