import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { SuspiciousFileOperation } from '@stack/request';
import { filepathToUri } from '@stack/utils';
import { ImproperlyConfigured } from './errors.js';
import { safeJoin } from './internal/safe-path.js';

/** Where a storage keeps files and the URL they are served under. */
export interface StorageOptions {
  /** The folder (Django's `location`); `null` when not configured. */
  location: string | null;
  /** The URL prefix (Django's `base_url`), ending in `/`. */
  baseUrl: string | null;
}

/**
 * Files in one folder on the local disk, addressed by `/`-separated names that can never leave
 * it (Django's `FileSystemStorage`, the part static files need). Synchronous: it runs in commands
 * and at start-up, never per request.
 *
 * @example
 * ```ts
 * const storage = new FileSystemStorage({ location: '/srv/static', baseUrl: '/static/' });
 * storage.save('css/site.css', 'body {}');
 * storage.url('css/site.css'); // '/static/css/site.css'
 * ```
 */
export class FileSystemStorage {
  readonly location: string | null;
  readonly baseUrl: string | null;
  /** A finder's storage may carry a prefix its names are collected under. */
  prefix: string | undefined;

  constructor(options: StorageOptions) {
    this.location = options.location === null ? null : path.resolve(options.location);
    this.baseUrl = options.baseUrl;
  }

  /** The absolute path of `name`; a name that would leave the folder is refused. */
  path(name: string): string {
    if (!this.location) throw new ImproperlyConfigured('This storage has no location.');
    const full = safeJoin(this.location, name);
    if (full === null)
      throw new SuspiciousFileOperation(
        `The joined path (${name}) is located outside of the base path component (${this.location})`,
      );
    return full;
  }

  exists(name: string): boolean {
    return existsSync(this.path(name));
  }

  /** The file's bytes. */
  read(name: string): Buffer {
    return readFileSync(this.path(name));
  }

  /** Writes `content` under `name` (replacing what was there) and returns the name saved. */
  save(name: string, content: Uint8Array | string): string {
    const full = this.path(name);
    mkdirSync(path.dirname(full), { recursive: true });
    if (lstatSafe(full)?.isSymbolicLink()) unlinkSync(full);
    writeFileSync(full, content);
    return name.replace(/\\/g, '/');
  }

  delete(name: string): void {
    const full = this.path(name);
    if (lstatSafe(full)) unlinkSync(full);
  }

  /** The folders and the files directly in `name`, each sorted, so every listing is stable. */
  listdir(name: string): [string[], string[]] {
    const dirs: string[] = [];
    const files: string[] = [];
    for (const entry of readdirSync(this.path(name), { withFileTypes: true })) {
      const full = path.join(this.path(name), entry.name);
      const isDir =
        entry.isDirectory() || (entry.isSymbolicLink() && statSafe(full)?.isDirectory());
      (isDir ? dirs : files).push(entry.name);
    }
    return [dirs.sort(), files.sort()];
  }

  modifiedTime(name: string): Date {
    return statSync(this.path(name)).mtime;
  }

  size(name: string): number {
    return statSync(this.path(name)).size;
  }

  /** The URL of `name` under `baseUrl`, percent-encoded as Django's `filepath_to_uri`. */
  url(name: string): string {
    if (this.baseUrl === null) throw new ImproperlyConfigured('This storage has no base URL.');
    return this.baseUrl + filepathToUri(name).replace(/^\/+/, '');
  }
}

/** What `StaticFilesStorage` and its subclasses are built from. */
export interface StaticStorageOptions {
  /** Default: the `staticRoot` setting. */
  location: string | null;
  /** Default: the `staticUrl` setting. */
  baseUrl: string | null;
  /**
   * `debug`: the manifest storage then names the plain files, as Django's does. A function is
   * asked at each `url()`, as Django reads `settings.DEBUG` then.
   */
  debug?: boolean | (() => boolean);
}

/**
 * The storage `collectstatic` writes to: `staticRoot` served at `staticUrl` (Django's
 * `StaticFilesStorage`).
 *
 * @example
 * ```ts
 * const storage = new StaticFilesStorage({ location: settings.staticRoot, baseUrl: '/static/' });
 * ```
 */
export class StaticFilesStorage extends FileSystemStorage {
  readonly #debug: boolean | (() => boolean);

  constructor(options: StaticStorageOptions) {
    checkStaticUrl(options.baseUrl);
    super(options);
    this.#debug = options.debug ?? false;
  }

  /** Whether `debug` is on now. */
  get debug(): boolean {
    return typeof this.#debug === 'function' ? this.#debug() : this.#debug;
  }

  override path(name: string): string {
    if (!this.location) {
      throw new ImproperlyConfigured(
        "You're using the staticfiles app without having set the staticRoot setting to a filesystem path.",
      );
    }
    return super.path(name);
  }

  /** Collected files are post-processed by subclasses (hashing); this one has nothing to do. */
  // eslint-disable-next-line require-yield
  *postProcess(
    _paths: Map<string, FoundFile>,
    _options: { dryRun?: boolean } = {},
  ): Generator<PostProcessed> {
    return;
  }
}

/** One file a finder found: the storage it lives in and its name there. */
export interface FoundFile {
  storage: FileSystemStorage;
  path: string;
}

/** One step `postProcess` reports: the file, its new name, and whether it changed (or the error). */
export type PostProcessed = [name: string, hashedName: string | null, processed: boolean | Error];

function checkStaticUrl(baseUrl: string | null): void {
  if (!baseUrl) {
    throw new ImproperlyConfigured(
      "You're using the staticfiles app without having set the required staticUrl setting.",
    );
  }
  if (!baseUrl.endsWith('/'))
    throw new ImproperlyConfigured('staticUrl must end in a slash (it is a URL prefix).');
}

function lstatSafe(full: string) {
  try {
    return lstatSync(full);
  } catch {
    return undefined;
  }
}

function statSafe(full: string) {
  try {
    return statSync(full);
  } catch {
    return undefined;
  }
}
