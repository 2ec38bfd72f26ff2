import { RawPostDataException } from './errors.js';
import { parseCookie } from './cookie.js';
import { HttpHeaders } from './http-headers.js';
import { parseAcceptHeader, type MediaType } from './media-type.js';
import { QueryDict, countFields } from './query-dict.js';
import { requestSettings, type RequestOptions, type RequestSettings } from './request-settings.js';
import { FileDict } from './uploaded-file.js';
import {
  decodeFormBody,
  fromWsgiString,
  iriFromWsgiString,
  isKnownCharset,
  pathFromWsgiString,
  queryFromWsgiString,
} from './internal/charset.js';
import type { GatewayEnviron } from './internal/gateway.js';
import { parseHeaderParameters } from './internal/header-params.js';
import { parseMultipart } from './internal/multipart.js';
import { declaredLength, hasNoBody, readBody, type BodyInput } from './internal/read-body.js';
import { parseJsonBody } from './internal/json-body.js';
import { absoluteUri, fullPath, metaText, scriptName, scriptPath } from './internal/urls.js';
import { hostOf, portOf, schemeOf } from './internal/request-origin.js';
import { readSignedCookie, type SignedCookieOptions } from './internal/signed-cookie.js';

const DEFAULT_SETTINGS = requestSettings();
const FORM = 'application/x-www-form-urlencoded';
const NO_PARAMS: Record<string, string> = Object.freeze(Object.create(null));
const MULTIPART = 'multipart/form-data';

/** Where the body is: not read yet, being read, read into memory, parsed as multipart, or streamed. */
type BodyState = 'unread' | 'loading' | 'read' | 'multipart' | 'streamed';

/**
 * What a request knows of its body: its media type and charset, its form and files, and how
 * far it was read. Made on first use (`contentType`, `encoding`, `GET`, `POST`, `FILES`,
 * `body`, `load()`, `stream()`): a request that reads none of them, as a GET view answering
 * from its URL does, carries one field for the nine, 64 bytes less per request (node 20 has no
 * pointer compression: 8 bytes a field).
 */
class BodyFields {
  contentType: string | undefined = undefined;
  contentParams: Record<string, string> | undefined = undefined;
  encoding: string | undefined = undefined;
  post: QueryDict | undefined = undefined;
  files: FileDict | undefined = undefined;
  body: Buffer | undefined = undefined;
  state: BodyState = 'unread';
  loadError: Error | undefined = undefined;
  loading: Promise<void> | undefined = undefined;
}

/**
 * Django's `get_script_name()`: where the site is mounted for this request: `forceScriptName`
 * when set, else the environ's `SCRIPT_NAME` (behind Apache's mod_rewrite, what precedes the
 * path info in `SCRIPT_URL`), decoded from UTF-8. `@stack/core`'s handler gives it to
 * `setScriptPrefix()` (`@stack/urls`) at the start of every request, as Django's does.
 *
 * @example
 * ```ts
 * getScriptName({ SCRIPT_NAME: '/blog', PATH_INFO: '/posts/' }); // '/blog'
 * getScriptName({ SCRIPT_NAME: '/blog' }, '/forced'); // '/forced'
 * ```
 */
export function getScriptName(
  environ: Record<string, unknown>,
  forceScriptName: string | null = null,
): string {
  return forceScriptName ?? fromWsgiString(scriptName(environ));
}

/**
 * An HTTP request built from a gateway environ (Django's `HttpRequest`/`WSGIRequest`).
 * Everything is parsed lazily on first access. Form bodies are read by `await load()`, after
 * which `POST`, `FILES` and `body` are synchronous; call `close()` after the response to
 * delete temporary upload files.
 *
 * @example
 * ```ts
 * const settings = requestSettings({ allowedHosts: ['example.com'] });
 * const request = new HttpRequest(environ, settings);
 * await request.load();
 * request.GET.get('page'); request.POST.get('title'); request.COOKIES.sessionid;
 * ```
 */
