import type { Emitter, Liquid, TagToken, TopLevelToken } from 'liquidjs';
import { SafeString } from '@stack/utils';
import type { RenderContext } from '../context.js';
import type { FilterExpression } from '../expression.js';
import { DjangoTag, renderNodes, renderToString, andThen, type Node } from '../nodes.js';
import type { DjangoParser } from '../parser.js';
import { smartSplit } from '../parse-expression.js';
import { pyStr } from '../py.js';
import { parseKeywordArgs, resolveKeywordArgs, type KeywordArgs } from './keyword-args.js';

/** `{% with a=b %}…{% endwith %}` (and the legacy `{% with b as a %}`). */
export class WithTag extends DjangoTag {
  readonly values: KeywordArgs;
  readonly body: Node[];

  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: DjangoParser) {
    super(token, remain, liquid);
    const bits = smartSplit(token.args);
    if (bits.length === 3 && bits[1] === 'as') {
      this.values = [[bits[2] as string, parser.expression(bits[0] as string, token)]];
    } else {
      this.values = bits.length ? parseKeywordArgs(bits, parser, token) : [];
    }
    if (!this.values.length)
      throw parser.wrap("'with' expected at least one variable assignment", token);
    this.body = parser.parseUntil(remain, ['endwith'], token).nodes;
  }

  nodelists(): Node[][] {
    return [this.body];
  }

  render(ctx: RenderContext, out: Emitter): void | Promise<void> {
    return andThen(resolveKeywordArgs(this.values, ctx), (values) => {
      ctx.pushScope(values as Record<string, unknown>);
      const pending = renderNodes(this.body, ctx, out);
      if (pending) return pending.then(() => ctx.popScope());
      ctx.popScope();
    });
  }
}

/** `{% autoescape on|off %}…{% endautoescape %}`. */
export class AutoescapeTag extends DjangoTag {
  readonly enabled: boolean;
  readonly body: Node[];

  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: DjangoParser) {
    super(token, remain, liquid);
    const arg = token.args.trim();
    if (arg !== 'on' && arg !== 'off')
      throw parser.wrap("'autoescape' argument should be 'on' or 'off'", token);
    this.enabled = arg === 'on';
    this.body = parser.parseUntil(remain, ['endautoescape'], token).nodes;
  }

  nodelists(): Node[][] {
    return [this.body];
  }

  render(ctx: RenderContext, out: Emitter): void | Promise<void> {
    const saved = ctx.autoescape;
    ctx.autoescape = this.enabled;
    const pending = renderNodes(this.body, ctx, out);
    if (pending) {
      return pending.then(
        () => {
          ctx.autoescape = saved;
        },
        (error: unknown) => {
          ctx.autoescape = saved;
          throw error;
        },
      );
    }
    ctx.autoescape = saved;
  }
}

/** `{% comment ["note"] %}…{% endcomment %}`: the body is skipped, not even parsed. */
export class CommentTag extends DjangoTag {
  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: DjangoParser) {
    super(token, remain, liquid);
    parser.skipPast(remain, 'endcomment', token);
  }

  render(): undefined {
    return undefined;
  }
}

/** `{% verbatim [name] %}…{% endverbatim [name] %}`: the lexer kept the body as text. */
export class VerbatimTag extends DjangoTag {
  readonly text: string;

  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: DjangoParser) {
    super(token, remain, liquid);
    let text = '';
    for (;;) {
      const next = remain.shift();
      if (!next)
        throw parser.wrap("Unclosed tag 'verbatim'. Looking for one of: endverbatim.", token);
      if (next.kind === 4 && (next as TagToken).name === 'endverbatim') break;
      text += next.getText();
    }
    this.text = text;
  }

  render(_ctx: RenderContext, out: Emitter): undefined {
    out.write(this.text);
  }
}

/** `{% spaceless %}`: removes whitespace between HTML tags. */
export class SpacelessTag extends DjangoTag {
  readonly body: Node[];

  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: DjangoParser) {
    super(token, remain, liquid);
    this.body = parser.parseUntil(remain, ['endspaceless'], token).nodes;
  }

  nodelists(): Node[][] {
    return [this.body];
  }

  render(ctx: RenderContext, out: Emitter): void | Promise<void> {
    return andThen(renderToString(this.body, ctx), (html) => {
      out.write(String(html).trim().replace(/>\s+</g, '><'));
    });
  }
}

/** `{% filter f|g %}…{% endfilter %}`: the body's output through filters. */
export class FilterTag extends DjangoTag {
  readonly expression: FilterExpression;
  readonly body: Node[];

  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: DjangoParser) {
    super(token, remain, liquid);
    this.expression = parser.expression(`var|${token.args}`, token);
    for (const { spec } of this.expression.filters) {
      if (spec.name === 'escape' || spec.name === 'safe') {
        throw parser.wrap(
          `"filter ${spec.name}" is not permitted.  Use the "autoescape" tag instead.`,
          token,
        );
      }
    }
    this.body = parser.parseUntil(remain, ['endfilter'], token).nodes;
  }

  nodelists(): Node[][] {
    return [this.body];
  }

  render(ctx: RenderContext, out: Emitter): void | Promise<void> {
    return andThen(renderToString(this.body, ctx), (output) => {
      ctx.pushScope({ var: output });
      const value = this.expression.resolve(ctx);
      ctx.popScope();
      return andThen(value, (v) => {
        // Django's FilterNode returns the filtered text as is: no second escaping.
        out.write(v instanceof SafeString ? v.value : pyStr(v));
      });
    });
  }
}
