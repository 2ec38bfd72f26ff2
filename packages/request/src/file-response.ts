import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import type Mime from 'mime-types';
import { StreamingHttpResponse } from './streaming-response.js';
import type { ResponseOptions } from './response-base.js';
import { quote } from './internal/quote.js';
import { loadDependency } from './internal/optional.js';

let mime: typeof Mime | undefined;

/** Options of `FileResponse`. */
export interface FileResponseOptions extends ResponseOptions {
  /** `Content-Disposition: attachment` (a download) instead of `inline`. */
  asAttachment?: boolean;
  /** The file name shown to the client; default the path's basename. */
  filename?: string;
  /** The size in bytes, when the source is a stream that cannot tell. */
  size?: number;
}

/**
 * Django's `content_disposition_header`: `attachment`/`inline` with a quoted ASCII
 * filename, or an RFC 5987 `filename*` for anything else.
 *
 * @example
 * ```ts
 * contentDispositionHeader(true, 'report.pdf'); // 'attachment; filename="report.pdf"'
 * ```
 */
export function contentDispositionHeader(
  asAttachment: boolean,
  filename: string | undefined,
): string | undefined {
  if (!filename) return asAttachment ? 'attachment' : undefined;
  const disposition = asAttachment ? 'attachment' : 'inline';
  if (/^[\t \x21-\x7e]*$/.test(filename)) {
    return `${disposition}; filename="${filename.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  }
  return `${disposition}; filename*=utf-8''${quote(filename, '')}`;
}

const ENCODING_TYPES: Record<string, string> = {
  '.bz2': 'application/x-bzip',
  '.gz': 'application/gzip',
  '.xz': 'application/x-xz',
  '.br': 'application/x-brotli',
  '.Z': 'application/x-compress',
};

/**
 * Types in Python's own `mimetypes` table (what Django guesses with) that mime-db, the table of
 * `mime-types`, has no entry for; every other extension is mime-db's.
 */
const PYTHON_ONLY_TYPES: Record<string, string> = {
  '.py': 'text/x-python',
  '.pyc': 'application/x-python-code',
  '.ksh': 'text/plain',
  '.wiz': 'application/msword',
  '.a': 'application/octet-stream',
  '.o': 'application/octet-stream',
  '.xlb': 'application/vnd.ms-excel',
  '.ppa': 'application/vnd.ms-powerpoint',
  '.pwz': 'application/vnd.ms-powerpoint',
  '.h5': 'application/x-hdf5',
  '.xpdl': 'application/xml',
  '.3gpp2': 'audio/3gpp2',
  '.loas': 'audio/aac',
  '.ass': 'audio/aac',
  '.nws': 'message/rfc822',
  '.mpa': 'video/mpeg',
};

/** The bytes of an in-memory file, in blocks as Django's `FileResponse.block_size`. */
function* blocksOf(bytes: Uint8Array): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += 4096) yield bytes.subarray(i, i + 4096);
}

/**
 * Streams a file (Django's `FileResponse`): from a path, a readable stream or bytes in memory
 * (Django's `BytesIO`), with `Content-Length` (the file's size, the bytes' length, or `size`),
 * a `Content-Type` guessed from the file's own name (the path, or a stream's `path`), else from
 * `filename`, and `Content-Disposition` from `filename`, else the file's basename. The file is
 * opened only when the body is sent, and closed by `close()`.
 *
 * @example
 * ```ts
 * return new FileResponse('/srv/reports/2024.pdf', { asAttachment: true, filename: 'report.pdf' });
 * ```
 */
export class FileResponse extends StreamingHttpResponse {
  readonly asAttachment: boolean;
  readonly filename: string | undefined;

  constructor(
    file: string | Uint8Array | Readable | AsyncIterable<Uint8Array>,
    options: FileResponseOptions = {},
  ) {
    const { asAttachment = false, filename, size, contentType, ...rest } = options;
    const inMemory = file instanceof Uint8Array ? file : undefined;
    const path =
      typeof file === 'string' ? file : inMemory ? undefined : (file as { path?: unknown }).path;
    let opened: Readable | undefined =
      typeof file === 'string' || inMemory ? undefined : (file as Readable);
    const lazy: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => {
        opened ??= createReadStream(file as string);
        return (opened as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
      },
    };
    super(
      inMemory
        ? blocksOf(inMemory)
        : typeof file === 'string'
          ? lazy
          : (file as AsyncIterable<Uint8Array>),
      { ...rest, contentType: contentType ?? 'text/html' },
    );
    this.onClose(() => (opened as Readable | undefined)?.destroy?.());
    this.asAttachment = asAttachment;
    this.filename = filename;
    const ownName = typeof path === 'string' && path !== '' ? path : undefined;
    const length =
      size ?? inMemory?.byteLength ?? (ownName !== undefined ? statSync(ownName).size : undefined);
    if (length !== undefined && !this.has('Content-Length')) this.set('Content-Length', length);
    if (contentType === undefined) this.set('Content-Type', guessType(ownName ?? filename));
    const disposition = contentDispositionHeader(
      asAttachment,
      filename || (ownName !== undefined ? basename(ownName) : undefined),
    );
    if (disposition && !this.has('Content-Disposition'))
      this.set('Content-Disposition', disposition);
  }
}

/** The type Python's `mimetypes.guess_type` gives a name (as Django's `FileResponse` uses it). */
function guessType(name: string | undefined): string {
  if (!name) return 'application/octet-stream';
  const ext = /\.[^./\\]+$/.exec(name)?.[0];
  if (ext && ENCODING_TYPES[ext]) return ENCODING_TYPES[ext];
  // mime-types and mime-db's 160 kB table, read when a response first guesses a type.
  mime ??= loadDependency<typeof Mime>('mime-types', 'FileResponse');
  return (
    mime.lookup(name) || (ext && PYTHON_ONLY_TYPES[ext.toLowerCase()]) || 'application/octet-stream'
  );
}
