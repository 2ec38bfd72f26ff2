import type { Emitter, Liquid, TagToken, TopLevelToken } from 'liquidjs';
import { TemplateSyntaxError } from '../../errors.js';
import { BlockContext, type BlockLike } from '../block-context.js';
import type { RenderContext } from '../context.js';
import type { CompiledTemplate } from '../engine-core.js';
import type { FilterExpression } from '../expression.js';
import { isThenable, SafeString } from '@stack/utils';
import { MISSING } from '../lookup.js';
import { pyRepr } from '../py.js';
import { DjangoTag, TextNode, renderNodes, renderToString, andThen, type Node } from '../nodes.js';
import type { DjangoParser } from '../parser.js';
import { smartSplit } from '../parse-expression.js';
import { parseKeywordArgs, resolveKeywordArgs, type KeywordArgs } from './keyword-args.js';
import { syntaxError } from '../location.js';

const MAX_INCLUDE_DEPTH = 64;

/** Collects every `{% block %}` in a node list, nested ones included. */
export function collectBlocks(
  nodes: readonly Node[],
  into = new Map<string, BlockLike>(),
): Map<string, BlockLike> {
  for (const node of nodes) {
    if (node instanceof BlockTag) into.set(node.blockName, node);
    if (node.nodelists) for (const list of node.nodelists()) collectBlocks(list, into);
  }
  return into;
}

/** `{% block name %}…{% endblock [name] %}`. */
export class BlockTag extends DjangoTag implements BlockLike {
  readonly blockName: string;
  readonly body: Node[];

  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: DjangoParser) {
    super(token, remain, liquid);
    const bits = smartSplit(token.args);
    if (bits.length !== 1) throw parser.wrap("'block' tag takes only one argument", token);
    this.blockName = bits[0] as string;
    const seen = (parser.state.get('blocks') as Set<string> | undefined) ?? new Set<string>();
    parser.state.set('blocks', seen);
    if (seen.has(this.blockName)) {
      throw parser.wrap(`'block' tag with name '${this.blockName}' appears more than once`, token);
    }
    seen.add(this.blockName);
    const { nodes, end } = parser.parseUntil(remain, ['endblock'], token);
    const endName = end.args.trim();
    if (endName && endName !== this.blockName) {
      throw parser.wrap(
        `Invalid block tag: 'endblock ${endName}', expected 'endblock' or 'endblock ${this.blockName}'`,
        end,
      );
    }
    this.body = nodes;
  }

  nodelists(): Node[][] {
    return [this.body];
  }

  render(ctx: RenderContext, out: Emitter): void | Promise<void> {
    const blocks = ctx.blockContext;
    const popped = blocks?.pop(this.blockName);
    const block = popped ?? this;
    ctx.pushScope({ block: blockReference(block, ctx) });
    const finish = (): void => {
      ctx.popScope();
      if (popped && blocks) blocks.push(this.blockName, popped);
    };
    const pending = renderNodes(block.body, ctx, out);
    if (pending) return pending.then(finish);
    finish();
  }
}

// The `block` variable: `{{ block.super }}` renders the overridden parent block.
function blockReference(block: BlockLike, ctx: RenderContext): object {
  return {
    name: block.blockName,
    super(): SafeString | Promise<SafeString> | string {
      const blocks = ctx.blockContext;
      if (!blocks) {
        throw new TemplateSyntaxError(
          `'BlockNode' object has no attribute 'context'. Did you use {{ block.super }} in a base template?`,
        );
      }
      if (!blocks.getBlock(block.blockName)) return '';
      return renderToString([block], ctx);
    },
  };
}

