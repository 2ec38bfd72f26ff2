import { afterEach, describe } from 'vitest';
import {
  Truncator,
  capfirst,
  normalizeNewlines,
  phone2numeric,
  slugify,
  wrap,
} from '../src/index.js';
import { replay, type Case } from './replay.js';

const DEFAULT_MAX = Truncator.MAX_LENGTH_HTML;
afterEach(() => {
  Truncator.MAX_LENGTH_HTML = DEFAULT_MAX;
});

function truncate(method: 'chars' | 'words') {
  return (c: Case, args: unknown[], kwargs: Record<string, unknown>) => {
    Truncator.MAX_LENGTH_HTML = (c.env?.MAX_LENGTH_HTML as number | undefined) ?? DEFAULT_MAX;
    const [text, num, truncateArg, htmlArg] = args as [string, number, string | null, boolean];
    const truncateText = (kwargs.truncate ?? truncateArg ?? undefined) as string | undefined;
    const html = (kwargs.html ?? htmlArg ?? false) as boolean;
    return new Truncator(text)[method](num, { truncate: truncateText, html });
  };
}

describe("django.utils.text, as Django 3.2's tests and harvest have it", () => {
  replay('text', {
    slugify: (_c, [value, allow], kw) =>
      slugify(value, { allowUnicode: Boolean(kw.allow_unicode ?? allow) }),
    capfirst: (_c, [x]) => capfirst(x as string),
    wrap: (_c, [text, width]) => wrap(text as string, width as number),
    normalize_newlines: (_c, [text]) => normalizeNewlines(text),
    phone2numeric: (_c, [phone]) => phone2numeric(phone as string),
    'Truncator.chars': truncate('chars'),
    'Truncator.words': truncate('words'),
  });
});
