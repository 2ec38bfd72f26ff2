import type { Emitter, Liquid, TagToken, TopLevelToken } from 'liquidjs';
import type { RenderContext } from './internal/context.js';
import type { FilterExpression } from './internal/expression.js';
import { filterSpec, type FilterSpec } from './internal/filter-spec.js';
import type { LibraryContents } from './internal/library-contents.js';
import { isThenable } from '@stack/utils';
import { DjangoTag, renderValue, andThen } from './internal/nodes.js';
import type { DjangoParser, DjangoTagClass } from './internal/parser.js';
import { smartSplit } from './internal/parse-expression.js';
import { emit, splitAs } from './internal/tags/helpers.js';
import { renderNested } from './internal/tags/inheritance.js';
import { templateContext } from './template-context.js';
import { compiledTag, type CompileFunction } from './compile-tag.js';
import { arrange, checkCall, parseSignature, type TagSignature } from './internal/tag-signature.js';

/**
 * Options of a custom filter (Django's `@register.filter(is_safe=…, needs_autoescape=…)`).
 *
 * @example
 * ```ts
 * library.filter('shout', (v: string) => `${v}!`, { isSafe: true, arg: 'none' });
 * ```
 */
export interface FilterOptions {
  /** A safe input stays safe when the filter returns a string. */
  readonly isSafe?: boolean;
  /** Pass `{ autoescape }` as the last argument, so the filter can escape its own input. */
  readonly needsAutoescape?: boolean;
  /** Whether the filter takes an argument; by default, required when the function declares two parameters. */
  readonly arg?: 'required' | 'optional' | 'none';
}

/**
 * Options of `simpleTag` and `inclusionTag`.
 *
 * @example
 * ```ts
 * library.simpleTag('whoami', (context: TemplateContext) => context.get('user'), { takesContext: true });
 * ```
 */
export interface TagOptions {
  /** Pass the template context as the first argument. */
  readonly takesContext?: boolean;
  /** The tag name, when it differs from the registered name. */
  readonly name?: string;
  /**
   * The function's parameters, Python-style, so calls are checked when the template compiles
   * (Django reads them from the signature): `'one'`, `'two='` (has a default), `'*args'`, `'*'`,
   * keyword-only names after it, `'**kwargs'`; first `'context'` with `takesContext`. With it,
   * the function receives the declared parameters in order (keyword arguments moved to their
   * place), the extra positional values, then an object of the other keyword arguments.
   */
  readonly params?: readonly string[];
}

/**
 * A custom filter: the value and its argument (Django's `value|name:arg`).
 *
 * @example
 * ```ts
 * const cut: CustomFilter = (value: string, arg: string) => String(value).split(arg).join('');
 * ```
 */
export type CustomFilter = (value: any, arg?: any, options?: { autoescape: boolean }) => unknown;

/**
 * A simple or inclusion tag function: positional arguments, then keyword arguments.
 *
 * @example
 * ```ts
 * const greet: TagFunction = (name: string, kwargs: { punctuation?: string }) => `Hi ${name}${kwargs.punctuation ?? '.'}`;
 * ```
 */
export type TagFunction = (...args: any[]) => unknown;

interface ParsedCall {
  readonly args: readonly FilterExpression[];
  readonly kwargs: readonly (readonly [string, FilterExpression])[];
  readonly asVar: string | undefined;
  readonly signature: TagSignature | undefined;
}

function parseCall(
  token: TagToken,
  parser: DjangoParser,
  allowAs: boolean,
  signature: TagSignature | undefined,
): ParsedCall {
  const split = smartSplit(token.args);
  const [bits, asVar] = allowAs ? splitAs(split) : [split, undefined];
  const args: FilterExpression[] = [];
  const kwargs: [string, FilterExpression][] = [];
  for (const bit of bits) {
    const m = /^(\w+)=(.+)$/s.exec(bit);
    if (m) {
      if (signature && kwargs.some(([k]) => k === m[1])) {
        throw parser.wrap(
          `'${token.name}' received multiple values for keyword argument '${m[1] as string}'`,
          token,
        );
      }
      kwargs.push([m[1] as string, parser.expression(m[2] as string, token)]);
    } else if (kwargs.length)
      throw parser.wrap(
        `'${token.name}' received some positional argument(s) after some keyword argument(s)`,
        token,
      );
    else args.push(parser.expression(bit, token));
  }
  if (signature) {
    const problem = checkCall(
      token.name,
      signature,
      args.length,
      kwargs.map(([k]) => k),
    );
    if (problem) throw parser.wrap(problem, token);
  }
  return { args, kwargs, asVar, signature };
}

function callTag(
  fn: TagFunction,
  call: ParsedCall,
  ctx: RenderContext,
  takesContext: boolean,
): unknown {
  const args = call.args.map((a) => a.resolve(ctx));
  const kwValues = call.kwargs.map(([, e]) => e.resolve(ctx));
  const invoke = (values: unknown[], kw: unknown[]): unknown => {
    const kwargs: Record<string, unknown> = {};
    call.kwargs.forEach(([name], i) => (kwargs[name] = kw[i]));
    const laid = call.signature ? arrange(call.signature, values, kwargs) : [...values, kwargs];
    return takesContext ? fn(templateContext(ctx), ...laid) : fn(...laid);
  };
  if (args.some(isThenable) || kwValues.some(isThenable)) {
    return Promise.all([Promise.all(args), Promise.all(kwValues)]).then(([a, k]) => invoke(a, k));
  }
  return invoke(args, kwValues);
}

