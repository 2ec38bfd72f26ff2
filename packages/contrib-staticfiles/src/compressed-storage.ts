import { compressStaticFiles } from './compress.js';
import { ManifestStaticFilesStorage } from './manifest-storage.js';
import type { FoundFile, PostProcessed } from './storage.js';

/**
 * `ManifestStaticFilesStorage` that also writes gzip and brotli variants of every collected
 * file (WhiteNoise's `CompressedManifestStaticFilesStorage`), for `StaticFilesMiddleware` or
 * nginx's `gzip_static`/`brotli_static` to send.
 *
 * @example
 * ```ts
 * // settings
 * staticfilesStorage: '@stack/contrib-staticfiles:CompressedManifestStaticFilesStorage',
 * ```
 */
export class CompressedManifestStaticFilesStorage extends ManifestStaticFilesStorage {
  override *postProcess(
    paths: Map<string, FoundFile>,
    options: { dryRun?: boolean } = {},
  ): Generator<PostProcessed> {
    const names = new Set<string>();
    for (const step of super.postProcess(paths, options)) {
      if (step[1] !== null && !(step[2] instanceof Error)) names.add(step[1]);
      yield step;
    }
    if (options.dryRun || !this.location) return;
    compressStaticFiles(this.location, { names: [...paths.keys(), ...names] });
  }
}
