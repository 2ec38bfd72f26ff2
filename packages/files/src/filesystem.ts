import { createReadStream } from 'node:fs';
import { chmod, mkdir, open, readdir, readFile, realpath, rm, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { SuspiciousFileOperation, filepathToUri } from '@stack/utils';
import { Storage, type StorableContent } from './storage.js';

/** The options of `FileSystemStorage` (Django's `MEDIA_ROOT`, `MEDIA_URL`, permission settings). */
export interface FileSystemStorageOptions {
  /** The folder files are stored under (`mediaRoot`). */
  location: string;
  /** The URL prefix files are served from (`mediaUrl`, ending in `/`). */
  baseUrl?: string | null;
  /** The mode of new files (`FILE_UPLOAD_PERMISSIONS`, default 0o644). */
  filePermissionsMode?: number | null;
  /** The mode of new folders (`FILE_UPLOAD_DIRECTORY_PERMISSIONS`). */
  directoryPermissionsMode?: number | null;
}

/**
 * Django's `FileSystemStorage`: files under `location`, served from `baseUrl`. No name can
 * reach outside `location` (`..`, absolute paths and symlinked escapes are refused with
 * `SuspiciousFileOperation`), and a new file never overwrites another.
 *
 * @example
 * ```ts
 * const storage = new FileSystemStorage({ location: '/srv/media', baseUrl: '/media/' });
 * const name = await storage.save('avatars/me.png', upload); // 'avatars/me.png' or 'avatars/me_x7Yz3Qa.png'
 * storage.url(name); // '/media/avatars/me.png'
 * ```
 */
export class FileSystemStorage extends Storage {
  readonly location: string;
  readonly baseUrl: string | null;
  readonly filePermissionsMode: number | null;
  readonly directoryPermissionsMode: number | null;

  constructor(options: FileSystemStorageOptions) {
    super();
    this.location = resolve(options.location);
    const base = options.baseUrl ?? null;
    this.baseUrl = base !== null && base !== '' && !base.endsWith('/') ? `${base}/` : base;
    this.filePermissionsMode = options.filePermissionsMode ?? 0o644;
    this.directoryPermissionsMode = options.directoryPermissionsMode ?? null;
  }

  /** The absolute path of a stored name; refuses a name that would leave `location`. */
  override path(name: string): string {
    if (name.includes('\0'))
      throw new SuspiciousFileOperation(
        `The name '${name.replace(/\0/g, '\\0')}' contains a NUL byte`,
      );
    const full = resolve(this.location, name);
    const inside = relative(this.location, full);
    if (
      inside === '' ||
      inside.startsWith('..') ||
      isAbsolute(inside) ||
      inside.split(sep).includes('..')
    )
      throw new SuspiciousFileOperation(
        `The joined path (${full}) is located outside of the base path component (${this.location})`,
      );
    return full;
  }

  /** The path, once its real location (symbolic links followed) is known to be inside. */
  private async realPath(name: string, parentOnly = false): Promise<string> {
    const full = this.path(name);
    const root = await realpath(this.location).catch(() => this.location);
    const target = parentOnly ? dirname(full) : full;
    const real = await realpath(target).catch((error: { code?: string }) => {
      if (error.code === 'ENOENT') return target;
      throw error;
    });
    const inside = relative(root, real);
    if (inside.startsWith('..') || isAbsolute(inside))
      throw new SuspiciousFileOperation(`The path ${name} leads outside of ${this.location}`);
    return full;
  }

  async exists(name: string): Promise<boolean> {
    try {
      await stat(this.path(name));
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return false;
      throw error;
    }
  }

  protected async _save(name: string, content: StorableContent): Promise<string> {
    const full = this.path(name);
    await mkdir(dirname(full), {
      recursive: true,
      ...(this.directoryPermissionsMode !== null && { mode: this.directoryPermissionsMode }),
    });
    await this.realPath(name, true);
    // 'wx' fails with EEXIST when the name is taken, so two uploads never share a file.
    const handle = await open(full, 'wx', this.filePermissionsMode ?? 0o644);
    try {
      if (typeof content === 'string' || content instanceof Uint8Array)
        await handle.writeFile(content);
      else if (typeof content.chunks === 'function')
        for await (const chunk of content.chunks()) await handle.write(chunk);
      else if (typeof content.read === 'function') await handle.writeFile(await content.read());
      else throw new TypeError('Cannot store this content: give bytes, text or an uploaded file.');
    } catch (error) {
      await handle.close();
      await rm(full, { force: true });
      throw error;
    }
    await handle.close();
    if (this.filePermissionsMode !== null) await chmod(full, this.filePermissionsMode);
    return name.replace(/\\/g, '/');
  }

  async open(name: string): Promise<Buffer> {
    return readFile(await this.realPath(name));
  }

  /** A stream of the file, for `FileResponse`. */
  stream(name: string): NodeJS.ReadableStream {
    return createReadStream(this.path(name));
  }

  async delete(name: string): Promise<void> {
    if (!name) throw new Error('The name must be given to delete().');
    await rm(await this.realPath(name), { force: true });
  }

  async size(name: string): Promise<number> {
    return (await stat(await this.realPath(name))).size;
  }

  url(name: string): string {
    if (this.baseUrl === null) throw new Error('This file is not accessible via a URL.');
    return this.baseUrl + filepathToUri(name).replace(/^\/+/, '');
  }

  async listdir(path: string): Promise<[string[], string[]]> {
    const full = path === '' || path === '.' ? this.location : this.path(path);
    const entries = await readdir(full, { withFileTypes: true });
    return [
      entries.filter((e) => e.isDirectory()).map((e) => e.name),
      entries.filter((e) => !e.isDirectory()).map((e) => e.name),
    ];
  }
}
