import { existsSync, lstatSync, mkdirSync, symlinkSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { CommandError } from './errors.js';
import { DEFAULT_IGNORE_PATTERNS, type Finder } from './finders.js';
import type { FileSystemStorage, FoundFile, StaticFilesStorage } from './storage.js';

/** Where `collectstatic` reports; `progress` hears each file (a bar for large trees). */
export interface CollectstaticOptions {
  finders: readonly Finder[];
  storage: StaticFilesStorage;
  /** Ask before overwriting (default true); `--noinput` makes it false. */
  interactive?: boolean;
  /** Answers the confirmation question; required when `interactive`. */
  confirm?: (question: string) => Promise<string>;
  /** Do not post-process (hash) the collected files. */
  noPostProcess?: boolean;
  /** More glob patterns to skip (`--ignore`). */
  ignorePatterns?: readonly string[];
  /** Also skip `CVS`, `.*` and `*~` (default true). */
  useDefaultIgnorePatterns?: boolean;
  dryRun?: boolean;
  /** Delete what the storage holds first (`--clear`). */
  clear?: boolean;
  /** Symlink instead of copying (`--link`). */
  link?: boolean;
  /** 0 quiet, 1 normal, 2 every file, 3 more. */
  verbosity?: number;
  stdout?: { write(text: string): unknown };
  stderr?: { write(text: string): unknown };
  /** Called once with the number of files found, then after each one is handled. */
  progress?: { start(total: number, label: string): void; tick(name: string): void; done(): void };
}

/** What `collectstatic` did, by storage name. */
export interface CollectstaticResult {
  modified: string[];
  unmodified: string[];
  postProcessed: string[];
  /** The summary line Django prints. */
  message: string;
}

/**
 * Copies (or links) every file the finders find into the static storage, then lets the storage
 * post-process them (hash names, write the manifest): Django's `collectstatic`.
 *
 * @example
 * ```ts
 * await collectstatic({ finders, storage, interactive: false, stdout: process.stdout });
 * // "\n3 static files copied to '/srv/static', 3 post-processed."
 * ```
 */
export async function collectstatic(options: CollectstaticOptions): Promise<CollectstaticResult> {
  const run = new Collector(options);
  const location = options.storage.location;
  if (options.interactive ?? true) await run.confirmFirst(location);
  const result = run.collect();
  return result;
}

class Collector {
  readonly copied: string[] = [];
  readonly symlinked: string[] = [];
  readonly unmodified: string[] = [];
  readonly postProcessed: string[] = [];
  readonly verbosity: number;
  readonly ignorePatterns: string[];
  readonly storage: StaticFilesStorage;

  constructor(private readonly options: CollectstaticOptions) {
    this.verbosity = options.verbosity ?? 1;
    this.storage = options.storage;
    const patterns = [...(options.ignorePatterns ?? [])];
    if (options.useDefaultIgnorePatterns ?? true) patterns.push(...DEFAULT_IGNORE_PATTERNS);
    this.ignorePatterns = [...new Set(patterns.map((p) => path.posix.normalize(p)))];
  }

  log(message: string, level = 2): void {
    if (this.verbosity >= level) this.options.stdout?.write(message + '\n');
  }

  async confirmFirst(location: string | null): Promise<void> {
    const { dryRun, clear } = this.options;
    let message = '\n';
    if (dryRun)
      message += 'You have activated the --dry-run option so no files will be modified.\n\n';
    message +=
      'You have requested to collect static files at the destination\n' +
      'location as specified in your settings';
    message += location ? `:\n\n    ${location}\n\n` : '.\n\n';
    const nonEmpty = location
      ? existsSync(location) && this.storage.listdir('').flat().length > 0
      : true;
    if (!nonEmpty) return;
    message += clear
      ? 'This will DELETE ALL FILES in this location!\n'
      : 'This will overwrite existing files!\n';
    message += "Are you sure you want to do this?\n\nType 'yes' to continue, or 'no' to cancel: ";
    if (!this.options.confirm)
      throw new CommandError('collectstatic needs an answer; run it with --noinput.');
    if ((await this.options.confirm(message)).trim() !== 'yes')
      throw new CommandError('Collecting static files cancelled.');
  }

  collect(): CollectstaticResult {
    const { link, clear, dryRun, progress } = this.options;
    this.storage.path(''); // no staticRoot: Django's ImproperlyConfigured, before anything
    if (clear) this.clearDir('');
    const found = new Map<string, FoundFile>();
    const listed: Array<[string, FileSystemStorage]> = [];
    for (const finder of this.options.finders) listed.push(...finder.list(this.ignorePatterns));
    progress?.start(listed.length, link ? 'Linking static files' : 'Copying static files');
    for (const [name, storage] of listed) {
      const prefixed = storage.prefix ? `${storage.prefix}/${name}` : name;
      if (!found.has(prefixed)) {
        found.set(prefixed, { storage, path: name });
        if (link) this.linkFile(name, prefixed, storage);
        else this.copyFile(name, prefixed, storage);
      } else {
        this.log(
          `Found another file with the destination path '${prefixed}'. It will be ignored since ` +
            'only the first encountered file is collected. If this is not what you want, make ' +
            'sure every static file has a unique path.',
          1,
        );
      }
      progress?.tick(prefixed);
    }
    progress?.done();
    if (!this.options.noPostProcess) this.postProcess(found, Boolean(dryRun));
    return this.result();
  }

  private postProcess(found: Map<string, FoundFile>, dryRun: boolean): void {
    for (const [original, processedPath, processed] of this.storage.postProcess(found, {
      dryRun,
    })) {
      if (processed instanceof Error) {
        this.options.stderr?.write(`Post-processing '${original}' failed!\n\n`);
        throw new CommandError(processed.message);
      }
      if (processed) {
        this.log(`Post-processed '${original}' as '${processedPath}'`, 2);
        if (!this.postProcessed.includes(original)) this.postProcessed.push(original);
      } else this.log(`Skipped post-processing '${original}'`);
    }
  }

  private result(): CollectstaticResult {
    const modified = [...this.copied, ...this.symlinked];
    const location = this.storage.location;
    const n = modified.length;
    const message =
      `\n${n} static file${n === 1 ? '' : 's'} ${this.options.link ? 'symlinked' : 'copied'}` +
      (location ? ` to '${location}'` : '') +
      (this.unmodified.length ? `, ${this.unmodified.length} unmodified` : '') +
      (this.postProcessed.length ? `, ${this.postProcessed.length} post-processed` : '') +
      '.';
    if (this.verbosity >= 1) this.options.stdout?.write(message + '\n');
    return { modified, unmodified: this.unmodified, postProcessed: this.postProcessed, message };
  }

  private clearDir(dir: string): void {
    if (!this.storage.exists(dir)) return;
    const [dirs, files] = this.storage.listdir(dir);
    for (const file of files) {
      const name = dir ? `${dir}/${file}` : file;
      if (this.options.dryRun) this.log(`Pretending to delete '${name}'`, 1);
      else {
        this.log(`Deleting '${name}'`, 1);
        this.storage.delete(name);
      }
    }
    for (const sub of dirs) this.clearDir(dir ? `${dir}/${sub}` : sub);
  }

  /** Whether the target must be (re)written; an up-to-date one is left and counted. */
  private deleteFile(name: string, prefixed: string, source: FileSystemStorage): boolean {
    if (!this.storage.exists(prefixed)) return true;
    const full = this.storage.path(prefixed);
    const isLink = lstatSync(full).isSymbolicLink();
    const canSkip = !(Boolean(this.options.link) !== isLink);
    const targetTime = Math.floor(this.storage.modifiedTime(prefixed).getTime() / 1000);
    const sourceTime = Math.floor(source.modifiedTime(name).getTime() / 1000);
    if (targetTime >= sourceTime && canSkip) {
      if (!this.unmodified.includes(prefixed)) this.unmodified.push(prefixed);
      this.log(`Skipping '${name}' (not modified)`);
      return false;
    }
    if (this.options.dryRun) this.log(`Pretending to delete '${name}'`);
    else {
      this.log(`Deleting '${name}'`);
      this.storage.delete(prefixed);
    }
    return true;
  }

  private linkFile(name: string, prefixed: string, source: FileSystemStorage): void {
    if (this.symlinked.includes(prefixed)) return;
    if (!this.deleteFile(name, prefixed, source)) return;
    const sourcePath = source.path(name);
    if (this.options.dryRun) this.log(`Pretending to link '${sourcePath}'`, 1);
    else {
      this.log(`Linking '${sourcePath}'`, 2);
      const full = this.storage.path(prefixed);
      mkdirSync(path.dirname(full), { recursive: true });
      try {
        if (existsOrLink(full)) unlinkSync(full);
        symlinkSync(sourcePath, full);
      } catch (error) {
        throw new CommandError(String((error as Error).message));
      }
    }
    this.symlinked.push(prefixed);
  }

  private copyFile(name: string, prefixed: string, source: FileSystemStorage): void {
    if (this.copied.includes(prefixed)) return;
    if (!this.deleteFile(name, prefixed, source)) return;
    const sourcePath = source.path(name);
    if (this.options.dryRun) this.log(`Pretending to copy '${sourcePath}'`, 1);
    else {
      this.log(`Copying '${sourcePath}'`, 2);
      this.storage.save(prefixed, source.read(name));
    }
    this.copied.push(prefixed);
  }
}

function existsOrLink(full: string): boolean {
  try {
    lstatSync(full);
    return true;
  } catch {
    return false;
  }
}
