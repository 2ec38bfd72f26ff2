import { tmpdir } from 'node:os';

/** The settings `HttpRequest` reads, in Django's names (camelCase). */
export interface RequestOptions {
  /** Host names the site serves (Django's `ALLOWED_HOSTS`); default `[]`. */
  allowedHosts?: readonly string[];
  /** With an empty `allowedHosts`, accept `localhost`, `127.0.0.1` and `[::1]` (Django's DEBUG rule). */
  debug?: boolean;
  /** Largest body, file contents excluded; `null` for no limit. Default 2,621,440. */
  dataUploadMaxMemorySize?: number | null;
  /** Most fields, query string and body together; `null` for no limit. Default 1,000. */
  dataUploadMaxNumberFields?: number | null;
  /** Most uploaded files; `null` for no limit. Default 100. */
  dataUploadMaxNumberFiles?: number | null;
  /** Uploads larger than this go to a temporary file. Default 2,621,440. */
  fileUploadMaxMemorySize?: number;
  /** Where those temporary files go. Default `os.tmpdir()`. */
  fileUploadTempDir?: string;
  /** The charset of bodies and query strings that do not say. Default `utf-8`. */
  defaultCharset?: string;
  /** Trust `X-Forwarded-Host` (only behind a proxy that sets it). */
  useXForwardedHost?: boolean;
  /** Trust `X-Forwarded-Port`. */
  useXForwardedPort?: boolean;
  /** `['HTTP_X_FORWARDED_PROTO', 'https']`: the META key and value meaning "https". */
  secureProxySslHeader?: readonly [string, string] | null;
  /** The key of signed cookies (Django's `SECRET_KEY`). */
  secretKey?: string | Uint8Array;
  /** Older keys still accepted for signed cookies (Django's `SECRET_KEY_FALLBACKS`). */
  secretKeyFallbacks?: readonly (string | Uint8Array)[];
  /** Replaces the environ's `SCRIPT_NAME` (Django's `FORCE_SCRIPT_NAME`). */
  forceScriptName?: string | null;
}

/** The settings with every default filled in, frozen. */
export type RequestSettings = Readonly<Required<RequestOptions>> & { readonly [normalized]: true };

const normalized: unique symbol = Symbol('stack.request.settings');

/**
 * Build the request settings once, at start-up, and pass the result to every `HttpRequest`.
 *
 * @example
 * ```ts
 * const settings = requestSettings({ allowedHosts: ['.example.com'], secretKey: process.env.SECRET_KEY! });
 * const request = new HttpRequest(environ, settings);
 * ```
 */
export function requestSettings(options: RequestOptions = {}): RequestSettings {
  // The check alone, the building apart: \`new HttpRequest(environ, settings)\` calls this on
  // every request with settings built already, and a small function is inlined into the
  // request's constructor where this whole body was too large for V8's inlining budget.
  return (options as Partial<RequestSettings>)[normalized]
    ? (options as RequestSettings)
    : normalize(options);
}

function normalize(options: RequestOptions): RequestSettings {
  const header = options.secureProxySslHeader ?? null;
  if (header !== null && (!Array.isArray(header) || header.length !== 2)) {
    throw new TypeError('secureProxySslHeader must be a [metaKey, value] pair.');
  }
  return Object.freeze({
    allowedHosts: Object.freeze([...(options.allowedHosts ?? [])]),
    debug: options.debug ?? false,
    dataUploadMaxMemorySize:
      options.dataUploadMaxMemorySize === undefined ? 2_621_440 : options.dataUploadMaxMemorySize,
    dataUploadMaxNumberFields:
      options.dataUploadMaxNumberFields === undefined ? 1000 : options.dataUploadMaxNumberFields,
    dataUploadMaxNumberFiles:
      options.dataUploadMaxNumberFiles === undefined ? 100 : options.dataUploadMaxNumberFiles,
    fileUploadMaxMemorySize: options.fileUploadMaxMemorySize ?? 2_621_440,
    fileUploadTempDir: options.fileUploadTempDir ?? tmpdir(),
    defaultCharset: options.defaultCharset ?? 'utf-8',
    useXForwardedHost: options.useXForwardedHost ?? false,
    useXForwardedPort: options.useXForwardedPort ?? false,
    secureProxySslHeader: header,
    secretKey: options.secretKey ?? '',
    secretKeyFallbacks: Object.freeze([...(options.secretKeyFallbacks ?? [])]),
    forceScriptName: options.forceScriptName ?? null,
    [normalized]: true as const,
  });
}
