import { randomBytes } from 'node:crypto';
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { ImproperlyConfigured } from '../errors.js';
import type { EmailMimeMessage } from '../mime-message.js';
import { getMailSettings } from '../settings.js';
import type { EmailBackendOptions } from './base.js';
import { ConsoleEmailBackend } from './console.js';

const SEPARATOR = `${'-'.repeat(79)}\n`;

function timestamp(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}${two(date.getMonth() + 1)}${two(date.getDate())}-` +
    `${two(date.getHours())}${two(date.getMinutes())}${two(date.getSeconds())}`
  );
}

/**
 * Django's file backend: each connection appends its messages to one new file,
 * `<emailFilePath>/<YYYYmmdd-HHMMSS>-<random>.log`, separated by lines of 79 dashes. The folder
 * is created; one that cannot be written is refused up front.
 *
 * @example
 * ```ts
 * configureMail({ emailBackend: 'file', emailFilePath: '/tmp/app-messages' });
 * ```
 */
export class FileEmailBackend extends ConsoleEmailBackend {
  readonly filePath: string;
  #fileName: string | null = null;
  #handle: FileHandle | null = null;

  constructor(options: EmailBackendOptions = {}) {
    super({ ...options, stream: { write: () => undefined } });
    this.stream = null;
    const folder = options.filePath ?? getMailSettings().emailFilePath;
    if (!folder) {
      throw new ImproperlyConfigured('The file e-mail backend needs emailFilePath (or filePath).');
    }
    this.filePath = path.resolve(folder);
    try {
      mkdirSync(this.filePath, { recursive: true });
    } catch (error) {
      const exists = (error as NodeJS.ErrnoException).code === 'EEXIST';
      throw new ImproperlyConfigured(
        exists
          ? `Path for saving email messages exists, but is not a directory: ${this.filePath}`
          : `Could not create directory for saving email messages: ${this.filePath} (${(error as Error).message})`,
      );
    }
    if (!statSync(this.filePath).isDirectory()) {
      throw new ImproperlyConfigured(
        `Path for saving email messages exists, but is not a directory: ${this.filePath}`,
      );
    }
    try {
      accessSync(this.filePath, constants.W_OK);
    } catch {
      throw new ImproperlyConfigured(`Could not write to directory: ${this.filePath}`);
    }
  }

  /** The file this connection writes to (named on first use). */
  get fileName(): string {
    this.#fileName ??= path.join(
      this.filePath,
      `${timestamp(new Date())}-${randomBytes(6).toString('hex')}.log`,
    );
    return this.#fileName;
  }

  override async open(): Promise<boolean> {
    if (this.#handle) return false;
    this.#handle = await open(this.fileName, 'a', 0o600);
    return true;
  }

  override async close(): Promise<void> {
    const handle = this.#handle;
    this.#handle = null;
    await handle?.close();
  }

  protected override async writeMessage(mime: EmailMimeMessage): Promise<void> {
    await this.#handle!.write(Buffer.concat([mime.asBytes(), Buffer.from(`\n${SEPARATOR}`)]));
  }
}
