import { urlencode as encodeQuery } from '@stack/utils';

/** A file to upload with the test client. */
export interface UploadFile {
  name: string;
  content: string | Uint8Array;
  contentType?: string;
}

/** Request data: fields (repeated with an array) and files. */
export type FormData = Record<
  string,
  string | number | boolean | UploadFile | (string | number | UploadFile)[]
>;

export const MULTIPART_CONTENT = 'multipart/form-data; boundary=BoUnDaRyStRiNg';
const BOUNDARY = 'BoUnDaRyStRiNg';

function isFile(value: unknown): value is UploadFile {
  return typeof value === 'object' && value !== null && 'name' in value && 'content' in value;
}

function quoteParam(text: string): string {
  return text.replace(/["\\\r\n]/g, (c) => encodeURIComponent(c));
}

/** Django's `encode_multipart`: every field and file as one part. */
export function encodeMultipart(data: FormData): Buffer {
  const parts: Buffer[] = [];
  const push = (text: string) => parts.push(Buffer.from(text, 'utf8'));
  for (const [key, raw] of Object.entries(data)) {
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      push(`--${BOUNDARY}\r\n`);
      if (isFile(value)) {
        push(
          `Content-Disposition: form-data; name="${quoteParam(key)}"; filename="${quoteParam(value.name)}"\r\n`,
        );
        push(`Content-Type: ${value.contentType ?? 'application/octet-stream'}\r\n\r\n`);
        parts.push(Buffer.from(value.content));
        push('\r\n');
      } else {
        push(
          `Content-Disposition: form-data; name="${quoteParam(key)}"\r\n\r\n${String(value)}\r\n`,
        );
      }
    }
  }
  push(`--${BOUNDARY}--\r\n`);
  return Buffer.concat(parts);
}

/** `a=1&b=2&b=3` from fields (files are refused: use multipart for them). */
export function urlencode(data: Record<string, unknown>): string {
  const fields: [string, unknown][] = [];
  for (const [key, raw] of Object.entries(data)) {
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      if (isFile(value)) throw new TypeError(`Field ${key} is a file: send it as multipart.`);
      if (value !== undefined && value !== null) fields.push([key, value]);
    }
  }
  return encodeQuery(fields);
}

/** Encodes a body for a content type: JSON for `application/json`, multipart, or as given. */
export function encodeBody(data: unknown, contentType: string): Buffer {
  if (data === undefined || data === null) return Buffer.alloc(0);
  if (typeof data === 'string' || data instanceof Uint8Array) return Buffer.from(data);
  if (/^application\/(.+\+)?json\b/i.test(contentType))
    return Buffer.from(JSON.stringify(data), 'utf8');
  if (contentType.startsWith('multipart/form-data')) return encodeMultipart(data as FormData);
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    return Buffer.from(urlencode(data as Record<string, unknown>), 'utf8');
  }
  return Buffer.from(String(data), 'utf8');
}
