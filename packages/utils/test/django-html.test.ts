import { describe } from 'vitest';
import {
  avoidWrapping,
  conditionalEscape,
  escape,
  escapejs,
  formatHtml,
  formatHtmlJoin,
  linebreaks,
  stripSpacesBetweenTags,
  stripTags,
} from '../src/index.js';
import { replay } from './replay.js';

function kwargsObject(kwargs: Record<string, unknown>): Record<string, unknown>[] {
  return Object.keys(kwargs).length ? [kwargs] : [];
}

describe("django.utils.html, as Django 3.2's tests and harvest have it", () => {
  replay('html', {
    escape: (_c, [text]) => escape(text),
    conditional_escape: (_c, [text]) => conditionalEscape(text),
    format_html: (_c, [format, ...args], kw) =>
      formatHtml(format as string, ...args, ...kwargsObject(kw)),
    format_html_join: (_c, [sep, format, argsList]) =>
      formatHtmlJoin(sep, format as string, argsList as unknown[][]),
    linebreaks: (_c, [value, autoescape], kw) =>
      linebreaks(value, { autoescape: Boolean(kw.autoescape ?? autoescape) }),
    strip_tags: (_c, [value]) => stripTags(value),
    strip_spaces_between_tags: (_c, [value]) => stripSpacesBetweenTags(value),
    escapejs: (_c, [value]) => escapejs(value),
    avoid_wrapping: (_c, [value]) => avoidWrapping(value as string),
  });
});
