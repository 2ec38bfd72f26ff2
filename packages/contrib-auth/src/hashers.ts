import { getRandomString } from '@stack/utils';
import type { PasswordHasher } from './internal/hashers/base.js';
import { PBKDF2PasswordHasher, PBKDF2SHA1PasswordHasher } from './internal/hashers/pbkdf2.js';
import { ScryptPasswordHasher } from './internal/hashers/scrypt.js';
import { Argon2PasswordHasher } from './internal/hashers/argon2.js';
import { BCryptPasswordHasher, BCryptSHA256PasswordHasher } from './internal/hashers/bcrypt.js';
import {
  CryptPasswordHasher,
  MD5PasswordHasher,
  SHA1PasswordHasher,
  UnsaltedMD5PasswordHasher,
  UnsaltedSHA1PasswordHasher,
} from './internal/hashers/legacy.js';

/**
 * Django's marker for a password that can never match (`set_unusable_password`).
 *
 * @example
 * ```ts
 * (await makePassword(null)).startsWith(UNUSABLE_PASSWORD_PREFIX); // true
 * ```
 */
export const UNUSABLE_PASSWORD_PREFIX = '!';
const UNUSABLE_PASSWORD_SUFFIX_LENGTH = 40;

/**
 * The default `passwordHashers`: Django's four, scrypt, then every other hasher Django 3.2 can
 * verify, so a user carried over from any Django keeps a working password (upgraded to the
 * first hasher on the next good login).
 */
let configured: readonly PasswordHasher[] = [
  new PBKDF2PasswordHasher(),
  new PBKDF2SHA1PasswordHasher(),
  new Argon2PasswordHasher(),
  new BCryptSHA256PasswordHasher(),
  new ScryptPasswordHasher(),
  new BCryptPasswordHasher(),
  new SHA1PasswordHasher(),
  new MD5PasswordHasher(),
  new UnsaltedSHA1PasswordHasher(),
  new UnsaltedMD5PasswordHasher(),
  new CryptPasswordHasher(),
];

/**
 * Sets the hashers in use, Django's `PASSWORD_HASHERS`: the first one hashes new passwords, the
 * others only verify (and their hashes are upgraded to the first on the next good login).
 *
 * @example
 * ```ts
 * configurePasswordHashers([new ScryptPasswordHasher(), new PBKDF2PasswordHasher()]);
 * ```
 */
export function configurePasswordHashers(hashers: readonly PasswordHasher[]): void {
  if (hashers.length === 0)
    throw new TypeError('passwordHashers must contain at least one hasher.');
  configured = [...hashers];
}

/**
 * The configured hashers, the default first.
 *
 * @example
 * ```ts
 * getHashers()[0]!.algorithm; // 'pbkdf2_sha256'
 * ```
 */
export function getHashers(): readonly PasswordHasher[] {
  return configured;
}

/**
 * The hasher for an algorithm name, or the default one for `'default'`; throws a `TypeError`
 * naming the algorithm when none is configured.
 *
 * @example
 * ```ts
 * getHasher('scrypt').algorithm; // 'scrypt'
 * ```
 */
export function getHasher(algorithm: string | PasswordHasher = 'default'): PasswordHasher {
  if (typeof algorithm !== 'string') return algorithm;
  if (algorithm === 'default') return configured[0]!;
  const found = configured.find((hasher) => hasher.algorithm === algorithm);
  if (!found) {
    throw new TypeError(
      `Unknown password hashing algorithm '${algorithm}'. Did you specify it in the passwordHashers setting?`,
    );
  }
  return found;
}

/**
 * The hasher that produced an encoded password, read from the prefix before the first `$`; as in
 * Django, a bare 32-character string or `md5$$<32 hex>` is `unsalted_md5`, and `sha1$$<40 hex>`
 * is `unsalted_sha1`.
 *
 * @example
 * ```ts
 * identifyHasher('pbkdf2_sha256$1200000$salt$hash').algorithm; // 'pbkdf2_sha256'
 * identifyHasher('5f4dcc3b5aa765d61d8327deb882cf99').algorithm; // 'unsalted_md5'
 * ```
 */
