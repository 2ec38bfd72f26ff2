import type { FilterSpec } from './filter-spec.js';
import { dateFilters } from './filters/date.js';
import { htmlFilters } from './filters/html.js';
import { listFilters } from './filters/list.js';
import { numberFilters } from './filters/number.js';
import { stringFilters } from './filters/string.js';
import type { LibraryContents } from './library-contents.js';
import type { DjangoTagClass } from './parser.js';
import { ForTag } from './tags/for.js';
import { CsrfTokenTag, GetPrefixTag, LoadTag, StaticTag, UrlTag } from './tags/helpers.js';
import {
  BlockTranslateTag,
  GetLanguageInfoTag,
  LanguageInfoTag,
  LanguageTag,
  TranslateTag,
  i18nFilters,
} from './tags/i18n.js';
import { IfEqualTag, IfTag } from './tags/if.js';
import {
  GetCurrentTimeZoneTag,
  LocalTimeTag,
  LocalizeTag,
  TimeZoneTag,
  l10nFilters,
  tzFilters,
} from './tags/tz.js';
import { BlockTag, ExtendsTag, IncludeTag } from './tags/inheritance.js';
import {
  CycleTag,
  DebugTag,
  FirstOfTag,
  IfChangedTag,
  LoremTag,
  NowTag,
  RegroupTag,
  ResetCycleTag,
  TemplateTagTag,
  WidthRatioTag,
} from './tags/output.js';
import {
  AutoescapeTag,
  CommentTag,
  FilterTag,
  SpacelessTag,
  VerbatimTag,
  WithTag,
} from './tags/scope.js';

const tags: [string, DjangoTagClass][] = [
  ['autoescape', AutoescapeTag],
  ['block', BlockTag],
  ['comment', CommentTag],
  ['csrf_token', CsrfTokenTag],
  ['cycle', CycleTag],
  ['debug', DebugTag],
  ['extends', ExtendsTag],
  ['filter', FilterTag],
  ['firstof', FirstOfTag],
  ['for', ForTag],
  ['if', IfTag],
  ['ifchanged', IfChangedTag],
  ['ifequal', IfEqualTag],
  ['ifnotequal', IfEqualTag],
  ['include', IncludeTag],
  ['load', LoadTag],
  ['lorem', LoremTag],
  ['now', NowTag],
  ['regroup', RegroupTag],
  ['resetcycle', ResetCycleTag],
  ['spaceless', SpacelessTag],
  ['templatetag', TemplateTagTag],
  ['url', UrlTag],
  ['verbatim', VerbatimTag],
  ['widthratio', WidthRatioTag],
  ['with', WithTag],
];

const filters: FilterSpec[] = [
  ...stringFilters,
  ...numberFilters,
  ...listFilters,
  ...htmlFilters,
  ...dateFilters,
];

/** Django's builtin tags and filters, available in every template. */
export const builtinLibrary: LibraryContents = {
  tags: new Map(tags),
  filters: new Map(filters.map((f) => [f.name, f])),
};

/** `{% load static %}`. */
export const staticLibrary: LibraryContents = {
  tags: new Map<string, DjangoTagClass>([
    ['static', StaticTag],
    ['get_static_prefix', GetPrefixTag],
    ['get_media_prefix', GetPrefixTag],
  ]),
  filters: new Map(),
};

/** `{% load i18n %}`: Django's translation tags, rendering the source language. */
export const i18nLibrary: LibraryContents = {
  tags: new Map<string, DjangoTagClass>([
    ['translate', TranslateTag],
    ['trans', TranslateTag],
    ['blocktranslate', BlockTranslateTag],
    ['blocktrans', BlockTranslateTag],
    ['get_current_language', LanguageInfoTag],
    ['get_current_language_bidi', LanguageInfoTag],
    ['get_available_languages', LanguageInfoTag],
    ['get_language_info', GetLanguageInfoTag],
    ['get_language_info_list', GetLanguageInfoTag],
    ['language', LanguageTag],
  ]),
  filters: new Map(i18nFilters.map((f) => [f.name, f])),
};

/** `{% load tz %}`: time zone conversion for display. */
export const tzLibrary: LibraryContents = {
  tags: new Map<string, DjangoTagClass>([
    ['localtime', LocalTimeTag],
    ['timezone', TimeZoneTag],
    ['get_current_timezone', GetCurrentTimeZoneTag],
  ]),
  filters: new Map(tzFilters.map((f) => [f.name, f])),
};

/** `{% load l10n %}`: localization switches (one locale, so they change nothing). */
export const l10nLibrary: LibraryContents = {
  tags: new Map<string, DjangoTagClass>([['localize', LocalizeTag]]),
  filters: new Map(l10nFilters.map((f) => [f.name, f])),
};
