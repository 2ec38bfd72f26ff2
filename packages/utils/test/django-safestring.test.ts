import { describe } from 'vitest';
import { markSafe } from '../src/index.js';
import { replay } from './replay.js';

describe("django.utils.safestring, as Django 3.2's tests and harvest have it", () => {
  replay('safestring', { mark_safe: (_c, [value]) => markSafe(value) });
});