export function identifyHasher(encoded: string): PasswordHasher {
  if (
    (encoded.length === 32 && !encoded.includes('$')) ||
    (encoded.length === 37 && encoded.startsWith('md5$$'))
  ) {
    return getHasher('unsalted_md5');
  }
  if (encoded.length === 46 && encoded.startsWith('sha1$$')) return getHasher('unsalted_sha1');
  const dollar = encoded.indexOf('$');
  if (dollar <= 0) throw new TypeError('The password is not in a known hash format.');
  return getHasher(encoded.slice(0, dollar));
}

/**
 * False for passwords made unusable (`!` prefix); `null` stays usable, as in Django, and simply
 * never verifies.
 *
 * @example
 * ```ts
 * isPasswordUsable(await makePassword(null)); // false
 * ```
 */
export function isPasswordUsable(encoded: string | null | undefined): boolean {
  return encoded == null || !encoded.startsWith(UNUSABLE_PASSWORD_PREFIX);
}

/**
 * Hashes a password for storage with the default (or the named) hasher and a fresh salt;
 * `null` gives an unusable password.
 *
 * @example
 * ```ts
 * await makePassword('s3cret'); // 'pbkdf2_sha256$1200000$<salt>$<hash>'
 * await makePassword('s3cret', { salt: 'seasalt', hasher: 'scrypt' });
 * ```
 */
export async function makePassword(
  password: string | null,
  options: { salt?: string; hasher?: string | PasswordHasher } = {},
): Promise<string> {
  if (password === null) {
    return UNUSABLE_PASSWORD_PREFIX + getRandomString(UNUSABLE_PASSWORD_SUFFIX_LENGTH);
  }
  if (typeof password !== 'string') {
    throw new TypeError(`Password must be a string or null, got ${typeof password}.`);
  }
  const hasher = getHasher(options.hasher);
  return hasher.encode(password, options.salt || hasher.salt());
}

/**
 * Django's `verify_password`: whether the password matches, and whether the stored hash should
 * be re-made with the preferred hasher. Never throws on a bad hash.
 *
 * @example
 * ```ts
 * const { isCorrect, mustUpdate } = await verifyPassword('s3cret', user.password);
 * ```
 */
export async function verifyPassword(
  password: string | null | undefined,
  encoded: string | null | undefined,
  preferred: string | PasswordHasher = 'default',
): Promise<{ isCorrect: boolean; mustUpdate: boolean }> {
  const no = { isCorrect: false, mustUpdate: false };
  if (typeof password !== 'string' || typeof encoded !== 'string' || !isPasswordUsable(encoded)) {
    return no;
  }
  try {
    const preferredHasher = getHasher(preferred);
    const hasher = identifyHasher(encoded);
    const hasherChanged = hasher.algorithm !== preferredHasher.algorithm;
    const mustUpdate = hasherChanged || preferredHasher.mustUpdate(encoded);
    const isCorrect = await hasher.verify(password, encoded);
    if (!isCorrect && !hasherChanged && mustUpdate) await hasher.hardenRuntime(password, encoded);
    return { isCorrect, mustUpdate };
  } catch {
    return no;
  }
}

/**
 * Whether a raw password matches an encoded one. On a match with an outdated algorithm or cost,
 * `setter` is called with the raw password so the caller can store a fresh hash; it is never
 * called on a failed check.
 *
 * @example
 * ```ts
 * const ok = await checkPassword('s3cret', user.password, (raw) => user.setPassword(raw));
 * ```
 */
export async function checkPassword(
  password: string | null | undefined,
  encoded: string | null | undefined,
  setter?: (password: string) => unknown,
  preferred: string | PasswordHasher = 'default',
): Promise<boolean> {
  const { isCorrect, mustUpdate } = await verifyPassword(password, encoded, preferred);
  if (setter && isCorrect && mustUpdate) await setter(password as string);
  return isCorrect;
}
