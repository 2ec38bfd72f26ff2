import { TagToken, type Emitter, type Liquid, type TopLevelToken } from 'liquidjs';
import type { RenderContext } from '../context.js';
import type { FilterExpression } from '../expression.js';
import { DjangoTag, andThen, renderNodes, renderValue, type Node } from '../nodes.js';
import type { DjangoParser } from '../parser.js';
import { smartSplit } from '../parse-expression.js';
import { emit } from './helpers.js';
import { filterSpec, type FilterSpec } from '../filter-spec.js';
import { str } from '../filters/util.js';
import { toList } from '../iterate.js';
import { LANG_INFO, LANGUAGES, type LanguageInfo } from '../languages.js';
import { resolveKeywordArgs, tokenKwargs, type KeywordArgs } from './keyword-args.js';
import { isThenable } from '@stack/utils';
import { MISSING } from '../lookup.js';
import { TemplateSyntaxError } from '../../errors.js';

/** The language every template renders in: translation is the identity (see the README). */
export const LANGUAGE_CODE = 'en-us';

/** `{% translate "text" [context "c"] [noop] [as var] %}` (and `trans`): the text, untranslated. */
export class TranslateTag extends DjangoTag {
  readonly message: FilterExpression;
  readonly asVar: string | undefined;

  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: DjangoParser) {
    super(token, remain, liquid);
    const bits = smartSplit(token.args);
    const name = token.name;
    if (!bits.length) throw parser.wrap(`'${name}' takes at least one argument`, token);
    this.message = parser.expression(bits.shift() as string, token);
    const seen = new Set<string>();
    let asVar: string | undefined;
    while (bits.length) {
      const option = bits.shift() as string;
      if (seen.has(option))
        throw parser.wrap(`The '${option}' option was specified more than once.`, token);
      if (option === 'context') {
        const value = bits.shift();
        if (value === undefined)
          throw parser.wrap(
            `No argument provided to the '${name}' tag for the context option.`,
            token,
          );
        if (value === 'as' || value === 'noop')
          throw parser.wrap(
            `Invalid argument '${value}' provided to the '${name}' tag for the context option`,
            token,
          );
        parser.expression(value, token);
      } else if (option === 'as') {
        asVar = bits.shift();
        if (asVar === undefined)
          throw parser.wrap(`No argument provided to the '${name}' tag for the as option.`, token);
      } else if (option !== 'noop') {
        throw parser.wrap(
          `Unknown argument for '${name}' tag: '${option}'. The only options available are 'noop', 'context' "xxx", and 'as VAR'.`,
          token,
        );
      }
      seen.add(option);
    }
    this.asVar = asVar;
  }

  render(ctx: RenderContext, out: Emitter): void | Promise<void> {
    return andThen(this.message.resolve(ctx), (value) => emit(ctx, out, value, this.asVar));
  }
}

type Piece = { text: string } | { variable: string };

// Django looks a variable of the body up as a context key, whole: `{{ a.b }}` is the key
// 'a.b' (so string_if_invalid), never a lookup; bind values with `with` instead.
function pieces(nodes: readonly TopLevelToken[]): Piece[] {
  return nodes.map((token) =>
    token.kind === 8
      ? { variable: (token as unknown as { content: string }).content }
      : { text: token.getText() },
  );
}

const PY_BUILTINS: Record<string, unknown> = { True: true, False: false, None: null };

// Django's `translation.trim_whitespace`.
function trimWhitespace(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, ' ');
}

/** Django's message of a body: `%` doubled, each variable a placeholder (here its index). */
function message(parts: readonly Piece[], vars: string[], trimmed: boolean): string {
  let msg = '';
  for (const piece of parts) {
    if ('text' in piece) msg += piece.text.replace(/%/g, '%%');
    else {
      msg += `%(${vars.length})s`;
      vars.push(piece.variable);
    }
  }
  return trimmed ? trimWhitespace(msg) : msg;
}

/**
 * `{% blocktranslate [with a=b] [count n=x] [context "c"] [trimmed] [asvar v] %}…{% plural %}…
 * {% endblocktranslate %}` (and `blocktrans`): English plural rules, variables escaped.
 */