type WriteResult = (
  ctx: RenderContext,
  out: Emitter,
  value: unknown,
  call: ParsedCall,
  token: TagToken,
) => void | Promise<void>;

/** A tag class that parses a call at compile time, calls `fn` at render time and writes its result. */
function functionTag(
  fn: TagFunction,
  options: TagOptions,
  allowAs: boolean,
  write: WriteResult,
): DjangoTagClass {
  const takesContext = options.takesContext ?? false;
  const signature = options.params ? parseSignature(options.params, takesContext) : undefined;
  return class FunctionTag extends DjangoTag {
    readonly call: ParsedCall;
    constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: DjangoParser) {
      super(token, remain, liquid);
      this.call = parseCall(token, parser, allowAs, signature);
    }

    render(ctx: RenderContext, out: Emitter): void | Promise<void> {
      return andThen(callTag(fn, this.call, ctx, takesContext), (value) =>
        write(ctx, out, value, this.call, this.token),
      );
    }
  };
}

/**
 * A library of custom filters and tags (Django's `template.Library`), made available to a
 * template by `{% load name %}` once passed to the engine as `libraries: { name: library }`.
 *
 * @example
 * ```ts
 * const shop = new Library();
 * shop.filter('currency', (value: number, code = 'EUR') => `${value.toFixed(2)} ${code}`);
 * shop.simpleTag('greet', (name: string) => `Hello, ${name}`);
 * const engine = new Engine({ libraries: { shop } });
 * await engine.fromString('{% load shop %}{{ 3|currency }} {% greet "Ann" %}').render({});
 * ```
 */
export class Library implements LibraryContents {
  /** @internal */
  readonly tags = new Map<string, DjangoTagClass>();
  /** @internal */
  readonly filters = new Map<string, FilterSpec>();

  /** Registers a filter. */
  filter(name: string, fn: CustomFilter, options: FilterOptions = {}): this {
    const declared = options.needsAutoescape ? fn.length - 1 : fn.length;
    const arg = options.arg ?? (declared >= 2 ? 'required' : 'optional');
    const call = options.needsAutoescape
      ? (value: unknown, a: unknown, autoescape: boolean) =>
          fn(value, a ?? undefined, { autoescape })
      : (value: unknown, a: unknown) => (a === undefined ? fn(value) : fn(value, a));
    this.filters.set(name, filterSpec(name, call, { isSafe: options.isSafe ?? false, arg }));
    return this;
  }

  /**
   * Registers a tag from a compile function (Django's `@register.tag`): at compile time it
   * receives the parser and the tag's token and returns a node, whose `render(context)` result
   * is written as is (not escaped). The parser reads the tag's body: `parser.parse(['endx'])`,
   * `parser.deleteFirstToken()`, `parser.compileFilter('var|upper')`.
   *
   * @example
   * ```ts
   * library.tag('upper', (parser, token) => {
   *   const body = parser.parse(['endupper']);
   *   parser.deleteFirstToken();
   *   return { render: async (context) => String(await body.render(context)).toUpperCase() };
   * });
   * ```
   */
  tag(name: string, compile: CompileFunction): this {
    return this.tagClass(name, compiledTag(compile));
  }

  /**
   * Registers a tag class (liquidjs's custom tag protocol, with Django's parser): the
   * low-level hook behind `tag`, `simpleTag` and `inclusionTag`.
   * @internal
   */
  tagClass(name: string, tag: DjangoTagClass): this {
    this.tags.set(name, tag);
    return this;
  }

  /**
   * Registers `{% name arg1 kw=v [as var] %}`: the function's result is escaped and written,
   * or stored in `var`. The function receives the positional arguments, then an object of
   * keyword arguments (and the context first with `takesContext`); it may return a promise.
   */
  simpleTag(name: string, fn: TagFunction, options: TagOptions = {}): this {
    return this.tagClass(
      options.name ?? name,
      functionTag(fn, options, true, (ctx, out, value, call) => {
        if (call.asVar) emit(ctx, out, value, call.asVar);
        else out.write(renderValue(value, ctx));
      }),
    );
  }

  /**
   * Registers `{% name args %}` rendering `templateName` with the object the function returns
   * (Django's `inclusion_tag`); `csrf_token` is carried over, as in Django.
   */
  inclusionTag(
    name: string,
    templateName: string,
    fn: TagFunction,
    options: TagOptions = {},
  ): this {
    return this.tagClass(
      options.name ?? name,
      functionTag(fn, options, false, (ctx, out, values, _call, token) => {
        const scope: Record<string, unknown> = { ...(values as Record<string, unknown>) };
        const csrf = ctx.lookupName('csrf_token');
        if (typeof csrf !== 'symbol' && csrf !== null) scope['csrf_token'] = csrf;
        const template = ctx.engine.compiled(templateName);
        return renderNested(template, ctx.isolated(scope), out, token);
      }),
    );
  }
}
