import { createHash } from 'node:crypto';
import path from 'node:path';
import { DEFAULT_PATTERNS, type ReferencePattern } from './internal/hashed-patterns.js';
import { matchesPatterns } from './internal/fnmatch.js';
import { pythonJsonDumps } from './internal/python-json.js';
import { defrag, splitUrl, unquote, unsplitUrl } from './internal/url-parts.js';
import {
  type FoundFile,
  type PostProcessed,
  StaticFilesStorage,
  type StaticStorageOptions,
} from './storage.js';

/** What `ManifestStaticFilesStorage` adds to a static storage's options. */
export interface ManifestStorageOptions extends StaticStorageOptions {
  /** A name missing from the manifest is an error (default `true`, Django's `manifest_strict`). */
  manifestStrict?: boolean;
  /** How often files referring to each other are rewritten before giving up (default 5). */
  maxPostProcessPasses?: number;
  /** The manifest's file name (default `staticfiles.json`). */
  manifestName?: string;
}

type Names = Map<string, string>;

/**
 * Django's `ManifestStaticFilesStorage`: `collectstatic` also saves each file under a name with
 * the first 12 hex digits of its MD5 (`css/site.5e0040571e1a.css`), rewrites `url()`, `@import`
 * and `sourceMappingURL` references to the hashed names, and writes `staticfiles.json` in
 * Django's format; `url()` then names the hashed file, so it can be cached forever.
 *
 * @example
 * ```ts
 * const storage = new ManifestStaticFilesStorage({ location: '/srv/static', baseUrl: '/static/' });
 * storage.url('css/site.css'); // '/static/css/site.5e0040571e1a.css'
 * ```
 */
export class ManifestStaticFilesStorage extends StaticFilesStorage {
  static readonly manifestVersion = '1.0';
  readonly manifestName: string;
  readonly manifestStrict: boolean;
  readonly maxPostProcessPasses: number;
  protected patterns: ReadonlyArray<[string, ReferencePattern[]]> = DEFAULT_PATTERNS;
  #hashedFiles: Names | undefined;

  constructor(options: ManifestStorageOptions) {
    super(options);
    this.manifestName = options.manifestName ?? 'staticfiles.json';
    this.manifestStrict = options.manifestStrict ?? true;
    this.maxPostProcessPasses = options.maxPostProcessPasses ?? 5;
  }

  /** The manifest's entries, original name → hashed name (read once, on first use). */
  get hashedFiles(): Names {
    this.#hashedFiles ??= this.loadManifest();
    return this.#hashedFiles;
  }

  /** Reads `staticfiles.json`; a missing one is empty, a damaged one an error. */
  loadManifest(): Names {
    if (!this.location || !this.exists(this.manifestName)) return new Map();
    const text = this.read(this.manifestName).toString('utf8');
    let stored: unknown;
    try {
      stored = JSON.parse(text);
    } catch {
      stored = undefined;
    }
    const record = stored as { version?: unknown; paths?: unknown } | undefined;
    if (record?.version === '1.0' && record.paths && typeof record.paths === 'object') {
      return new Map(
        Object.entries(record.paths as Record<string, unknown>).filter(
          (e): e is [string, string] => typeof e[1] === 'string',
        ),
      );
    }
    throw new Error(
      `Couldn't load manifest '${this.manifestName}' (version ${ManifestStaticFilesStorage.manifestVersion})`,
    );
  }

  /** MD5 of the content, first 12 hex digits. */
  fileHash(content: Uint8Array): string {
    return createHash('md5').update(content).digest('hex').slice(0, 12);
  }

  /** `name` with the hash of `content` (or of the stored file `filename`) before its extension. */
  hashedName(name: string, content?: Uint8Array, filename?: string): string {
    const parsed = splitUrl(unquote(name));
    const clean = parsed.path.trim();
    const file = (filename && splitUrl(unquote(filename)).path.trim()) || clean;
    if (content === undefined) {
      if (!this.exists(file))
        throw new Error(`The file '${file}' could not be found with ${this.describe()}.`);
      content = this.read(file);
    }
    const dir = path.posix.dirname(clean);
    const base = path.posix.basename(clean);
    const dot = base.lastIndexOf('.');
    const [root, ext] = dot > 0 ? [base.slice(0, dot), base.slice(dot)] : [base, ''];
    const hashed = `${dir === '.' ? '' : `${dir}/`}${root}.${this.fileHash(content)}${ext}`;
    const out = { ...parsed, path: hashed };
    // The @font-face hack: url(font.eot?#iefix) keeps its `?`.
    if (name.includes('?#') && !out.query) out.path += '?';
    return unsplitUrl(out);
  }

  /** The URL of `name`: the hashed file's, except in debug (the finders serve the plain one). */
  override url(name: string, force = false): string {
    return this.urlWith((n) => this.storedName(n), name, force);
  }

  /** The hashed name the manifest records for `name`. */
  storedName(name: string): string {
    const parsed = splitUrl(unquote(name));
    const clean = parsed.path.trim();
    let cached = this.hashedFiles.get(clean);
    if (cached === undefined) {
      if (this.manifestStrict) throw new Error(`Missing staticfiles manifest entry for '${clean}'`);
      cached = this.hashedName(name).replace(/\\/g, '/');
    }
    const out = { ...parsed, path: cached };
    if (name.includes('?#') && !out.query) out.path += '?';
    return unsplitUrl(out);
  }