/** `{% extends "base.html" %}`: renders the parent with this template's blocks. */
export class ExtendsTag extends DjangoTag {
  readonly parent: FilterExpression;
  readonly nodes: Node[];
  readonly blocks: Map<string, BlockLike>;

  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: DjangoParser) {
    super(token, remain, liquid);
    const bits = smartSplit(token.args);
    if (bits.length !== 1) throw parser.wrap("'extends' takes one argument", token);
    if (parser.state.get('extends')) {
      throw parser.wrap("'extends' cannot appear more than once in the same template", token);
    }
    if (parser.state.get('nonText')) {
      throw parser.wrap("'extends' must be the first tag in the template.", token);
    }
    parser.state.set('extends', true);
    this.parent = parser.expression(relativeName(parser.origin, bits[0] as string), token);
    this.nodes = parser.parseAll(remain);
    this.blocks = collectBlocks(this.nodes);
  }

  nodelists(): Node[][] {
    return [this.nodes];
  }

  render(ctx: RenderContext, out: Emitter): void | Promise<void> {
    return andThen(this.parent.resolve(ctx), (name) => this.renderParent(name, ctx, out));
  }

  private renderParent(name: unknown, ctx: RenderContext, out: Emitter): void | Promise<void> {
    if (name === MISSING || name === null || name === '' || name === undefined) {
      throw syntaxError(
        `Invalid template name in 'extends' tag: ${pyRepr(name === MISSING ? '' : name)}. Got this from the '${this.parent.source}' variable.`,
        this.token,
      );
    }
    const parent = templateFrom(name, ctx, this.token.file ?? '<string>');
    const chain = (ctx.renderState.get(ExtendsTag) as CompiledTemplate[] | undefined) ?? [];
    if (chain.includes(parent) || (parent.name !== '<string>' && parent.name === this.token.file)) {
      const names = [this.token.file ?? '<string>', ...chain.map((t) => t.name), parent.name];
      throw syntaxError(`extends loop: ${names.join(' -> ')}`, this.token);
    }
    ctx.renderState.set(ExtendsTag, [...chain, parent]);
    if (!ctx.blockContext) ctx.blockContext = new BlockContext();
    ctx.blockContext.addBlocks(this.blocks);
    const first = parent.nodes.find((node) => !(node instanceof TextNode));
    if (!(first instanceof ExtendsTag)) ctx.blockContext.addBlocks(collectBlocks(parent.nodes));
    ctx.engine.templateRendered(parent.name, ctx);
    return renderNodes(parent.nodes, ctx, out);
  }
}

/** A template given by name or as a compiled template object. */
function templateFrom(value: unknown, ctx: RenderContext, from: string): CompiledTemplate {
  if (value instanceof SafeString || typeof value === 'string')
    return ctx.engine.compiled(String(value));
  const compiled = (value as { compiled?: CompiledTemplate } | null)?.compiled;
  if (compiled && Array.isArray(compiled.nodes)) return compiled;
  throw new TemplateSyntaxError(`Invalid template name in ${from}: ${String(value)}`);
}

/**
 * Resolves `./name` and `../name` against the template the tag is in (Django's
 * `construct_relative_path`); other names, and variables, are returned as they are.
 */
