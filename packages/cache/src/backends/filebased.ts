import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BaseCache, type CacheOptions } from '../base.js';
import { InvalidCacheBackendError } from '../errors.js';
import { checkedSum, integerValue } from '../internal/incr.js';
import { KeyedLock } from '../internal/keyed-lock.js';

const SUFFIX = '.djcache';
/** One lock per file for the whole process, whichever cache instance writes it. */
const fileLocks = new KeyedLock();

/** Options of `FileBasedCache`. */
export interface FileBasedCacheOptions extends CacheOptions {
  /** The directory of the cache files (created, mode 0700, if missing). Required. */
  location: string;
}

interface Entry {
  raw: string;
  expiresAt: number | null;
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'EEXIST';
}

/**
 * Django's `FileBasedCache`: one file per key in a directory. File names are the SHA-256 of the
 * stored key, so no key can reach outside the directory; writes go to a temporary file renamed
 * into place, so a reader never sees half a value; `add` links the file into place, so two
 * processes cannot both add. When `maxEntries` files exist, a random `1/cullFrequency` of them
 * are removed.
 *
 * @example
 * ```ts
 * const cache = new FileBasedCache({ location: '/var/tmp/stack_cache' });
 * await cache.set('report', { rows: 12 }, 3600);
 * ```
 */
export class FileBasedCache extends BaseCache {
  readonly location: string;
  private ready: Promise<unknown> | undefined;

  constructor(options: FileBasedCacheOptions) {
    super(options);
    if (typeof options?.location !== 'string' || options.location === '') {
      throw new InvalidCacheBackendError('FileBasedCache needs a location: the cache directory.');
    }
    this.location = options.location;
  }

  private file(key: string): string {
    return join(this.location, createHash('sha256').update(key).digest('hex') + SUFFIX);
  }

  private async directory(): Promise<void> {
    this.ready ??= mkdir(this.location, { recursive: true, mode: 0o700 }).catch((error) => {
      this.ready = undefined;
      throw error;
    });
    await this.ready;
  }

  private async read(key: string): Promise<Entry | undefined> {
    const path = this.file(key);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    const newline = text.indexOf('\n');
    const head = newline === -1 ? '' : text.slice(0, newline);
    const expiresAt = head === '-' ? null : Number(head || NaN);
    // Expired, or not a file this cache wrote: either way it is gone.
    if (expiresAt !== null && !(expiresAt > Date.now())) {
      await unlink(path).catch(() => {});
      return undefined;
    }
    return { raw: text.slice(newline + 1), expiresAt };
  }

  /** Writes a complete file under a temporary name; returns that name. */
  private async temporary(raw: string, expiresAt: number | null): Promise<string> {
    await this.directory();
    const tmp = join(this.location, `.tmp-${randomBytes(8).toString('hex')}`);
    await writeFile(tmp, `${expiresAt === null ? '-' : expiresAt}\n${raw}`, { mode: 0o600 });
    return tmp;
  }

  private async cacheFiles(): Promise<string[]> {
    try {
      return (await readdir(this.location)).filter((name) => name.endsWith(SUFFIX));
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
  }

  private async cull(): Promise<void> {
    const files = await this.cacheFiles();
    if (files.length < this.maxEntries) return;
    if (this.cullFrequency === 0) return this.rawClear();
    const count = Math.floor(files.length / this.cullFrequency);
    for (let i = files.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [files[i], files[j]] = [files[j]!, files[i]!];
    }
    await Promise.all(
      files.slice(0, count).map((name) => unlink(join(this.location, name)).catch(() => {})),
    );
  }

  protected async rawGet(key: string): Promise<string | undefined> {
    return (await this.read(key))?.raw;
  }

  protected async rawSet(key: string, raw: string, expiresAt: number | null): Promise<void> {
    if (expiresAt !== null && expiresAt <= Date.now()) {
      await this.rawDelete(key);
      return;
    }
    await this.directory();
    await this.cull();
    await rename(await this.temporary(raw, expiresAt), this.file(key));
  }

  protected async rawAdd(key: string, raw: string, expiresAt: number | null): Promise<boolean> {
    if (await this.read(key)) return false;
    if (expiresAt !== null && expiresAt <= Date.now()) return true;
    await this.directory();
    await this.cull();
    const tmp = await this.temporary(raw, expiresAt);
    try {
      await link(tmp, this.file(key));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    } finally {
      await unlink(tmp).catch(() => {});
    }
  }

  protected async rawDelete(key: string): Promise<boolean> {
    const held = (await this.read(key)) !== undefined;
    try {
      await unlink(this.file(key));
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
    return held;
  }

  protected async rawTouch(key: string, expiresAt: number | null): Promise<boolean> {
    const entry = await this.read(key);
    if (!entry) return false;
    await this.rawSet(key, entry.raw, expiresAt);
    return true;
  }

  /** Atomic within this process (Django's file cache is atomic in none); not across processes. */
  protected async rawIncr(key: string, delta: number): Promise<number | undefined> {
    return fileLocks.run(this.file(key), async () => {
      const entry = await this.read(key);
      if (!entry) return undefined;
      const value = checkedSum(integerValue(entry.raw), delta);
      await rename(await this.temporary(String(value), entry.expiresAt), this.file(key));
      return value;
    });
  }

  protected async rawClear(): Promise<void> {
    const files = await this.cacheFiles();
    await Promise.all(files.map((name) => unlink(join(this.location, name)).catch(() => {})));
  }
}