export class HttpRequest {
  /** The environ, whole (Django's `request.META`). */
  readonly META: GatewayEnviron;
  /** The settings this request reads. */
  readonly settings: RequestSettings;
  /** The session (filled by `SessionMiddleware`). */
  session: unknown = undefined;
  /** The user (filled by `AuthenticationMiddleware`). */
  user: unknown = undefined;
  /**
   * The message storage (filled by `MessageMiddleware`, read through `getMessages`). Declared
   * here so that filling it keeps the request's shape: a key added per request would give
   * every request a second hidden class and an out-of-object property store.
   */
  _messages: unknown = undefined;
  /** The URL resolver's match (filled by the handler). */
  resolverMatch: unknown = undefined;
  /** A per-request URLconf that replaces the root one (Django's `request.urlconf`). */
  urlconf: unknown = undefined;
  /** Set by `CsrfViewMiddleware` once it has checked the request. */
  csrfProcessingDone = false;
  /** Set by `CsrfViewMiddleware` when the CSRF cookie must be (re)sent. */
  csrfCookieNeedsUpdate = false;
  /** Skip CSRF checks (Django's `_dont_enforce_csrf_checks`, used by the test client). */
  dontEnforceCsrfChecks = false;

  #method: string | undefined = undefined;
  #path: string | undefined = undefined;
  #pathInfo: string | undefined = undefined;
  #get: QueryDict | undefined = undefined;
  #cookies: Record<string, string> | undefined = undefined;
  #headers: HttpHeaders | undefined = undefined;
  /** The body's fields, made on first use (see `BodyFields`). */
  #bodyFields: BodyFields | undefined = undefined;

  constructor(
    environ: GatewayEnviron,
    settings: RequestSettings | RequestOptions = DEFAULT_SETTINGS,
  ) {
    // Nothing else here: every other field starts empty and is filled on first access.
    this.META = environ;
    this.settings = requestSettings(settings);
  }

  /** The method, upper-cased. */
  get method(): string {
    if (this.#method === undefined) {
      const raw = this.META.REQUEST_METHOD;
      // Node hands the common methods upper-cased already: spare them toUpperCase (an ICU call).
      this.#method =
        raw === 'GET' || raw === 'POST' || raw === 'HEAD'
          ? raw
          : typeof raw === 'string'
            ? raw.toUpperCase()
            : 'GET';
    }
    return this.#method;
  }

  set method(value: string) {
    this.#method = value;
  }

  /** The path after the script name, decoded, `/` when empty. */
  get pathInfo(): string {
    return (this.#pathInfo ??= pathFromWsgiString(metaText(this.META.PATH_INFO)) || '/');
  }

  set pathInfo(value: string) {
    this.#pathInfo = value;
  }

  /** The full path: script name and path info. */
  get path(): string {
    if (this.#path === undefined) {
      this.#path = scriptPath(
        getScriptName(this.META, this.settings.forceScriptName),
        this.pathInfo,
      );
    }
    return this.#path;
  }

  set path(value: string) {
    this.#path = value;
  }

  /** `'http'` or `'https'`, honouring `secureProxySslHeader`. */
  get scheme(): string {
    return schemeOf(this.META, this.settings);
  }

  /** Whether the request came over HTTPS. */
  isSecure(): boolean {
    return this.scheme === 'https';
  }

  /** The body's fields, made on first use. */
  #body(): BodyFields {
    return (this.#bodyFields ??= new BodyFields());
  }

  /** The charset of the query string and form body; setting it re-parses `GET` and `POST`. */
  get encoding(): string | undefined {
    // Without a `Content-Type` there is no charset: `GET`'s usual read answers without making
    // the body's fields (nothing set `encoding` either, which would have made them).
    if (this.#bodyFields === undefined && metaText(this.META.CONTENT_TYPE) === '') return undefined;
    const fields = this.#body();
    if (fields.encoding === undefined) {
      const charset = this.contentParams.charset;
      if (charset && isKnownCharset(charset)) fields.encoding = charset;
    }
    return fields.encoding;
  }

  set encoding(value: string | undefined) {
    const fields = this.#body();
    fields.encoding = value;
    this.#get = undefined;
    if (fields.state === 'read') fields.post = undefined;
  }

  #charset(): string {
    return this.encoding ?? this.settings.defaultCharset;
  }

