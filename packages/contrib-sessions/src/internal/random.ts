import { getRandomString } from '@stack/utils';

/** Django's `VALID_KEY_CHARS`: what a session key is made of. */
const VALID_KEY_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A 32-character session key, as Django's `get_random_string(32, VALID_KEY_CHARS)`. */
export function randomSessionKey(): string {
  return getRandomString(32, VALID_KEY_CHARS);
}

/** Keys this package ever issues; anything else in a cookie is ignored as garbage. */
export const SESSION_KEY_PATTERN = /^[a-z0-9]{8,64}$/;
