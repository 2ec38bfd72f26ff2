import { posix } from 'node:path';
import { SuspiciousFileOperation, getRandomString } from '@stack/utils';

/** What can be stored: bytes, text, or an uploaded file (read in chunks when it can be). */
export type StorableContent =
  | Uint8Array
  | string
  | { chunks?(chunkSize?: number): AsyncIterable<Uint8Array>; read?(): Promise<Uint8Array> };

/**
 * Django's `get_valid_filename`: spaces to underscores, only letters, digits, `-`, `_` and `.`
 * kept; `''`, `.` and `..` refused.
 *
 * @example
 * ```ts
 * getValidFilename("john's portrait in 2004.jpg"); // 'johns_portrait_in_2004.jpg'
 * ```
 */
export function getValidFilename(name: string): string {
  const valid = String(name)
    .trim()
    .replace(/ /g, '_')
    .replace(/[^-\p{L}\p{N}_.]/gu, '');
  if (valid === '' || valid === '.' || valid === '..')
    throw new SuspiciousFileOperation(`Could not derive file name from '${name}'`);
  return valid;
}

/**
 * Django's `validate_file_name`: no `..` component, no absolute path (and no path at all
 * unless `allowRelativePath`).
 */
export function validateFileName(name: string, allowRelativePath = false): string {
  // The file system would refuse it with a TypeError (a 500); it is the client's error.
  if (name.includes('\0'))
    throw new SuspiciousFileOperation(
      `File name '${name.replace(/\0/g, '\\0')}' contains a NUL byte`,
    );
  const base = posix.basename(name.replace(/\\/g, '/'));
  if (base === '.' || base === '..' || base === '')
    throw new SuspiciousFileOperation(`Could not derive file name from '${name}'`);
  if (allowRelativePath) {
    const path = name.replace(/\\/g, '/');
    if (posix.isAbsolute(path) || /^[a-zA-Z]:/.test(name) || path.split('/').includes('..'))
      throw new SuspiciousFileOperation(`Detected path traversal attempt in '${name}'`);
  } else if (name !== base)
    throw new SuspiciousFileOperation(`File name '${name}' includes path elements`);
  return name;
}

/**
 * Django's `Storage`: where files live. Subclasses implement `exists`, `_save`, `open`,
 * `delete`, `size`, `url` (and `path` when files are local); `save()` picks a free, valid name.
 *
 * @example
 * ```ts
 * class MemoryStorage extends Storage { … }
 * ```
 */
export abstract class Storage {
  /**
   * Stores `content` under `name` or a free variant of it, and returns the name used.
   * `maxLength` is the model field's limit: a long name is shortened to fit.
   */
  async save(
    name: string,
    content: StorableContent,
    options: { maxLength?: number } = {},
  ): Promise<string> {
    validateFileName(name, true);
    let candidate = await this.getAvailableName(this.generateFilename(name), options.maxLength);
    for (let attempt = 0; ; attempt++) {
      try {
        const saved = await this._save(candidate, content);
        return validateFileName(saved, true);
      } catch (error) {
        // Another request took the name between the check and the write: pick another.
        if ((error as { code?: string }).code !== 'EEXIST' || attempt > 100) throw error;
        candidate = await this.getAvailableName(candidate, options.maxLength);
      }
    }
  }

  /** A valid file name (`getValidFilename`). */
  getValidName(name: string): string {
    return getValidFilename(name);
  }

  /** Django's `generate_filename`: the directory kept, the file name made valid. */
  generateFilename(filename: string): string {
    validateFileName(filename, true);
    const path = filename.replace(/\\/g, '/');
    const dirname = posix.dirname(path);
    return posix.normalize(posix.join(dirname, this.getValidName(posix.basename(path))));
  }

  /**
   * Django's `get_available_name`: `name`, or `name_<7 random characters>.ext` while that is
   * taken, the root shortened so the whole fits `maxLength`.
   */
  async getAvailableName(name: string, maxLength?: number): Promise<string> {
    const path = name.replace(/\\/g, '/');
    const dir = posix.dirname(path);
    const file = validateFileName(posix.basename(path));
    if (dir.split('/').includes('..'))
      throw new SuspiciousFileOperation(`Detected path traversal attempt in '${dir}'`);
    const dot = file.lastIndexOf('.');
    let root = dot > 0 ? file.slice(0, dot) : file;
    const ext = dot > 0 ? file.slice(dot) : '';
    const inDir = (base: string) => (dir === '.' ? base : posix.join(dir, base));
    let candidate = path;
    while (
      (await this.exists(candidate)) ||
      (maxLength !== undefined && candidate.length > maxLength)
    ) {
      candidate = inDir(`${root}_${getRandomString(7)}${ext}`);
      if (maxLength === undefined) continue;
      const truncation = candidate.length - maxLength;
      if (truncation > 0) {
        root = root.slice(0, -truncation);
        if (!root)
          throw new SuspiciousFileOperation(
            `Storage can not find an available filename for "${candidate}". Please make sure that the corresponding file field allows sufficient "max_length".`,
          );
        candidate = inDir(`${root}_${getRandomString(7)}${ext}`);
      }
    }
    return candidate;
  }

  /** Writes the content under exactly `name` (failing with EEXIST if taken); returns the name. */
  protected abstract _save(name: string, content: StorableContent): Promise<string>;
  abstract exists(name: string): Promise<boolean>;
  abstract open(name: string): Promise<Buffer>;
  abstract delete(name: string): Promise<void>;
  abstract size(name: string): Promise<number>;
  abstract url(name: string): string;
  /** The local path, for storages that have one. */
  path(_name: string): string {
    throw new Error("This backend doesn't support absolute paths.");
  }
  /** The directories and files directly inside `path`. */
  abstract listdir(path: string): Promise<[string[], string[]]>;
}