  /**
   * Hashes the collected files and rewrites their references (called by `collectstatic`), then
   * saves the manifest. Yields `[name, hashedName, processed]` per file and pass, and an
   * `Error` as the third item when a reference cannot be resolved or the passes run out.
   */
  override *postProcess(
    paths: Map<string, FoundFile>,
    options: { dryRun?: boolean } = {},
  ): Generator<PostProcessed> {
    if (options.dryRun) return;
    this.#hashedFiles = new Map();
    const hashed: Names = new Map();
    const adjustable = [...paths.keys()].filter((p) =>
      matchesPatterns(
        p,
        this.patterns.map(([glob]) => glob),
      ),
    );
    for (const [name, hashedName, processed] of this.processPass(paths, adjustable, hashed))
      yield [name, hashedName, processed];
    const adjustablePaths = new Map(adjustable.map((p) => [p, paths.get(p) as FoundFile]));
    let substitutions = false;
    for (let i = 0; i < this.maxPostProcessPasses; i++) {
      substitutions = false;
      for (const [name, hashedName, processed, changed] of this.processPass(
        adjustablePaths,
        adjustable,
        hashed,
      )) {
        yield [name, hashedName, processed];
        substitutions ||= changed;
      }
      if (!substitutions) break;
    }
    if (substitutions) yield ['All', null, new Error('Max post-process passes exceeded.')];
    for (const [k, v] of hashed) this.hashedFiles.set(k, v);
    this.saveManifest();
  }

  /** Writes `staticfiles.json` exactly as Django's `json.dumps` does. */
  saveManifest(): void {
    const payload = {
      paths: Object.fromEntries(this.hashedFiles),
      version: ManifestStaticFilesStorage.manifestVersion,
    };
    this.save(this.manifestName, pythonJsonDumps(payload));
  }

  private *processPass(
    paths: Map<string, FoundFile>,
    adjustable: string[],
    hashed: Names,
  ): Generator<[string, string | null, boolean | Error, boolean]> {
    // Deepest folders first, so a stylesheet's images are hashed before the stylesheet.
    const names = [...paths.keys()].sort((a, b) => b.split('/').length - a.split('/').length);
    for (const name of names) {
      const { storage, path: source } = paths.get(name) as FoundFile;
      const original = storage.read(source);
      const key = name.replace(/\\/g, '/');
      let hashedName = hashed.get(key) ?? this.hashedName(name, original);
      const hashedExists = this.exists(hashedName);
      let processed = false;
      let substitutions = true;
      if (adjustable.includes(name)) {
        const oldHashedName = hashedName;
        let content = original.toString('utf8');
        let failed: Error | undefined;
        for (const [glob, patterns] of this.patterns) {
          if (!matchesPatterns(source, [glob])) continue;
          for (const pattern of patterns) {
            try {
              content = content.replace(pattern.regex, this.converter(name, hashed, pattern));
            } catch (error) {
              failed = error as Error;
            }
          }
        }
        if (failed) {
          yield [name, null, failed, false];
          continue;
        }
        if (hashedExists) this.delete(hashedName);
        const bytes = Buffer.from(content, 'utf8');
        hashedName = this.hashedName(name, bytes);
        hashedName = this.save(hashedName, bytes);
        if (oldHashedName === hashedName) substitutions = false;
        processed = true;
      }
      if (!processed && !hashedExists) {
        processed = true;
        hashedName = this.save(hashedName, original);
      }
      hashed.set(key, hashedName);
      yield [name, hashedName, processed, substitutions];
    }
  }

  private converter(name: string, hashed: Names, pattern: ReferencePattern) {
    return (...args: unknown[]): string => {
      const groups = args[args.length - 1] as { matched: string; url: string };
      const { matched, url } = groups;
      if (/^[a-z]+:/.test(url) || url.startsWith('//')) return matched;
      const base = this.baseUrl as string;
      if (url.startsWith('/') && !url.startsWith(base)) return matched;
      const [urlPath, fragment] = defrag(url);
      // A fragment alone (`url(#filter)`) names no file; Django 4.1 leaves it as well.
      if (!urlPath) return matched;
      const target = urlPath.startsWith('/')
        ? urlPath.slice(base.length)
        : path.posix.join(path.posix.dirname(name), urlPath);
      const hashedUrl = this.urlWith(
        (n) => this.storedNameDuring(n, hashed),
        unquote(target),
        true,
      );
      let transformed = [...urlPath.split('/').slice(0, -1), hashedUrl.split('/').pop()].join('/');
      if (fragment) transformed += (url.includes('?#') ? '?#' : '#') + fragment;
      return pattern.template(unquote(transformed));
    };
  }

  private storedNameDuring(name: string, hashed: Names): string {
    const normal = path.posix.normalize(name);
    return hashed.get(normal) ?? this.hashedName(normal).replace(/\\/g, '/');
  }

  private urlWith(storedName: (name: string) => string, name: string, force: boolean): string {
    let hashedName: string;
    let fragment = '';
    if (this.debug && !force) hashedName = name;
    else {
      const [clean, frag] = defrag(name);
      fragment = frag;
      hashedName = splitUrl(clean).path.endsWith('/') ? name : storedName(clean);
    }
    let finalUrl = super.url(hashedName);
    const queryFragment = name.includes('?#');
    if (fragment || queryFragment) {
      const parts = splitUrl(finalUrl);
      if (fragment && !parts.fragment) parts.fragment = fragment;
      if (queryFragment && !parts.query) parts.path += '?';
      finalUrl = unsplitUrl(parts);
    }
    return unquote(finalUrl);
  }

  private describe(): string {
    return `${this.constructor.name}(${JSON.stringify(this.location)})`;
  }
}
