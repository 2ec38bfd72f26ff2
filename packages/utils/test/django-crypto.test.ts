import { describe } from 'vitest';
import { constantTimeCompare, saltedHmac, type BytesLike } from '../src/index.js';
import { replay } from './replay.js';

describe("django.utils.crypto, as Django 3.2's tests and harvest have it", () => {
  replay('crypto', {
    salted_hmac: (c, [salt, value, secret], kw) =>
      saltedHmac(
        salt as BytesLike,
        value as BytesLike,
        (kw.secret ?? secret ?? c.env?.SECRET_KEY) as BytesLike,
        (kw.algorithm as string | undefined) ?? 'sha1',
      ).toString('hex'),
    constant_time_compare: (_c, [a, b]) => constantTimeCompare(a as BytesLike, b as BytesLike),
  });
});
