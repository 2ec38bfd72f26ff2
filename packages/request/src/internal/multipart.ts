import { randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type * as BusboyModule from '@fastify/busboy';
import type { Busboy as BusboyParser, BusboyFileStream } from '@fastify/busboy';
import {
  MultiPartParserError,
  RequestDataTooBig,
  TooManyFieldsSent,
  TooManyFilesSent,
} from '../errors.js';
import { FileDict, UploadedFile } from '../uploaded-file.js';
import { QueryDict } from '../query-dict.js';
import { sanitizeFileName } from './file-name.js';
import { loadDependency } from './optional.js';
import type { BodyInput } from './read-body.js';
import type { RequestSettings } from '../request-settings.js';

let busboyModule: typeof BusboyModule | undefined;

/** `@fastify/busboy` (12 files), read when a multipart body is first parsed. */
function busboy(): typeof BusboyParser {
  busboyModule ??= loadDependency<typeof BusboyModule>('@fastify/busboy', 'multipart bodies');
  return busboyModule.Busboy;
}

/** What the multipart parser needs to know. */
export interface MultipartOptions {
  /** The raw `Content-Type`, for busboy. */
  contentType: string;
  boundary: string | undefined;
  /** The declared `Content-Length`, when there is one. */
  contentLength?: number | undefined;
  encoding: string;
  settings: RequestSettings;
  /** Fields the query string already used of `dataUploadMaxNumberFields`. */
  queryFields: number;
}

/** The limits, resolved from the settings. */
interface Limits {
  maxMemorySize: number | null;
  maxFields: number | null;
  maxFiles: number | null;
  fileMaxMemorySize: number;
  tempDir: string;
}

function limitsOf({ settings, queryFields }: MultipartOptions): Limits {
  const max = settings.dataUploadMaxNumberFields;
  return {
    maxMemorySize: settings.dataUploadMaxMemorySize,
    maxFields: max === null ? null : Math.max(max - queryFields, 0),
    maxFiles: settings.dataUploadMaxNumberFiles,
    fileMaxMemorySize: settings.fileUploadMaxMemorySize,
    tempDir: settings.fileUploadTempDir,
  };
}

const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;

/** Collects one file part, in memory until it passes the limit, then in a temporary file. */
class FileSink {
  readonly #chunks: Buffer[] = [];
  #size = 0;
  #stream: WriteStream | undefined;
  #discarded = false;
  path: string | undefined;

  constructor(
    private readonly limit: number,
    private readonly tempDir: string,
  ) {}

  write(chunk: Buffer, source: Readable): void {
    // After a failure, data busboy had already buffered may still arrive: writing it would
    // open a temporary file after discard() removed what existed, and leave it behind.
    if (this.#discarded) return;
    this.#size += chunk.length;
    if (!this.#stream && this.#size > this.limit) {
      this.path = join(this.tempDir, `stack-upload-${randomUUID()}.upload`);
      this.#stream = createWriteStream(this.path, { flags: 'wx', mode: 0o600 });
      this.#stream.on('error', (err) => source.destroy(err));
      for (const held of this.#chunks.splice(0)) this.#stream.write(held);
    }
    if (!this.#stream) this.#chunks.push(chunk);
    else if (!this.#stream.write(chunk)) {
      source.pause();
      this.#stream.once('drain', () => source.resume());
    }
  }

  async finish(): Promise<{ size: number; content?: Buffer; temporaryFilePath?: string }> {
    if (!this.#stream)
      return { size: this.#size, content: Buffer.concat(this.#chunks, this.#size) };
    const stream = this.#stream;
    await new Promise<void>((resolve, reject) => {
      stream.once('error', reject);
      stream.end(() => resolve());
    });
    return { size: this.#size, temporaryFilePath: this.path! };
  }

  async discard(): Promise<void> {
    this.#discarded = true;
    const stream = this.#stream;
    if (stream && !stream.closed) {
      // Wait for the descriptor to close: removing the path before the open completes would
      // leave the file behind.
      await new Promise<void>((resolve) => {
        stream.once('close', () => resolve());
        stream.destroy();
      });
    }
    if (this.path) await rm(this.path, { force: true });
  }
}

type PartHeader = Record<string, string[] | undefined>;
interface DicerPart {
  once(event: 'header', listener: (header: PartHeader) => void): void;
}
interface BusboyInternals {
  _parser?: { parser?: { on(event: 'part', listener: (part: DicerPart) => void): void } };
}

/**
 * Calls `onHeader` with each part's header block as busboy's own multipart reader (dicer) parsed
 * it. busboy offers no event for the parts it skips, so this listens one level down; the
 * lockfile pins the version, and a test fails if the structure ever moves.
 */
function watchParts(
  parser: ReturnType<typeof BusboyParser>,
  onHeader: (header: PartHeader) => void,
) {
  const dicer = (parser as unknown as BusboyInternals)._parser?.parser;
  if (dicer === undefined) throw new Error('@fastify/busboy changed: no multipart reader found');
  dicer.on('part', (part) => part.once('header', onHeader));
}

/**
 * Parse a multipart body from `input` with busboy, within the limits. On any failure every
 * temporary file already written is removed before the error is thrown.
 */
export async function parseMultipart(
  input: BodyInput,
  options: MultipartOptions,
): Promise<{ post: QueryDict; files: FileDict }> {
  const { boundary } = options;
  const limits = limitsOf(options);
  if (!boundary) throw new MultiPartParserError('Invalid boundary in multipart: None');
  if (!BOUNDARY.test(boundary)) {
    throw new MultiPartParserError(`Invalid boundary in multipart: ${boundary.slice(0, 80)}`);
  }
  const post = new QueryDict(null, { mutable: true, encoding: options.encoding });
  const files = new FileDict();
  // Django's MultiPartParser: a valid boundary and `Content-Length: 0` is an empty form.
  if (options.contentLength === 0) return { post, files };
  const sinks: FileSink[] = [];
  const pending: Promise<void>[] = [];
  const settling: Promise<void>[] = [];
  let failure: Error | undefined;
  let fields = 0;
  let fileCount = 0;
  let bytes = 0;
  const fail = (error: Error) => {
    failure ??= error;
  };
  // busboy drops a part it cannot use without a word: no headers, no Content-Disposition, a
  // header line with a bare CR or LF, a name or file name that decodes to one. Each part is
  // counted here and again when busboy hands it over, so a dropped one is a 400, never a
  // silently missing field or file.
  let parts = 0;
  let delivered = 0;

  const parser = busboy()({
    headers: { 'content-type': options.contentType },
    defCharset: options.encoding,
    preservePath: true,
    isPartAFile: (_field, _type, filename) => filename !== undefined,
    limits: {
      fieldNameSize: Infinity,
      fieldSize: limits.maxMemorySize === null ? Infinity : limits.maxMemorySize + 1,
    },
  });

  watchParts(parser, (header) => {
    parts++;
    if (Object.keys(header).length === 0) {
      fail(
        new MultiPartParserError(
          'A multipart part has no headers, or a malformed first header line (a bare CR or LF, ' +
            'as in a file name): every part needs a Content-Disposition.',
        ),
      );
    } else if (header['content-disposition'] === undefined) {
      fail(
        new MultiPartParserError(
          'A multipart part has no valid Content-Disposition header (a header line with a bare ' +
            'CR or LF, as in a file name, is malformed).',
        ),
      );
    }
  });

  parser.on(
    'field',
    (name: string, value: string, _nameTruncated: boolean, valueTruncated: boolean) => {
      delivered++;
      if (failure) return;
      fields++;
      if (limits.maxFields !== null && fields > limits.maxFields) {
        return fail(
          new TooManyFieldsSent(
            'The number of GET/POST parameters exceeded settings.dataUploadMaxNumberFields.',
          ),
        );
      }
      bytes += Buffer.byteLength(value) + Buffer.byteLength(name) + 2;
      if (valueTruncated || (limits.maxMemorySize !== null && bytes > limits.maxMemorySize)) {
        return fail(
          new RequestDataTooBig('Request body exceeded settings.dataUploadMaxMemorySize.'),
        );
      }
      post.appendlist(name, value);
    },
  );

  parser.on(
    'file',
    (field: string, stream: BusboyFileStream, rawName: string, _enc: string, mimeType: string) => {
      delivered++;
      fileCount++;
      if (!failure && limits.maxFiles !== null && fileCount > limits.maxFiles) {
        fail(
          new TooManyFilesSent('The number of files exceeded settings.dataUploadMaxNumberFiles.'),
        );
      }
      const name = sanitizeFileName(rawName);
      if (failure || name === undefined) {
        stream.resume();
        return;
      }
      const sink = new FileSink(limits.fileMaxMemorySize, limits.tempDir);
      sinks.push(sink);
      stream.on('data', (chunk: Buffer) => sink.write(chunk, stream));
      pending.push(
        new Promise<void>((resolve) => {
          stream.once('error', (err) => {
            fail(new MultiPartParserError(`Upload failed: ${err.message}`, { cause: err }));
            resolve();
          });
          stream.once('end', () => {
            const settled = sink.finish().then(
              async (done) => {
                if (failure) {
                  await sink.discard();
                  return resolve();
                }
                const contentType = mimeType || 'application/octet-stream';
                files.appendlist(
                  field,
                  new UploadedFile({ fieldName: field, name, contentType, ...done }),
                );
                resolve();
              },
              (err: Error) => {
                fail(
                  new MultiPartParserError(`Cannot store the upload: ${err.message}`, {
                    cause: err,
                  }),
                );
                resolve();
              },
            );
            settling.push(settled);
          });
        }),
      );
    },
  );

  const finished = new Promise<void>((resolve) => {
    parser.once('finish', resolve);
    parser.once('error', (err: Error) => {
      fail(new MultiPartParserError(err.message, { cause: err }));
      resolve();
    });
  });

  try {
    if (input) {
      for await (const chunk of input) {
        if (failure) break;
        if (!parser.write(chunk))
          await Promise.race([new Promise((resolve) => parser.once('drain', resolve)), finished]);
        if (failure) break;
      }
    }
    if (!failure) {
      parser.end();
      await finished;
      await Promise.all(pending);
      if (delivered < parts) {
        fail(
          new MultiPartParserError(
            'A multipart part has a malformed Content-Disposition: not form-data, or a bare CR ' +
              'or LF in its name or file name.',
          ),
        );
      }
    }
  } catch (err) {
    fail(
      new MultiPartParserError(`The request body could not be read: ${(err as Error).message}`, {
        cause: err,
      }),
    );
  }
  if (failure) {
    parser.destroy();
    await Promise.all(settling);
    await Promise.all(sinks.map((sink) => sink.discard()));
    for (const file of files.all()) await file.close();
    throw failure;
  }
  return { post, files };
}