  /**
   * The media type of the body as sent (`'multipart/form-data'`); its case is kept, as Django
   * keeps it, so only the exact lower-case types are parsed as forms.
   */
  get contentType(): string {
    const fields = this.#body();
    if (fields.contentType === undefined) this.#parseContentType(fields);
    return fields.contentType!;
  }

  /** The parameters of `Content-Type` (`{ charset: 'utf-8' }`), with no prototype. */
  get contentParams(): Record<string, string> {
    const fields = this.#body();
    if (fields.contentParams === undefined) this.#parseContentType(fields);
    return fields.contentParams!;
  }

  #parseContentType(fields: BodyFields): void {
    const raw = metaText(this.META.CONTENT_TYPE);
    if (raw === '') {
      fields.contentType = '';
      fields.contentParams = NO_PARAMS;
    } else [fields.contentType, fields.contentParams] = parseHeaderParameters(raw);
  }

  /** The request headers, case-insensitive. */
  get headers(): HttpHeaders {
    return (this.#headers ??= new HttpHeaders(this.META));
  }

  /** The query string's fields. */
  get GET(): QueryDict {
    if (this.#get === undefined) {
      const encoding = this.#charset();
      const query = queryFromWsgiString(metaText(this.META.QUERY_STRING), encoding);
      const max = this.settings.dataUploadMaxNumberFields;
      this.#get = new QueryDict(query, {
        encoding,
        maxNumFields: max === null ? undefined : max,
      });
    }
    return this.#get;
  }

  set GET(value: QueryDict) {
    this.#get = value;
  }

  /** The cookies, parsed as Django's `parse_cookie` does, with no prototype. */
  get COOKIES(): Record<string, string> {
    if (this.#cookies === undefined) {
      const raw = this.META.HTTP_COOKIE;
      this.#cookies = parseCookie(typeof raw === 'string' ? fromWsgiString(raw) : '');
    }
    return this.#cookies;
  }

  set COOKIES(value: Record<string, string>) {
    this.#cookies = value;
  }

  /**
   * @internal Python's `request.COOKIES.get(name)`: the value of the cookie `name` if `COOKIES`
   * has it as an own key, else `undefined`. For `CsrfViewMiddleware`, which asks on every
   * request: a request without a `Cookie` header whose `COOKIES` was never read or assigned has
   * none (nothing can be in a `COOKIES` not yet made), so the answer comes without building
   * one, an empty object, and looking in it (0.24k instructions per request, hello JSON).
   */
  _cookie(name: string): string | undefined {
    if (this.#cookies === undefined && typeof this.META.HTTP_COOKIE !== 'string') return undefined;
    const cookies = this.COOKIES;
    return Object.hasOwn(cookies, name) ? cookies[name] : undefined;
  }

  /** Whether `POST`/`FILES` need `load()`: a POST whose body is a form. */
  get #isForm(): boolean {
    return this.method === 'POST' && (this.contentType === MULTIPART || this.contentType === FORM);
  }

  /** The form fields of a POST body (empty for other methods and content types). */
  get POST(): QueryDict {
    return this.#ensureForm('POST').post!;
  }

  set POST(value: QueryDict) {
    this.#body().post = value;
  }

  /** The uploaded files of a multipart POST. */
  get FILES(): FileDict {
    return this.#ensureForm('FILES').files!;
  }

  set FILES(value: FileDict) {
    this.#body().files = value;
  }

  /** The body's fields, with `post` and `files` set (or the error that reading them raised). */
  #ensureForm(what: string): BodyFields {
    const fields = this.#body();
    if (fields.loadError) throw fields.loadError;
    if (fields.post !== undefined && fields.files !== undefined) return fields;
    if (!this.#isForm) {
      fields.post ??= new QueryDict(null, { encoding: this.#charset() });
      fields.files ??= new FileDict();
      return fields;
    }
    if (fields.state === 'unread' && hasNoBody(this.META)) {
      fields.body = Buffer.alloc(0);
      fields.state = 'read';
    }
    if (fields.state === 'read') {
      fields.post ??= this.#parseForm(fields.body!);
      fields.files ??= new FileDict();
      return fields;
    }
    throw new RawPostDataException(
      `request.${what} of a form body is read by \`await request.load()\` first (the handler does it before the middleware chain).`,
    );
  }

  /** The query string's field count, after checking it alone is within the limit. */
  #queryFieldCount(): number {
    if (this.GET.size === 0) return 0;
    return countFields(metaText(this.META.QUERY_STRING));
  }

  #parseForm(body: Buffer): QueryDict {
    const encoding = this.#charset();
    if (this.contentType !== FORM || this.method !== 'POST')
      return new QueryDict(null, { encoding });
    const max = this.settings.dataUploadMaxNumberFields;
    const maxNumFields = max === null ? undefined : Math.max(max - this.#queryFieldCount(), 0);
    return new QueryDict(decodeFormBody(body, encoding), { encoding, maxNumFields });
  }

  /** The raw body, after `load()` (empty without it when the request has no body). */
  get body(): Buffer {
    const fields = this.#body();
    if (fields.state === 'read') return fields.body!;
    if (fields.state === 'unread' && hasNoBody(this.META)) return Buffer.alloc(0);
    if (fields.state === 'multipart' || fields.state === 'streamed') {
      throw new RawPostDataException(
        "You cannot access body after reading from request's data stream",
      );
    }
    throw new RawPostDataException('request.body is read by `await request.load()` first.');
  }

  /**
   * Read and parse the body within the limits, once: a multipart POST is streamed into `POST`
   * and `FILES` (large files to temporary files), anything else is read into `body` (and
   * parsed into `POST` for a urlencoded POST). Rejects with `RequestDataTooBig`,
   * `TooManyFieldsSent`, `TooManyFilesSent` or `MultiPartParserError`; later reads of
   * `POST`/`FILES` throw the same error.
   */
  load(): Promise<void> {
    const fields = this.#body();
    return (fields.loading ??= this.#load(fields).catch((err: Error) => {
      fields.loadError = err;
      throw err;
    }));
  }

  async #load(fields: BodyFields): Promise<void> {
    if (fields.state === 'streamed')
      throw new RawPostDataException('The body was already taken by stream().');
    fields.state = 'loading';
    const input = this.META['wsgi.input'] as BodyInput;
    if (this.method === 'POST' && this.contentType === MULTIPART) {
      const { post, files } = await parseMultipart(input, {
        contentType: metaText(this.META.CONTENT_TYPE),
        boundary: this.contentParams.boundary,
        contentLength: declaredLength(this.META.CONTENT_LENGTH),
        encoding: this.#charset(),
        settings: this.settings,
        queryFields: this.#queryFieldCount(),
      });
      post.mutable = false;
      [fields.post, fields.files, fields.state] = [post, files, 'multipart'];
      return;
    }
    const declared = declaredLength(this.META.CONTENT_LENGTH);
    fields.body = await readBody(input, declared, this.settings.dataUploadMaxMemorySize);
    fields.state = 'read';
    if (this.#isForm) {
      fields.post = this.#parseForm(fields.body);
      fields.files = new FileDict();
    }
  }

  /**
   * The body as JSON, read within `dataUploadMaxMemorySize`. Invalid JSON and
   * prototype-poisoning keys (`__proto__`, `constructor.prototype`) are a `BadRequest`.
   */
  async json<T = unknown>(): Promise<T> {
    await this.load();
    return parseJsonBody(this.body) as T;
  }

  /**
   * The raw body stream, for a view that wants to read it itself (no size limit applied, but
   * no more than a declared `Content-Length`, as Django's `LimitedStream`); after this,
   * `load()`, `body`, `POST` and `FILES` are unavailable.
   */
  stream(): AsyncIterable<Uint8Array> {
    const fields = this.#body();
    if (fields.state !== 'unread')
      throw new RawPostDataException('The body was already read; use request.body.');
    fields.state = 'streamed';
    return upTo(this.META['wsgi.input'] as BodyInput, declaredLength(this.META.CONTENT_LENGTH));
  }

  /** Delete the temporary files of uploads. The handler calls it after the response is sent. */
  async close(): Promise<void> {
    const files = this.#bodyFields?.files;
    if (files) await Promise.all([...files.all()].map((file) => file.close()));
  }

  /** The host, checked against `allowedHosts` with Django's rules; `DisallowedHost` otherwise. */
  getHost(): string {
    return hostOf(this.META, this.settings);
  }

  /** The port, from `X-Forwarded-Port` when trusted, else `SERVER_PORT`. */
  getPort(): string {
    return portOf(this.META, this.settings);
  }

  /** The path and query string, URI-encoded (`/music/bands/?print=true`). */
  getFullPath(forceAppendSlash = false): string {
    return this.#fullPath(this.path, forceAppendSlash);
  }

  /** As `getFullPath`, with `pathInfo` instead of `path`. */
  getFullPathInfo(forceAppendSlash = false): string {
    return this.#fullPath(this.pathInfo, forceAppendSlash);
  }

  #fullPath(path: string, forceAppendSlash: boolean): string {
    return fullPath(path, iriFromWsgiString(metaText(this.META.QUERY_STRING)), forceAppendSlash);
  }

  /** The absolute URI of `location` (default this request's full path), as Django builds it. */
  buildAbsoluteUri(location?: string): string {
    if (location === undefined)
      return absoluteUri(`//${this.getFullPath()}`, () => this.#schemeHost(), this.path, true);
    return absoluteUri(location, () => this.#schemeHost(), this.path, false);
  }

  #schemeHost(): string {
    return `${this.scheme}://${this.getHost()}`;
  }

  /**
   * A cookie set by `response.setSignedCookie`, verified (and younger than `maxAge` seconds
   * if given). Throws `BadSignature`, or a `KeyError`-like `Error` when missing, unless a
   * `default` is given.
   */
  getSignedCookie(key: string, options: SignedCookieOptions = {}): string {
    return readSignedCookie(this.COOKIES, this.settings, key, options);
  }

  /** The media ranges of `Accept` with q > 0, most preferred first. */
  get acceptedTypes(): MediaType[] {
    return parseAcceptHeader(this.headers.get('Accept') ?? '*/*');
  }

  /** Whether the client accepts `mediaType` (`request.accepts('application/json')`). */
  accepts(mediaType: string): boolean {
    return this.acceptedTypes.some((type) => type.match(mediaType));
  }

  /** The first of `mediaTypes` the client prefers, or `undefined` (Django 5.2's `get_preferred_type`). */
  getPreferredType(mediaTypes: readonly string[]): string | undefined {
    for (const accepted of this.acceptedTypes) {
      const found = mediaTypes.find((type) => accepted.match(type));
      if (found) return found;
    }
    return undefined;
  }
}

/** The chunks of `input`, stopping after `length` bytes when a length is declared. */
async function* upTo(input: BodyInput, length: number | undefined): AsyncGenerator<Uint8Array> {
  if (!input) return;
  if (length === undefined) {
    yield* input;
    return;
  }
  let left = length;
  if (left === 0) return;
  for await (const chunk of input) {
    if (chunk.length >= left) {
      yield chunk.subarray(0, left);
      return;
    }
    left -= chunk.length;
    yield chunk;
  }
}
