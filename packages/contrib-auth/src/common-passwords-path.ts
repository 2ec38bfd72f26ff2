import { fileURLToPath } from 'node:url';

/**
 * Django's own list of common passwords (`data/common-passwords.txt.gz`, copied unchanged from
 * Django 3.2's `django/contrib/auth/common-passwords.txt.gz`; see `data/README.md`). Kept at the
 * top of `src/` so the relative path holds from `src/` and from the built `dist/` alike.
 */
export const DEFAULT_PASSWORD_LIST_PATH: string = fileURLToPath(
  new URL('../data/common-passwords.txt.gz', import.meta.url),
);
