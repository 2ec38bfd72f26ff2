import type { Emitter, Liquid, TagToken, TopLevelToken } from 'liquidjs';
import type { RenderContext } from '../context.js';
import { evaluate, parseCondition, type Condition } from '../if-expression.js';
import { isThenable } from '@stack/utils';
import { DjangoTag, renderNodes, type Node } from '../nodes.js';
import type { DjangoParser } from '../parser.js';
import { smartSplit } from '../parse-expression.js';
import { pyBool } from '../py.js';

/** `{% if %}` / `{% elif %}` / `{% else %}` / `{% endif %}` with Django's operators. */
export class IfTag extends DjangoTag {
  readonly branches: { condition: Condition | undefined; nodes: Node[] }[] = [];

  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: DjangoParser) {
    super(token, remain, liquid);
    let condition: Condition | undefined = this.condition(token, parser);
    for (;;) {
      const { nodes, end } = parser.parseUntil(remain, ['elif', 'else', 'endif'], token);
      this.branches.push({ condition, nodes });
      if (end.name === 'endif') break;
      if (end.name === 'elif') condition = this.condition(end, parser);
      else {
        const rest = parser.parseUntil(remain, ['endif'], token);
        this.branches.push({ condition: undefined, nodes: rest.nodes });
        break;
      }
    }
  }

  private condition(token: TagToken, parser: DjangoParser): Condition {
    try {
      return parseCondition(smartSplit(token.args), (source) => parser.expression(source, token));
    } catch (error) {
      throw parser.wrap(error, token);
    }
  }

  nodelists(): Node[][] {
    return this.branches.map((b) => b.nodes);
  }

  render(ctx: RenderContext, out: Emitter): void | Promise<void> {
    return this.renderFrom(0, ctx, out);
  }

  private renderFrom(index: number, ctx: RenderContext, out: Emitter): void | Promise<void> {
    const branches = this.branches;
    for (let i = index; i < branches.length; i++) {
      const branch = branches[i] as (typeof branches)[number];
      if (!branch.condition) return renderNodes(branch.nodes, ctx, out);
      const value = evaluate(branch.condition, ctx);
      if (isThenable(value)) {
        const next = i + 1;
        return Promise.resolve(value).then((v) =>
          pyBool(v) ? renderNodes(branch.nodes, ctx, out) : this.renderFrom(next, ctx, out),
        );
      }
      if (pyBool(value)) return renderNodes(branch.nodes, ctx, out);
    }
  }
}
