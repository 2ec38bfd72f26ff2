import { HttpResponse } from './response.js';
import { checkedContentType, type ResponseOptions } from './response-base.js';
import { appendWithKey, ResponseHeaders } from './response-headers.js';

/** Options of `JsonResponse`. */
export interface JsonResponseOptions extends Omit<ResponseOptions, 'contentType'> {
  /** Allow a top-level value that is not a plain object (Django's `safe=False`). */
  safe?: boolean;
  /** Default `application/json`. */
  contentType?: string;
  /** Passed to `JSON.stringify` (Django's `encoder` and `json_dumps_params`). */
  replacer?: (this: unknown, key: string, value: unknown) => unknown;
  space?: number | string;
}

const JSON_TYPE = 'application/json';
const JSON_DEFAULTS: ResponseOptions = Object.freeze({ contentType: JSON_TYPE });

function isPlainObjectLike(data: unknown): boolean {
  return (
    typeof data === 'object' && data !== null && !Array.isArray(data) && !ArrayBuffer.isView(data)
  );
}

function unsafe(): TypeError {
  return new TypeError(
    'In order to allow non-object values to be serialized set the safe option to false.',
  );
}

/**
 * A JSON response. A top-level value that is not a plain object is refused unless
 * `safe: false`, as in Django.
 *
 * @example
 * ```ts
 * return new JsonResponse({ ok: true });
 * return new JsonResponse([1, 2], { safe: false });
 * ```
 */
export class JsonResponse extends HttpResponse {
  constructor(data: unknown, options?: JsonResponseOptions) {
    // The usual call passes no options: skip the destructuring and the options object it builds.
    if (options === undefined) {
      if (!isPlainObjectLike(data)) throw unsafe();
      // This class itself, not a subclass: the same object, built without the `super()` calls.
      if (new.target === JsonResponse) return new PlainJsonResponse(JSON.stringify(data) ?? 'null');
      super(JSON.stringify(data) ?? 'null', JSON_DEFAULTS);
      return;
    }
    const { safe = true, replacer, space, contentType = 'application/json', ...rest } = options;
    if (safe && !isPlainObjectLike(data)) throw unsafe();
    super(JSON.stringify(data, replacer, space) ?? 'null', { ...rest, contentType });
  }
}

/** The fields `PlainJsonResponse` sets, all of them, TypeScript-private ones included. */
interface ResponseFields {
  statusCode: number;
  headers: ResponseHeaders;
  closed: boolean;
  _reasonPhrase: string | undefined;
  _charset: string | undefined;
  _cookies: undefined;
  _resourceClosers: undefined;
  streaming: boolean;
  _container: (string | Uint8Array)[];
}

/**
 * `new JsonResponse(data)` without options, as its constructors build it (`HttpResponseBase`'s
 * fields, then `HttpResponse`'s, in their order, then their constructors' work with the
 * options `{ contentType: 'application/json' }`), as a plain constructor function sharing
 * `JsonResponse.prototype`. Node 20's V8 never inlines a `super()` call into a class with
 * fields: each of the two went through the generic construct stub on every response (about
 * 0.27k instructions per hello JSON request with their builtins). `response.test.ts`
 * compares the two objects.
 */
const PlainJsonResponse = function PlainJsonResponse(this: ResponseFields, text: string) {
  this.statusCode = 200;
  this.headers = new ResponseHeaders();
  this.closed = false;
  this._reasonPhrase = undefined;
  this._charset = undefined;
  this._cookies = undefined;
  this._resourceClosers = undefined;
  this.streaming = false;
  // The constructors' `this.content = text`, written out: the charset of `application/json` is
  // UTF-8, so the text is kept as it is, and `JSON.stringify` never gives '' (the setter's
  // empty case). The setter would look the charset up in the headers just set and replace an
  // empty list made first (about 0.1k instructions per response).
  this._container = [text];
  // The headers are new, so empty: appended without looking for the name first.
  appendWithKey(this.headers, 'content-type', 'Content-Type', checkedContentType(JSON_TYPE));
} as unknown as new (text: string) => JsonResponse;
PlainJsonResponse.prototype = JsonResponse.prototype;
