import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { DEFAULT_PASSWORD_LIST_PATH } from '../../common-passwords-path.js';

/** Reads a list of one password a line (gzipped when its name ends in `.gz`), lower-cased. */
export async function loadPasswordList(path: string): Promise<Set<string>> {
  const raw = await readFile(path);
  const text = (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  return new Set(
    text
      .split(/\r?\n/)
      .map((line) => line.trim().toLowerCase())
      .filter(Boolean),
  );
}

let cached: Promise<Set<string>> | undefined;

/** Django's list, read once per process on first use. */
export function defaultCommonPasswords(): Promise<Set<string>> {
  cached ??= loadPasswordList(DEFAULT_PASSWORD_LIST_PATH).catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}
