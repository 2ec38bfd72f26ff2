import type { Emitter, Liquid, TagToken, TopLevelToken } from 'liquidjs';
import type { RenderContext } from '../context.js';
import type { FilterExpression } from '../expression.js';
import { toList, unpack } from '../iterate.js';
import { MISSING, type NameReader, internalize, nameReaderFor } from '../lookup.js';
import { isThenable } from '@stack/utils';
import {
  DjangoTag,
  nodeListRunner,
  renderNodes,
  type Node,
  type NodeListRunner,
} from '../nodes.js';
import type { DjangoParser } from '../parser.js';
import { smartSplit } from '../parse-expression.js';

/** Django's `forloop` variable. */
interface ForLoop {
  counter: number;
  counter0: number;
  revcounter: number;
  revcounter0: number;
  first: boolean;
  last: boolean;
  parentloop: unknown;
}

/** `{% for x in list [reversed] %}…{% empty %}…{% endfor %}`, with unpacking and `forloop`. */
export class ForTag extends DjangoTag {
  readonly loopVars: readonly string[];
  readonly sequence: FilterExpression;
  readonly reversed: boolean;
  readonly body: Node[];
  readonly empty: Node[] = [];
  /** The body's runner, made on the first iteration (see `nodeListRunner`). */
  private runBody: NodeListRunner | undefined = undefined;
  /**
   * This loop's reader of an enclosing `forloop` (see `nameReaderFor`; `lookupName` calls
   * hasOwnProperty on each scope: issue 21, 0.15k instructions per loop on the fortunes page).
   */
  private parentLoop: NameReader | undefined = undefined;

  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: DjangoParser) {
    super(token, remain, liquid);
    const bits = ['for', ...smartSplit(token.args)];
    if (bits.length < 4) {
      throw parser.wrap(
        `'for' statements should have at least four words: for ${token.args}`,
        token,
      );
    }
    this.reversed = bits[bits.length - 1] === 'reversed';
    const inIndex = this.reversed ? bits.length - 3 : bits.length - 2;
    if (bits[inIndex] !== 'in') {
      throw parser.wrap(
        `'for' statements should use the format 'for x in y': for ${token.args}`,
        token,
      );
    }
    this.loopVars = bits.slice(1, inIndex).join(' ').split(/ *, */).map(internalize);
    for (const name of this.loopVars) {
      if (!name || /[ '|"]/.test(name)) {
        throw parser.wrap(`'for' tag received an invalid argument: for ${token.args}`, token);
      }
    }
    this.sequence = parser.expression(bits[inIndex + 1] as string, token);
    const { nodes, end } = parser.parseUntil(remain, ['empty', 'endfor'], token);
    this.body = nodes;
    if (end.name === 'empty') this.empty = parser.parseUntil(remain, ['endfor'], token).nodes;
  }

  nodelists(): Node[][] {
    return [this.body, this.empty];
  }

  render(ctx: RenderContext, out: Emitter): void | Promise<void> {
    const value = this.sequence.resolve(ctx, true);
    if (isThenable(value)) return Promise.resolve(value).then((v) => this.renderList(v, ctx, out));
    return this.renderList(value, ctx, out);
  }

  private renderList(value: unknown, ctx: RenderContext, out: Emitter): void | Promise<void> {
    const list = toList(value);
    if (isThenable(list)) return list.then((items) => this.loop(items, ctx, out));
    return this.loop(list, ctx, out);
  }

  private loop(list: readonly unknown[], ctx: RenderContext, out: Emitter): void | Promise<void> {
    if (list.length === 0) return renderNodes(this.empty, ctx, out);
    const items = this.reversed ? [...list].reverse() : list;
    const parent = (this.parentLoop ??= nameReaderFor('forloop'))(ctx.dicts);
    const forloop: ForLoop = {
      counter: 0,
      counter0: 0,
      revcounter: 0,
      revcounter0: 0,
      first: false,
      last: false,
      parentloop: parent === MISSING ? {} : parent,
    };
    const scope: Record<string, unknown> = { forloop };
    ctx.pushScope(scope);
    return this.iterate(items, 0, forloop, scope, ctx, out);
  }

  /**
   * The iterations from `from` on; a method, not a closure made per render (issue 21: naming a
   * closure per render was measurable), so only an async body allocates a continuation.
   */
  private iterate(
    items: readonly unknown[],
    from: number,
    forloop: ForLoop,
    scope: Record<string, unknown>,
    ctx: RenderContext,
    out: Emitter,
  ): void | Promise<void> {
    const vars = this.loopVars;
    const single = vars.length === 1 ? (vars[0] as string) : undefined;
    const body = (this.runBody ??= nodeListRunner(this.body));
    const length = items.length;
    for (let i = from; i < length; i++) {
      forloop.counter0 = i;
      forloop.counter = i + 1;
      forloop.revcounter = length - i;
      forloop.revcounter0 = length - i - 1;
      forloop.first = i === 0;
      forloop.last = i === length - 1;
      const item = items[i];
      if (single !== undefined) scope[single] = item;
      else {
        const values = unpack(item, vars.length);
        for (let j = 0; j < vars.length; j++) scope[vars[j] as string] = values[j];
      }
      const pending = body(ctx, out);
      if (pending) {
        const next = i + 1;
        return pending.then(() => this.iterate(items, next, forloop, scope, ctx, out));
      }
    }
    ctx.popScope();
  }
}
