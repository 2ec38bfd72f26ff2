import { existsSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { getFiles } from './finders.js';
import { FileSystemStorage } from './storage.js';

/** Extensions not worth compressing: already compressed formats (WhiteNoise's list). */
export const SKIP_COMPRESS_EXTENSIONS: readonly string[] = [
  'jpg',
  'jpeg',
  'png',
  'gif',
  'webp',
  'avif',
  'zip',
  'gz',
  'tgz',
  'bz2',
  'tbz',
  'xz',
  'br',
  'swf',
  'flv',
  'woff',
  'woff2',
  '3gp',
  '3gpp',
  'asf',
  'avi',
  'm4v',
  'mov',
  'mp4',
  'mpeg',
  'mpg',
  'webm',
  'wmv',
  'mp3',
  'ogg',
  'm4a',
  'aac',
  'flac',
  'zst',
];

/** What `compressStaticFiles` did. */
export interface CompressResult {
  /** Variants written (`css/site.css.gz`...). */
  written: string[];
}

/**
 * Writes `name.gz` and `name.br` beside each file of `root` worth compressing (kept only when
 * at least 5% smaller), with the original's modification time, so a server can send them to
 * clients that accept them: what WhiteNoise's compression step does after `collectstatic`.
 *
 * @example
 * ```ts
 * compressStaticFiles('/srv/static'); // css/site.css → css/site.css.gz, css/site.css.br
 * ```
 */
export function compressStaticFiles(
  root: string,
  options: { names?: Iterable<string>; skip?: readonly string[] } = {},
): CompressResult {
  const storage = new FileSystemStorage({ location: root, baseUrl: null });
  const skip = new Set((options.skip ?? SKIP_COMPRESS_EXTENSIONS).map((e) => `.${e}`));
  const written: string[] = [];
  for (const name of options.names ?? getFiles(storage)) {
    if (skip.has(path.extname(name).toLowerCase())) continue;
    const full = storage.path(name);
    if (!existsSync(full)) continue;
    const content = readFileSync(full);
    const { mtime } = statSync(full);
    const variants: Array<[string, Buffer]> = [
      ['.gz', gzipSync(content, { level: 9 })],
      [
        '.br',
        brotliCompressSync(content, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 11,
            [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
          },
        }),
      ],
    ];
    for (const [suffix, compressed] of variants) {
      if (compressed.length >= content.length * 0.95) continue;
      writeFileSync(full + suffix, compressed);
      utimesSync(full + suffix, mtime, mtime);
      written.push(name + suffix);
    }
  }
  return { written };
}
