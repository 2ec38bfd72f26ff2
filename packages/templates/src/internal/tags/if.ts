import type { Emitter, Liquid, TagToken, TopLevelToken } from 'liquidjs';
import type { TemplateSyntaxError } from '../../errors.js';
import type { RenderContext } from '../context.js';
import { lineOf } from '../location.js';
import { evaluate, parseCondition, type Condition } from '../if-expression.js';
import { isThenable } from '@stack/utils';
import { DjangoTag, renderNodes, type Node } from '../nodes.js';
import type { DjangoParser } from '../parser.js';
import { smartSplit } from '../parse-expression.js';
import type { FilterExpression } from '../expression.js';
import { pyBool, pyEquals } from '../py.js';

/** `{% if %}` / `{% elif %}` / `{% else %}` / `{% endif %}` with Django's operators. */
export class IfTag extends DjangoTag {
  readonly branches: { condition: Condition | undefined; nodes: Node[] }[] = [];

  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: DjangoParser) {
    super(token, remain, liquid);
    let condition: Condition | undefined = this.condition(token, parser);
    const malformed = (end: TagToken): TemplateSyntaxError =>
      parser.wrap(`Malformed template tag at line ${lineOf(end)}: "${end.content.trim()}"`, end);
    for (;;) {
      const { nodes, end } = parser.parseUntil(remain, ['elif', 'else', 'endif'], token);
      this.branches.push({ condition, nodes });
      if (end.name !== 'elif' && end.args.trim()) throw malformed(end);
      if (end.name === 'endif') break;
      if (end.name === 'elif') condition = this.condition(end, parser);
      else {
        const rest = parser.parseUntil(remain, ['endif'], token);
        if (rest.end.args.trim()) throw malformed(rest.end);
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

/**
 * `{% ifequal a b %}…{% else %}…{% endifequal %}` and `ifnotequal`: deprecated since Django 3.1
 * and removed in 4.0, still in 3.2 (prefer `{% if a == b %}`).
 */
export class IfEqualTag extends DjangoTag {
  readonly left: FilterExpression;
  readonly right: FilterExpression;
  readonly whenEqual: Node[];
  readonly otherwise: Node[];
  readonly negate: boolean;

  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: DjangoParser) {
    super(token, remain, liquid);
    const bits = smartSplit(token.args);
    if (bits.length !== 2) throw parser.wrap(`'${token.name}' takes two arguments`, token);
    this.negate = token.name === 'ifnotequal';
    this.left = parser.expression(bits[0] as string, token);
    this.right = parser.expression(bits[1] as string, token);
    const end = `end${token.name}`;
    const first = parser.parseUntil(remain, ['else', end], token);
    this.whenEqual = first.nodes;
    this.otherwise = first.end.name === 'else' ? parser.parseUntil(remain, [end], token).nodes : [];
  }

  nodelists(): Node[][] {
    return [this.whenEqual, this.otherwise];
  }

  render(ctx: RenderContext, out: Emitter): void | Promise<void> {
    const left = this.left.resolve(ctx, true);
    const right = this.right.resolve(ctx, true);
    const decide = (a: unknown, b: unknown): void | Promise<void> =>
      renderNodes(pyEquals(a, b) !== this.negate ? this.whenEqual : this.otherwise, ctx, out);
    if (isThenable(left) || isThenable(right)) {
      return Promise.all([left, right]).then(([a, b]) => decide(a, b));
    }
    return decide(left, right);
  }
}
