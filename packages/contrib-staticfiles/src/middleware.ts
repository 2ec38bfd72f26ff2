import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Middleware } from '@stack/middleware';
import {
  FileResponse,
  type HttpRequest,
  HttpResponse,
  HttpResponseNotModified,
} from '@stack/request';
import { httpDate } from '@stack/utils';
import { getFiles } from './finders.js';
import { normaliseName, safeJoin } from './internal/safe-path.js';
import { guessType, header, wasModifiedSince } from './serve.js';
import { FileSystemStorage } from './storage.js';

/** The settings `StaticFilesMiddleware` reads (it receives the project's settings). */
export interface StaticFilesMiddlewareSettings {
  staticRoot?: string | null;
  staticUrl?: string | null;
  /** With `debug`, files are looked up on disk at each request (nothing is indexed). */
  debug?: boolean;
  /** `Cache-Control` max-age of names that are not hashed (default 60 seconds; 0 in debug). */
  staticfilesMaxAge?: number;
  /** The manifest naming the hashed files (default `staticfiles.json`). */
  staticfilesManifest?: string;
}

/** One servable file and its precompressed variants. */
interface Entry {
  full: string;
  size: number;
  mtime: Date;
  etag: string;
  contentType: string;
  immutable: boolean;
  variants: Array<{ encoding: 'br' | 'gzip'; full: string; size: number }>;
}

const FOREVER = 'max-age=315360000, public, immutable';
const HASHED = /\.[0-9a-f]{12}\.[^/.]+$/;

/**
 * Serves the collected files (`staticRoot` under `staticUrl`) from inside the application, for a
 * single box without a proxy (what WhiteNoise does for Django): far-future `immutable` caching
 * for hashed names, gzip or brotli variants chosen by `Accept-Encoding` (with `Vary`), ETags and
 * `Last-Modified` answered with 304. Put it right after `SecurityMiddleware`.
 *
 * @example
 * ```ts
 * middleware: [
 *   '@stack/middleware:SecurityMiddleware',
 *   '@stack/contrib-staticfiles:StaticFilesMiddleware',
 *   // ...
 * ],
 * ```
 */
export function StaticFilesMiddleware(
  settings: StaticFilesMiddlewareSettings = {},
): Middleware<HttpRequest, HttpResponse> {
  const root = settings.staticRoot ? path.resolve(settings.staticRoot) : null;
  const prefix = localPrefix(settings.staticUrl ?? null);
  const autorefresh = settings.debug ?? false;
  const maxAge = settings.staticfilesMaxAge ?? (autorefresh ? 0 : 60);
  const manifestName = settings.staticfilesManifest ?? 'staticfiles.json';
  return (getResponse) => {
    if (!root || prefix === null) return getResponse as never;
    const immutableNames = hashedNames(root, manifestName);
    const index = autorefresh ? null : buildIndex(root, immutableNames);
    return (request) => {
      if (!request.path.startsWith(prefix)) return getResponse(request);
      const name = normaliseName(request.path.slice(prefix.length));
      const entry =
        name === null ? undefined : index ? index.get(name) : lookup(root, name, immutableNames());
      if (!entry) return getResponse(request);
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        const refused = new HttpResponse('Method Not Allowed', { status: 405 });
        refused.set('Allow', 'GET, HEAD');
        return refused;
      }
      return respond(request, entry, maxAge);
    };
  };
}

function respond(request: HttpRequest, entry: Entry, maxAge: number): HttpResponse {
  const cacheControl = entry.immutable ? FOREVER : `max-age=${maxAge}, public`;
  const headers: Array<[string, string]> = [
    ['Last-Modified', httpDate(entry.mtime.getTime() / 1000)],
    ['ETag', entry.etag],
    ['Cache-Control', cacheControl],
    ['Access-Control-Allow-Origin', '*'],
    ['Accept-Ranges', 'bytes'],
  ];
  if (entry.variants.length) headers.push(['Vary', 'Accept-Encoding']);
  const ifNoneMatch = header(request, 'HTTP_IF_NONE_MATCH');
  const unchanged = ifNoneMatch
    ? ifNoneMatch.split(',').some((t) => t.trim() === entry.etag || t.trim() === '*')
    : !wasModifiedSince(header(request, 'HTTP_IF_MODIFIED_SINCE'), entry.mtime);
  if (unchanged) {
    const response = new HttpResponseNotModified();
    for (const [k, v] of headers) response.set(k, v);
    return response;
  }
  const range = header(request, 'HTTP_RANGE');
  if (range !== undefined && request.method === 'GET' && ifRangeHolds(request, entry))
    return partial(range, entry, headers);
  const variant = chooseVariant(header(request, 'HTTP_ACCEPT_ENCODING') ?? '', entry);
  const file = variant ?? entry;
  const response = new FileResponse(file.full, { contentType: entry.contentType, size: file.size });
  for (const [k, v] of headers) response.set(k, v);
  if (variant) response.set('Content-Encoding', variant.encoding);
  return response as unknown as HttpResponse;
}