export class BlockTranslateTag extends DjangoTag {
  readonly extra: KeywordArgs;
  readonly counter: readonly [string, FilterExpression] | undefined;
  readonly singular: Piece[];
  readonly plural: Piece[] | undefined;
  readonly trimmed: boolean;
  readonly asVar: string | undefined;

  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: DjangoParser) {
    super(token, remain, liquid);
    const bits = smartSplit(token.args);
    const name = token.name;
    const seen = new Set<string>();
    let extra: KeywordArgs = [];
    let counter: readonly [string, FilterExpression] | undefined;
    let trimmed = false;
    let asVar: string | undefined;
    while (bits.length) {
      const option = bits.shift() as string;
      if (seen.has(option))
        throw parser.wrap(`The '${option}' option was specified more than once.`, token);
      if (option === 'with') {
        extra = tokenKwargs(bits, parser, token, true);
        if (!extra.length)
          throw parser.wrap(`"with" in '${name}' tag needs at least one keyword argument.`, token);
      } else if (option === 'count') {
        const value = tokenKwargs(bits, parser, token, true);
        if (value.length !== 1)
          throw parser.wrap(
            `"count" in '${name}' tag expected exactly one keyword argument.`,
            token,
          );
        counter = value[0];
      } else if (option === 'context') {
        const value = bits.shift();
        if (value === undefined)
          throw parser.wrap(`"context" in '${name}' tag expected exactly one argument.`, token);
        parser.expression(value, token);
      } else if (option === 'trimmed') trimmed = true;
      else if (option === 'asvar') {
        asVar = bits.shift();
        if (asVar === undefined)
          throw parser.wrap(
            `No argument provided to the '${name}' tag for the asvar option.`,
            token,
          );
      } else throw parser.wrap(`Unknown argument for '${name}' tag: '${option}'.`, token);
      seen.add(option);
    }
    const end = `end${token.name}`;
    const body = (stops: string[]): [TopLevelToken[], string] => {
      const collected: TopLevelToken[] = [];
      for (;;) {
        const next = remain.shift();
        if (!next)
          throw parser.wrap(
            `Unclosed tag '${token.name}'. Looking for one of: ${stops.join(', ')}.`,
            token,
          );
        if (next instanceof TagToken) {
          if (stops.includes(next.name)) return [collected, next.name];
          throw parser.wrap(
            `'${token.name}' doesn't allow other block tags (seen '${next.name}') inside it`,
            next,
          );
        }
        collected.push(next);
      }
    };
    const [singular, stop] = body(counter ? ['plural', end] : [end]);
    this.singular = pieces(singular);
    this.plural = stop === 'plural' ? pieces(body([end])[0]) : undefined;
    if (counter && !this.plural)
      throw parser.wrap(`'${token.name}' with count needs a {% plural %} part`, token);
    this.extra = extra;
    this.counter = counter;
    this.trimmed = trimmed;
    this.asVar = asVar;
  }

  nodelists(): Node[][] {
    return [];
  }

  render(ctx: RenderContext, out: Emitter): void | Promise<void> {
    return andThen(resolveKeywordArgs(this.extra, ctx), (scope) => {
      ctx.pushScope({ ...(scope as Record<string, unknown>) });
      const popped = (): void => ctx.popScope();
      try {
        const vars: string[] = [];
        const singular = message(this.singular, vars, this.trimmed);
        if (!this.plural || !this.counter) return this.finish(ctx, out, singular, vars, popped);
        const [countVar, countExpression] = this.counter;
        return andThen(countExpression.resolve(ctx), (count) => {
          if (
            typeof count !== 'number' &&
            typeof count !== 'boolean' &&
            typeof count !== 'bigint'
          ) {
            popped();
            throw new TemplateSyntaxError(
              `'${countVar}' argument to '${this.token.name}' tag must be a number.`,
            );
          }
          ctx.set(countVar, count);
          const plural = message(this.plural as Piece[], vars, this.trimmed);
          // English (gettext's default): singular for exactly one
          return this.finish(ctx, out, Number(count) === 1 ? singular : plural, vars, popped);
        });
      } catch (error) {
        popped();
        throw error;
      }
    });
  }

  private finish(
    ctx: RenderContext,
    out: Emitter,
    msg: string,
    vars: readonly string[],
    popped: () => void,
  ): void | Promise<void> {
    const invalid = ctx.engine.stringIfInvalid;
    const values = vars.map((key) => {
      let value = ctx.lookupName(key);
      if (value === MISSING && key in PY_BUILTINS) value = PY_BUILTINS[key];
      if (value === MISSING) value = invalid.includes('%s') ? invalid.replace('%s', key) : invalid;
      return isThenable(value) ? Promise.resolve(value) : value;
    });
    popped();
    const write = (resolved: readonly unknown[]): void => {
      const text = msg.replace(/%%|%\((\d+)\)s/g, (all, index?: string) =>
        index === undefined ? '%' : renderValue(resolved[Number(index)], ctx),
      );
      if (this.asVar) ctx.set(this.asVar, text);
      else out.write(text);
    };
    if (values.some((v) => v instanceof Promise)) return Promise.all(values).then(write);
    write(values);
  }
}

