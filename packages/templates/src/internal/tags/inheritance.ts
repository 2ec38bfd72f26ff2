import type { Emitter, Liquid, TagToken, TopLevelToken } from 'liquidjs';
import { TemplateSyntaxError } from '../../errors.js';
import { BlockContext, type BlockLike } from '../block-context.js';
import type { RenderContext } from '../context.js';
import type { CompiledTemplate } from '../engine-core.js';
import type { FilterExpression } from '../expression.js';
import { isThenable, SafeString } from '@stack/utils';
import { DjangoTag, TextNode, renderNodes, renderToString, andThen, type Node } from '../nodes.js';
import type { DjangoParser } from '../parser.js';
import { smartSplit } from '../parse-expression.js';
import { parseKeywordArgs, resolveKeywordArgs, type KeywordArgs } from './keyword-args.js';
import { syntaxError } from '../location.js';

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
      if (!blocks?.getBlock(block.blockName)) return '';
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
    this.parent = parser.expression(bits[0] as string, token);
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
    const parent = templateFrom(name, ctx, this.token.file ?? '<string>');
    const chain = (ctx.renderState.get(ExtendsTag) as string[] | undefined) ?? [
      this.token.file ?? '<string>',
    ];
    if (chain.includes(parent.name)) {
      throw syntaxError(`extends loop: ${[...chain, parent.name].join(' -> ')}`, this.token);
    }
    ctx.renderState.set(ExtendsTag, [...chain, parent.name]);
    if (!ctx.blockContext) ctx.blockContext = new BlockContext();
    ctx.blockContext.addBlocks(this.blocks);
    const first = parent.nodes.find((node) => !(node instanceof TextNode));
    if (!(first instanceof ExtendsTag)) ctx.blockContext.addBlocks(collectBlocks(parent.nodes));
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

const MAX_INCLUDE_DEPTH = 64;

/** `{% include "name" [with a=b …] [only] %}`. */
export class IncludeTag extends DjangoTag {
  readonly template: FilterExpression;
  readonly extra: KeywordArgs;
  readonly only: boolean;

  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: DjangoParser) {
    super(token, remain, liquid);
    const bits = smartSplit(token.args);
    if (bits.length < 1) {
      throw parser.wrap(
        "'include' tag takes at least one argument: the name of the template to be included.",
        token,
      );
    }
    this.template = parser.expression(bits[0] as string, token);
    let rest = bits.slice(1);
    this.only = rest.includes('only');
    rest = rest.filter((bit) => bit !== 'only');
    if (rest[0] === 'with') {
      this.extra = parseKeywordArgs(rest.slice(1), parser, token);
      if (!this.extra.length)
        throw parser.wrap('"with" in \'include\' tag needs at least one keyword argument.', token);
    } else if (rest.length) {
      throw parser.wrap(`Unknown argument for 'include' tag: '${rest[0]}'.`, token);
    } else this.extra = [];
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
    const template = templateFrom(name, ctx, this.token.file ?? '<string>');
    const depth = (ctx.renderState.get(IncludeTag) as number | undefined) ?? 0;
    if (depth >= MAX_INCLUDE_DEPTH) {
      throw syntaxError(
        `include nested more than ${MAX_INCLUDE_DEPTH} deep (an include loop?): '${template.name}'`,
        this.token,
      );
    }
    const target = this.only ? ctx.isolated(values) : ctx;
    if (!this.only) ctx.pushScope(values);
    const savedBlocks = ctx.blockContext;
    const savedChain = ctx.renderState.get(ExtendsTag);
    target.blockContext = undefined;
    ctx.renderState.delete(ExtendsTag);
    ctx.renderState.set(IncludeTag, depth + 1);
    const finish = (): void => {
      if (!this.only) ctx.popScope();
      ctx.blockContext = savedBlocks;
      ctx.renderState.set(ExtendsTag, savedChain);
      ctx.renderState.set(IncludeTag, depth);
    };
    const pending = renderNodes(template.nodes, target, out);
    if (isThenable(pending)) return pending.then(finish);
    finish();
  }
}