/** `If-Range` absent, or naming this very file: a range may be sent; else the whole file. */
function ifRangeHolds(request: HttpRequest, entry: Entry): boolean {
  const ifRange = header(request, 'HTTP_IF_RANGE');
  return ifRange === undefined || ifRange.trim() === entry.etag;
}

/**
 * One byte range of the uncompressed file (`Range: bytes=0-99`, `bytes=100-`, `bytes=-100`), a
 * 206 with `Content-Range`; a range past the end is a 416. Several ranges, or a syntax this does
 * not read, get the whole file, as RFC 9110 allows.
 */
function partial(range: string, entry: Entry, headers: Array<[string, string]>): HttpResponse {
  const match = /^\s*bytes=(\d*)-(\d*)\s*$/.exec(range);
  let start = match?.[1] ? Number(match[1]) : NaN;
  let end = match?.[2] ? Number(match[2]) : entry.size - 1;
  if (match && !match[1] && match[2]) {
    start = Math.max(0, entry.size - Number(match[2]));
    end = entry.size - 1;
  }
  const withHeaders = <R extends { set(k: string, v: string): unknown }>(response: R): R => {
    for (const [k, v] of headers) response.set(k, v);
    return response;
  };
  if (!match || Number.isNaN(start) || (!match[1] && !match[2])) {
    const whole = new FileResponse(entry.full, {
      contentType: entry.contentType,
      size: entry.size,
    });
    return withHeaders(whole) as unknown as HttpResponse;
  }
  end = Math.min(end, entry.size - 1);
  if (start >= entry.size || start > end) {
    const refused = new HttpResponse('', { status: 416 });
    refused.set('Content-Range', `bytes */${entry.size}`);
    return withHeaders(refused);
  }
  const response = new FileResponse(createReadStream(entry.full, { start, end }), {
    contentType: entry.contentType,
    size: end - start + 1,
    status: 206,
  });
  response.set('Content-Range', `bytes ${start}-${end}/${entry.size}`);
  return withHeaders(response) as unknown as HttpResponse;
}

/** The best variant the client accepts (`br` before `gzip`); `q=0` refuses an encoding. */
function chooseVariant(acceptEncoding: string, entry: Entry): Entry['variants'][number] | null {
  const accepted = new Set<string>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [coding, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    if (coding && (q === undefined || Number(q) > 0)) accepted.add(coding.trim());
  }
  for (const encoding of ['br', 'gzip'] as const) {
    const found = entry.variants.find((v) => v.encoding === encoding);
    if (found && (accepted.has(encoding) || accepted.has('*'))) return found;
  }
  return null;
}

/** The hashed names: the manifest's values when there is one, else names with a 12-hex hash. */
function hashedNames(root: string, manifestName: string): () => (name: string) => boolean {
  return () => {
    const manifest = path.join(root, manifestName);
    if (!existsSync(manifest)) return (name) => HASHED.test(name);
    try {
      const paths = (JSON.parse(readFileSync(manifest, 'utf8')) as { paths?: object }).paths ?? {};
      const values = new Set(Object.values(paths).map(String));
      return (name) => values.has(name);
    } catch {
      return (name) => HASHED.test(name);
    }
  };
}

function buildIndex(root: string, immutable: () => (name: string) => boolean): Map<string, Entry> {
  const index = new Map<string, Entry>();
  if (!existsSync(root)) return index;
  const isImmutable = immutable();
  const storage = new FileSystemStorage({ location: root, baseUrl: null });
  // collectstatic --link fills staticRoot with links to the sources: follow them.
  for (const name of getFiles(storage, [], '', { followLinksOut: true })) {
    const entry = lookup(root, name, isImmutable);
    if (entry) index.set(name, entry);
  }
  return index;
}

function lookup(
  root: string,
  name: string,
  isImmutable: (name: string) => boolean,
): Entry | undefined {
  // staticRoot is written by collectstatic alone, whose --link makes links out of it on purpose;
  // the name itself still cannot climb out (safeJoin).
  const full = safeJoin(root, name);
  if (!full) return undefined;
  const stat = statOrNull(full);
  if (!stat?.isFile()) return undefined;
  const variants: Entry['variants'] = [];
  for (const [encoding, suffix] of [
    ['br', '.br'],
    ['gzip', '.gz'],
  ] as const) {
    const vstat = statOrNull(full + suffix);
    if (vstat?.isFile()) variants.push({ encoding, full: full + suffix, size: vstat.size });
  }
  return {
    full,
    size: stat.size,
    mtime: stat.mtime,
    etag: `"${Math.floor(stat.mtimeMs / 1000).toString(16)}-${stat.size.toString(16)}"`,
    contentType: guessType(name).contentType,
    immutable: isImmutable(name),
    variants,
  };
}

function statOrNull(full: string) {
  try {
    return statSync(full);
  } catch {
    return null;
  }
}

function localPrefix(staticUrl: string | null): string | null {
  if (!staticUrl || /^[a-z][a-z0-9+.-]*:\/\//i.test(staticUrl) || staticUrl.startsWith('//'))
    return null;
  return staticUrl.startsWith('/') ? staticUrl : `/${staticUrl}`;
}
