import { HttpResponse, StreamingHttpResponse } from '@stack/request';
import { compressSequence, compressString } from '../internal/gzip.js';
import { fromHooks } from '../middleware-mixin.js';
import { patchVaryHeaders } from '@stack/utils';
import {
  metaString,
  type BuiltinMiddleware,
  type Request,
  type Response,
} from '../internal/http.js';

/** The settings of `GZipMiddleware` (Django has none; these are its class attributes). */
export interface GZipSettings {
  /** Responses shorter than this many bytes are sent as they are. Default `200` (Django's). */
  minLength?: number;
  /**
   * Which `Content-Type`s are worth compressing. Default: text, JSON, XML, JavaScript, SVG and
   * the other compressible types, and responses without a type; images, video, archives and
   * fonts in compressed formats are left alone. `() => true` compresses everything, as Django.
   */
  compressibleTypes?: RegExp | ((contentType: string) => boolean);
  /** The BREACH padding: up to this many random bytes in the gzip header. Default `100`; `0` is off. */
  maxRandomBytes?: number;
}

const ACCEPTS_GZIP = /\bgzip\b/;
const COMPRESSIBLE =
  /^\s*(?:text\/[^;\s]+|application\/(?:javascript|ecmascript|json|ld\+json|manifest\+json|xml|xhtml\+xml|rss\+xml|atom\+xml|x-javascript|x-www-form-urlencoded|graphql|wasm|vnd\.api\+json|problem\+json|x-ndjson|toml|yaml|x-yaml|rtf|x-sh|x-tar|vnd\.ms-fontobject)|image\/(?:svg\+xml|bmp|x-icon|vnd\.microsoft\.icon)|font\/(?:otf|ttf)|[^;\s]+\+(?:json|xml|text))\s*(?:;|$)/i;

/**
 * Django's `GZipMiddleware`: gzips responses of at least `minLength` bytes for clients whose
 * `Accept-Encoding` has `gzip`, adds `Vary: Accept-Encoding`, streams streaming responses, keeps
 * the original when compression would not shrink it, leaves responses that already have a
 * `Content-Encoding` alone, weakens a strong `ETag`, and pads the gzip header with a random-length
 * file name to mitigate BREACH, as Django does.
 *
 * @example
 * ```ts
 * const chain = compose([GZipMiddleware({ minLength: 1024 }), ...rest], viewCaller);
 * ```
 */
export function GZipMiddleware(settings: GZipSettings = {}): BuiltinMiddleware {
  const { minLength = 200, compressibleTypes = COMPRESSIBLE, maxRandomBytes = 100 } = settings;
  const compressible =
    typeof compressibleTypes === 'function'
      ? compressibleTypes
      : (type: string) => compressibleTypes.test(type);

  return fromHooks<Request, Response>({
    processResponse(request, response) {
      if (response instanceof HttpResponse && response.byteLength < minLength) return response;
      if (response.has('Content-Encoding')) return response;
      const contentType = response.get('Content-Type');
      if (contentType !== undefined && !compressible(contentType)) return response;
      patchVaryHeaders(response, ['Accept-Encoding']);
      if (!ACCEPTS_GZIP.test(metaString(request, 'HTTP_ACCEPT_ENCODING') ?? '')) return response;

      if (response instanceof StreamingHttpResponse) {
        // In place, as Django does: the response keeps its status, headers, cookies and close hooks.
        response.streamingContent = compressSequence(response.streamingContent, maxRandomBytes);
        response.delete('Content-Length');
      } else if (response instanceof HttpResponse) {
        const content = response.content;
        const compressed = compressString(content, maxRandomBytes);
        if (compressed.length >= content.length) return response;
        response.content = compressed;
        response.set('Content-Length', compressed.length);
      } else {
        return response;
      }
      const etag = response.get('ETag');
      if (etag?.startsWith('"')) response.set('ETag', `W/${etag}`);
      response.set('Content-Encoding', 'gzip');
      return response;
    },
  });
}