export function relativeName(origin: string, name: string): string {
  const quote = /^(["']).*\1$/s.test(name) ? name.charAt(0) : '';
  const bare = quote ? name.slice(1, -1) : name;
  if (!bare.startsWith('./') && !bare.startsWith('../')) return name;
  // A template from a string has no name to be relative to: the name stays as it is (and the
  // loader refuses it).
  if (origin === '<string>') return name;
  const current = origin.replace(/^\/+/, '');
  const parts = current.split('/').slice(0, -1);
  for (const part of bare.split('/')) {
    if (part === '..') {
      if (!parts.length || parts[parts.length - 1] === '..') parts.push('..');
      else parts.pop();
    } else if (part !== '.' && part !== '') parts.push(part);
  }
  const resolved = parts.join('/');
  if (resolved.startsWith('../') || resolved === '..') {
    throw new TemplateSyntaxError(
      `The relative path '${name}' points outside the file hierarchy that template '${origin}' is in.`,
    );
  }
  if (resolved === current) {
    throw new TemplateSyntaxError(
      `The relative path '${name}' was translated to template name '${resolved}', the same template in which the tag appears.`,
    );
  }
  return quote ? `${quote}${resolved}${quote}` : resolved;
}

/** The template(s) `{% include %}` names: one name, a list tried in turn, or a template. */
function includedTemplate(value: unknown, ctx: RenderContext, origin: string): CompiledTemplate {
  if (value instanceof SafeString || typeof value === 'string') {
    const name = String(value);
    if (name) return ctx.engine.compiled(relativeName(origin, name));
  }
  const compiled = (value as { compiled?: CompiledTemplate } | null)?.compiled;
  if (compiled && Array.isArray(compiled.nodes)) return compiled;
  const names =
    value === null || value === undefined || value === MISSING || value === ''
      ? []
      : typeof value === 'object' && Symbol.iterator in value
        ? [...(value as Iterable<unknown>)].map(String)
        : [String(value)];
  return ctx.engine.selectCompiled(names);
}

const ROOT_SITE = {};
const sites = new WeakMap<object, WeakMap<object, object>>();

/** A stable identity for `token` reached through the include chain `parent`. */
function siteOf(parent: object | undefined, token: object): object {
  const from = parent ?? ROOT_SITE;
  let children = sites.get(from);
  if (!children) sites.set(from, (children = new WeakMap()));
  let site = children.get(token);
  if (!site) children.set(token, (site = {}));
  return site;
}

/**
 * Renders a template inside another (include, inclusion tags) with fresh per-template state, so
 * `ifchanged`, `cycle` and the extends chain do not leak between renders.
 */
export function renderNested(
  template: CompiledTemplate,
  target: RenderContext,
  out: Emitter,
  token: TagToken,
): void | Promise<void> {
  if (target.includeDepth >= MAX_INCLUDE_DEPTH) {
    throw syntaxError(
      `include nested more than ${MAX_INCLUDE_DEPTH} deep (an include loop?): '${template.name}'`,
      token,
    );
  }
  const saved = {
    blocks: target.blockContext,
    state: target.renderState,
    site: target.includeSite,
  };
  target.blockContext = undefined;
  target.renderState = new Map();
  target.includeDepth++;
  target.includeSite = siteOf(saved.site, token);
  const finish = (): void => {
    target.blockContext = saved.blocks;
    target.renderState = saved.state;
    target.includeSite = saved.site;
    target.includeDepth--;
  };
  target.engine.templateRendered(template.name, target);
  let pending: void | Promise<void>;
  try {
    pending = renderNodes(template.nodes, target, out);
  } catch (error) {
    finish();
    throw error;
  }
  if (isThenable(pending)) return pending.finally(finish);
  finish();
}

/** `{% include "name" [with a=b …] [only] %}`; the name may be a list, tried in turn. */
export class IncludeTag extends DjangoTag {
  readonly template: FilterExpression;
  readonly extra: KeywordArgs;
  readonly only: boolean;
  readonly origin: string;

  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: DjangoParser) {
    super(token, remain, liquid);
    const bits = smartSplit(token.args);
    if (bits.length < 1) {
      throw parser.wrap(
        "'include' tag takes at least one argument: the name of the template to be included.",
        token,
      );
    }
    this.origin = parser.origin;
    this.template = parser.expression(relativeName(parser.origin, bits[0] as string), token);
    const rest = bits.slice(1);
    const seen = new Set<string>();
    let extra: KeywordArgs = [];
    while (rest.length) {
      const option = rest.shift() as string;
      if (seen.has(option)) {
        throw parser.wrap(`The '${option}' option was specified more than once.`, token);
      }
      seen.add(option);
      if (option === 'with') {
        const kwargs: string[] = [];
        while (rest.length && /^\w+=/.test(rest[0] as string)) kwargs.push(rest.shift() as string);
        extra = parseKeywordArgs(kwargs, parser, token);
        if (!extra.length) {
          throw parser.wrap(
            '"with" in \'include\' tag needs at least one keyword argument.',
            token,
          );
        }
      } else if (option !== 'only') {
        throw parser.wrap(`Unknown argument for 'include' tag: '${option}'.`, token);
      }
    }
    this.extra = extra;
    this.only = seen.has('only');
  }

  render(ctx: RenderContext, out: Emitter): void | Promise<void> {
    return andThen(this.template.resolve(ctx), (name) =>
      andThen(resolveKeywordArgs(this.extra, ctx), (values) =>
        this.renderTemplate(name, values as Record<string, unknown>, ctx, out),
      ),
    );
  }

  private renderTemplate(
    name: unknown,
    values: Record<string, unknown>,
    ctx: RenderContext,
    out: Emitter,
  ): void | Promise<void> {
    const template = includedTemplate(name, ctx, this.origin);
    if (this.only) return renderNested(template, ctx.isolated(values), out, this.token);
    ctx.pushScope(values);
    const pending = renderNested(template, ctx, out, this.token);
    if (isThenable(pending)) return pending.finally(() => ctx.popScope());
    ctx.popScope();
  }
}
