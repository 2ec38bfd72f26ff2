import { constantTimeCompare, getRandomString } from '@stack/utils';

/** Django's CSRF constants. */
export const CSRF_SECRET_LENGTH = 32;
export const CSRF_TOKEN_LENGTH = 2 * CSRF_SECRET_LENGTH;
export const CSRF_ALLOWED_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const CHARS = CSRF_ALLOWED_CHARS.length;

/** A new 32-character secret. */
export function newCsrfSecret(): string {
  return getRandomString(CSRF_SECRET_LENGTH, CSRF_ALLOWED_CHARS);
}

/**
 * Django's `_mask_cipher_secret`: a random mask followed by the secret shifted by the mask,
 * so the token changes on every render (BREACH) while unmasking to the same secret.
 */
export function maskCipherSecret(secret: string): string {
  const mask = getRandomString(CSRF_SECRET_LENGTH, CSRF_ALLOWED_CHARS);
  let cipher = '';
  for (let i = 0; i < CSRF_SECRET_LENGTH; i++) {
    const x = CSRF_ALLOWED_CHARS.indexOf(secret[i]!);
    const y = CSRF_ALLOWED_CHARS.indexOf(mask[i]!);
    cipher += CSRF_ALLOWED_CHARS[(x + y) % CHARS];
  }
  return mask + cipher;
}

/** Django's `_unmask_cipher_token`: the secret a 64-character token was masked from. */
export function unmaskCipherToken(token: string): string {
  const mask = token.slice(0, CSRF_SECRET_LENGTH);
  const cipher = token.slice(CSRF_SECRET_LENGTH);
  let secret = '';
  for (let i = 0; i < CSRF_SECRET_LENGTH; i++) {
    const x = CSRF_ALLOWED_CHARS.indexOf(cipher[i]!);
    const y = CSRF_ALLOWED_CHARS.indexOf(mask[i]!);
    secret += CSRF_ALLOWED_CHARS[(x - y + CHARS) % CHARS];
  }
  return secret;
}

/** Why a token or cookie is malformed (Django's reason fragments), or `undefined` when fine. */
export function tokenFormatProblem(token: string): string | undefined {
  if (token.length !== CSRF_TOKEN_LENGTH && token.length !== CSRF_SECRET_LENGTH)
    return 'has incorrect length';
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    const lower = code | 0x20; // A-Z to a-z; nothing else lands in a-z
    if (!((lower >= 0x61 && lower <= 0x7a) || (code >= 0x30 && code <= 0x39))) {
      return 'has invalid characters';
    }
  }
  return undefined;
}

/** Django's `_does_token_match`: unmask if needed, then compare in constant time. */
export function doesTokenMatch(requestToken: string, secret: string): boolean {
  const candidate =
    requestToken.length === CSRF_TOKEN_LENGTH ? unmaskCipherToken(requestToken) : requestToken;
  if (candidate.length !== CSRF_SECRET_LENGTH || secret.length !== CSRF_SECRET_LENGTH) return false;
  return constantTimeCompare(candidate, secret);
}
