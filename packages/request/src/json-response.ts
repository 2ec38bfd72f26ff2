import { HttpResponse } from './response.js';
import type { ResponseOptions } from './response-base.js';

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

const JSON_DEFAULTS: ResponseOptions = Object.freeze({ contentType: 'application/json' });

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
      super(JSON.stringify(data) ?? 'null', JSON_DEFAULTS);
      return;
    }
    const { safe = true, replacer, space, contentType = 'application/json', ...rest } = options;
    if (safe && !isPlainObjectLike(data)) throw unsafe();
    super(JSON.stringify(data, replacer, space) ?? 'null', { ...rest, contentType });
  }
}
