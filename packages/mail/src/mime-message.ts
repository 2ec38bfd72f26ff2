/**
 * A built MIME message, what `EmailMessage.message()` resolves to (Django's `SafeMIMEText` /
 * `SafeMIMEMultipart`, read-only): the bytes nodemailer composed, and the top-level headers as
 * they were written (encoded words left encoded, folding undone).
 *
 * @example
 * ```ts
 * const mime = await new EmailMessage({ subject: 'Hi', to: ['ann@example.com'] }).message();
 * mime.get('Subject'); // 'Hi'
 * mime.asString(); // 'Content-Type: text/plain; charset=utf-8\n…'
 * ```
 */
export class EmailMimeMessage {
  readonly #raw: Buffer;
  readonly #headers: [string, string][];

  /** `raw` is the message with CRLF line ends, as it goes over SMTP. */
  constructor(raw: Buffer) {
    this.#raw = raw;
    this.#headers = parseHeaderBlock(raw);
  }

  /**
   * The message as bytes, each line ended by `linesep` (Django's `as_bytes(linesep='\n')`; SMTP
   * uses `'\r\n'`).
   *
   * @example
   * ```ts
   * await fs.writeFile('message.eml', mime.asBytes('\r\n'));
   * ```
   */
  asBytes(linesep: '\n' | '\r\n' = '\n'): Buffer {
    if (linesep === '\r\n') return Buffer.from(this.#raw);
    return Buffer.from(this.#raw.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
  }

  /**
   * The message as text (UTF-8 bodies are 8bit, so this decodes UTF-8).
   *
   * @example
   * ```ts
   * console.log(mime.asString());
   * ```
   */
  asString(linesep: '\n' | '\r\n' = '\n'): string {
    return this.asBytes(linesep).toString('utf8');
  }

  /**
   * The first top-level header of that name (case-insensitive), unfolded, or undefined.
   *
   * @example
   * ```ts
   * mime.get('content-type'); // 'text/plain; charset=utf-8'
   * ```
   */
  get(name: string): string | undefined {
    const wanted = name.toLowerCase();
    return this.#headers.find(([key]) => key.toLowerCase() === wanted)?.[1];
  }

  /**
   * Every top-level header of that name, in order.
   *
   * @example
   * ```ts
   * mime.getAll('Received'); // []
   * ```
   */
  getAll(name: string): string[] {
    const wanted = name.toLowerCase();
    return this.#headers.filter(([key]) => key.toLowerCase() === wanted).map(([, value]) => value);
  }

  /**
   * The top-level header names, in order (Django's `message.keys()`).
   *
   * @example
   * ```ts
   * mime.keys().includes('Message-ID'); // true
   * ```
   */
  keys(): string[] {
    return this.#headers.map(([key]) => key);
  }

  /**
   * Whether the message has parts (attachments or alternatives), Django's `is_multipart()`.
   *
   * @example
   * ```ts
   * mime.isMultipart(); // false for a plain text message
   * ```
   */
  isMultipart(): boolean {
    return /^multipart\//i.test(this.get('Content-Type') ?? '');
  }

  /** The message as text with `\n` line ends. */
  toString(): string {
    return this.asString();
  }
}

function parseHeaderBlock(raw: Buffer): [string, string][] {
  const end = raw.indexOf('\r\n\r\n');
  const block = raw.subarray(0, end === -1 ? raw.length : end).toString('utf8');
  const headers: [string, string][] = [];
  for (const line of block.split('\r\n')) {
    const last = headers.at(-1);
    if (/^[ \t]/.test(line) && last) last[1] += ` ${line.trim()}`;
    else {
      const colon = line.indexOf(':');
      if (colon > 0) headers.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
    }
  }
  return headers;
}