/** A language for templates: Django's `get_language_info()` (`name_translated` is the name). */
export interface TemplateLanguageInfo extends LanguageInfo {
  readonly nameTranslated: string;
}

function entry(code: string): LanguageInfo | { readonly fallback: string } | undefined {
  return Object.hasOwn(LANG_INFO, code) ? LANG_INFO[code] : undefined;
}

/** Django's `translation.get_language_info`: by code, by fallback, or by the generic code. */
export function getLanguageInfo(code: string): TemplateLanguageInfo {
  let info = entry(code);
  if (info && 'fallback' in info) info = entry(info.fallback);
  if (!info) {
    if (!code.includes('-')) throw new Error(`Unknown language code ${code}.`);
    const generic = code.split('-')[0] as string;
    info = entry(generic);
    if (!info) throw new Error(`Unknown language code ${code} and ${generic}.`);
  }
  if ('fallback' in info) throw new Error(`Unknown language code ${code}.`);
  return { ...info, nameTranslated: info.name };
}

/** The `{% load i18n %}` filters on language codes. */
export const i18nFilters: FilterSpec[] = [
  filterSpec('language_name', (v) => getLanguageInfo(str(v)).name, { arg: 'none' }),
  filterSpec('language_name_translated', (v) => getLanguageInfo(str(v)).nameTranslated, {
    arg: 'none',
  }),
  filterSpec('language_name_local', (v) => getLanguageInfo(str(v)).nameLocal, { arg: 'none' }),
  filterSpec('language_bidi', (v) => getLanguageInfo(str(v)).bidi, { arg: 'none' }),
];

/** `{% get_current_language as var %}`, `get_current_language_bidi`, `get_available_languages`. */
export class LanguageInfoTag extends DjangoTag {
  readonly asVar: string;

  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: DjangoParser) {
    super(token, remain, liquid);
    const args = token.args.trim().split(/\s+/).filter(Boolean);
    if (args.length !== 2 || args[0] !== 'as')
      throw parser.wrap(
        `'${token.name}' requires 'as variable' (got ${JSON.stringify(args)})`,
        token,
      );
    this.asVar = args[1] as string;
  }

  render(ctx: RenderContext): void {
    const value =
      this.token.name === 'get_current_language'
        ? LANGUAGE_CODE
        : this.token.name === 'get_current_language_bidi'
          ? false
          : LANGUAGES.map(([code, name]) => [code, name]);
    ctx.set(this.asVar, value);
  }
}

/** `{% get_language_info for code as var %}` and `{% get_language_info_list for codes as var %}`. */
export class GetLanguageInfoTag extends DjangoTag {
  readonly codes: FilterExpression;
  readonly asVar: string;

  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: DjangoParser) {
    super(token, remain, liquid);
    const args = smartSplit(token.args);
    if (args.length !== 4 || args[0] !== 'for' || args[2] !== 'as') {
      const what = token.name === 'get_language_info' ? 'string' : 'sequence';
      throw parser.wrap(
        `'${token.name}' requires 'for ${what} as variable' (got ${JSON.stringify(args)})`,
        token,
      );
    }
    this.codes = parser.expression(args[1] as string, token);
    this.asVar = args[3] as string;
  }

  render(ctx: RenderContext): void | Promise<void> {
    return andThen(this.codes.resolve(ctx), (value) => {
      if (this.token.name === 'get_language_info') {
        ctx.set(this.asVar, getLanguageInfo(str(value)));
        return;
      }
      return andThen(toList(value), (list) => {
        const languages = list as readonly unknown[];
        // a code, or a sequence whose first item is the code (LANGUAGES' pairs)
        const info = languages.map((language: unknown) =>
          getLanguageInfo(
            Array.isArray(language) && String(language[0]).length > 1
              ? String(language[0])
              : str(language),
          ),
        );
        ctx.set(this.asVar, info);
      });
    });
  }
}

/** `{% language "code" %}…{% endlanguage %}`: renders its body (one language only). */
export class LanguageTag extends DjangoTag {
  readonly body: Node[];

  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: DjangoParser) {
    super(token, remain, liquid);
    if (smartSplit(token.args).length !== 1)
      throw parser.wrap(`'${token.name}' takes one argument (language)`, token);
    this.body = parser.parseUntil(remain, ['endlanguage'], token).nodes;
  }

  nodelists(): Node[][] {
    return [this.body];
  }

  render(ctx: RenderContext, out: Emitter): void | Promise<void> {
    return renderNodes(this.body, ctx, out);
  }
}
