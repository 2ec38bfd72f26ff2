import type { Emitter, Liquid, TagToken, TopLevelToken } from 'liquidjs';
import { TemplateSyntaxError } from '../../errors.js';
import { SafeString, escape, isThenable } from '@stack/utils';
import type { RenderContext } from '../context.js';
import { formatDate } from '../dateformat.js';
import type { FilterExpression } from '../expression.js';
import { MISSING } from '../lookup.js';
import { loremParagraphs, loremWords } from '../lorem.js';
import { DjangoTag, renderNodes, renderToString, andThen, type Node } from '../nodes.js';
import type { DjangoParser } from '../parser.js';
import { smartSplit } from '../parse-expression.js';
import { pyBool, pyEquals, pyStr } from '../py.js';
import { emit, splitAs } from './helpers.js';

function resolveAll(
  expressions: readonly FilterExpression[],
  ctx: RenderContext,
  ignoreFailures = false,
): unknown[] | Promise<unknown[]> {
  const values = expressions.map((e) => e.resolve(ctx, ignoreFailures));
  return values.some(isThenable) ? Promise.all(values) : values;
}

/** `{% cycle a b c [as name [silent]] %}` and `{% cycle name %}`. */
export class CycleTag extends DjangoTag {
  readonly values: FilterExpression[] = [];
  readonly asVar: string | undefined;
  readonly silent: boolean = false;
  readonly named: CycleTag | undefined;

  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: DjangoParser) {
    super(token, remain, liquid);
    let bits = smartSplit(token.args);
    if (!bits.length) throw parser.wrap("'cycle' tag requires at least two arguments", token);
    const cycles =
      (parser.state.get('cycles') as Map<string, CycleTag> | undefined) ??
      new Map<string, CycleTag>();
    parser.state.set('cycles', cycles);
    if (bits.length === 1) {
      const named = cycles.get(bits[0] as string);
      if (!named)
        throw parser.wrap(`No named cycles in template. '${bits[0]}' is not defined`, token);
      this.named = named;
      return;
    }
    if (bits.length > 3 && bits[bits.length - 3] === 'as') {
      if (bits[bits.length - 1] !== 'silent') {
        throw parser.wrap(
          `Only 'silent' flag is allowed after cycle's name, not '${bits[bits.length - 1]}'.`,
          token,
        );
      }
      this.silent = true;
      bits = bits.slice(0, -1);
    }
    const [values, asVar] = bits.length > 3 ? splitAs(bits) : [bits, undefined];
    this.asVar = asVar;
    this.values = values.map((v) => parser.expression(v, token));
    if (asVar) cycles.set(asVar, this);
    parser.state.set('lastCycle', this);
  }

  render(ctx: RenderContext, out: Emitter): void | Promise<void> {
    const cycle = this.named ?? this;
    const index = (ctx.renderState.get(cycle) as number | undefined) ?? 0;
    ctx.renderState.set(cycle, (index + 1) % cycle.values.length);
    return andThen((cycle.values[index] as FilterExpression).resolve(ctx), (value) => {
      if (cycle.asVar) ctx.setUpward(cycle.asVar, value);
      if (!cycle.silent) emit(ctx, out, value, undefined);
    });
  }
}

/** `{% resetcycle [name] %}`. */
export class ResetCycleTag extends DjangoTag {
  readonly target: CycleTag | undefined;

  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: DjangoParser) {
    super(token, remain, liquid);
    const name = token.args.trim();
    const cycles = parser.state.get('cycles') as Map<string, CycleTag> | undefined;
    this.target = name
      ? cycles?.get(name)
      : (parser.state.get('lastCycle') as CycleTag | undefined);
    if (!this.target) {
      throw parser.wrap(
        name ? `Named cycle '${name}' does not exist.` : 'No cycles in template.',
        token,
      );
    }
  }

  render(ctx: RenderContext): undefined {
    ctx.renderState.delete(this.target);
  }
}

/** `{% firstof a b "fallback" [as var] %}`. */
export class FirstOfTag extends DjangoTag {
  readonly values: FilterExpression[];
  readonly asVar: string | undefined;

  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: DjangoParser) {
    super(token, remain, liquid);
    const [bits, asVar] = splitAs(smartSplit(token.args));
    if (!bits.length)
      throw parser.wrap("'firstof' statement requires at least one argument", token);
    this.values = bits.map((b) => parser.expression(b, token));
    this.asVar = asVar;
  }

  render(ctx: RenderContext, out: Emitter): void | Promise<void> {
    return andThen(resolveAll(this.values, ctx, true), (values) => {
      const first = (values as unknown[]).find(pyBool) ?? '';
      emit(ctx, out, first, this.asVar);
    });
  }
}

/** `{% now "format" [as var] %}`. */
export class NowTag extends DjangoTag {
  readonly format: string;
  readonly asVar: string | undefined;

  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: DjangoParser) {
    super(token, remain, liquid);
    const [bits, asVar] = splitAs(smartSplit(token.args));
    const format = bits[0];
    if (bits.length !== 1 || !format || !/^(["']).*\1$/s.test(format)) {
      throw parser.wrap("'now' statement takes one argument", token);
    }
    this.format = format.slice(1, -1);
    this.asVar = asVar;
  }

  render(ctx: RenderContext, out: Emitter): void {
    const formatted = formatDate(ctx.engine.now(), this.format, ctx.timeZone);
    // As Django: the date format's output is written as is, not escaped.
    if (this.asVar) ctx.set(this.asVar, formatted);
    else out.write(formatted);
  }
}

const TEMPLATE_TAGS: Record<string, string> = {
  openblock: '{%',
  closeblock: '%}',
  openvariable: '{{',
  closevariable: '}}',
  openbrace: '{',
  closebrace: '}',
  opencomment: '{#',
  closecomment: '#}',
};

/** `{% templatetag openblock %}`. */
export class TemplateTagTag extends DjangoTag {
  readonly text: string;

  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: DjangoParser) {
    super(token, remain, liquid);
    const bits = smartSplit(token.args);
    const text =
      bits.length === 1 && Object.hasOwn(TEMPLATE_TAGS, bits[0] as string)
        ? TEMPLATE_TAGS[bits[0] as string]
        : undefined;
    if (text === undefined) {
      throw parser.wrap(
        `Invalid templatetag argument: '${token.args}'. Must be one of: ${Object.keys(TEMPLATE_TAGS).join(', ')}`,
        token,
      );
    }
    this.text = text;
  }

  render(_ctx: RenderContext, out: Emitter): undefined {
    out.write(this.text);
  }
}

/** Python's round(): halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** `{% widthratio value max width [as var] %}`. */
export class WidthRatioTag extends DjangoTag {
  readonly values: FilterExpression[];
  readonly asVar: string | undefined;

  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: DjangoParser) {
    super(token, remain, liquid);
    const [bits, asVar] = splitAs(smartSplit(token.args));
    if (bits.length !== 3) throw parser.wrap('widthratio takes at least three arguments', token);
    this.values = bits.map((b) => parser.expression(b, token));
    this.asVar = asVar;
  }

  render(ctx: RenderContext, out: Emitter): void | Promise<void> {
    return andThen(resolveAll(this.values, ctx), (resolved) => {
      const [value, max, width] = (resolved as unknown[]).map((v) =>
        v instanceof SafeString ? v.value : v,
      );
      const maxWidth = Number(width);
      if (!Number.isInteger(maxWidth) || width === '' || width === null) {
        throw new TemplateSyntaxError('widthratio final argument must be a number');
      }
      const v = Number(value);
      const m = Number(max);
      let result: string;
      if (
        value === '' ||
        value === null ||
        max === '' ||
        max === null ||
        Number.isNaN(v) ||
        Number.isNaN(m)
      )
        result = '';
      else if (m === 0) result = '0';
      else {
        const ratio = (v / m) * maxWidth;
        result = Number.isFinite(ratio) ? String(roundHalfEven(ratio)) : '';
      }
      emit(ctx, out, result, this.asVar);
    });
  }
}

/** One group of `{% regroup %}`: `grouper` and `list`, unpackable as a pair. */
class GroupedResult {
  constructor(
    readonly grouper: unknown,
    readonly list: unknown[],
  ) {}

  *[Symbol.iterator](): Iterator<unknown> {
    yield this.grouper;
    yield this.list;
  }
}

/** `{% regroup list by attr as name %}`. */
export class RegroupTag extends DjangoTag {
  readonly target: FilterExpression;
  readonly key: FilterExpression;
  readonly asVar: string;

  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: DjangoParser) {
    super(token, remain, liquid);
    const bits = smartSplit(token.args);
    if (bits.length !== 5) throw parser.wrap("'regroup' tag takes five arguments", token);
    if (bits[1] !== 'by') throw parser.wrap("second argument to 'regroup' tag must be 'by'", token);
    if (bits[3] !== 'as')
      throw parser.wrap("next-to-last argument to 'regroup' tag must be 'as'", token);
    this.target = parser.expression(bits[0] as string, token);
    this.key = parser.expression(`item.${bits[2] as string}`, token);
    this.asVar = bits[4] as string;
  }

  render(ctx: RenderContext): void | Promise<void> {
    return andThen(this.target.resolve(ctx, true), (list) => {
      if (list === null || list === MISSING || !list || typeof list !== 'object') {
        ctx.set(this.asVar, []);
        return;
      }
      const items = [...(list as Iterable<unknown>)];
      const keys = items.map((item) => {
        ctx.pushScope({ item });
        const key = this.key.resolve(ctx, true);
        ctx.popScope();
        return key;
      });
      return andThen(keys.some(isThenable) ? Promise.all(keys) : keys, (resolved) => {
        const groups: GroupedResult[] = [];
        (resolved as unknown[]).forEach((key, i) => {
          const last = groups[groups.length - 1];
          if (last && pyEquals(last.grouper, key)) last.list.push(items[i]);
          else groups.push(new GroupedResult(key, [items[i]]));
        });
        ctx.set(this.asVar, groups);
      });
    });
  }
}

/** `{% ifchanged [vars] %}…{% else %}…{% endifchanged %}`. */
export class IfChangedTag extends DjangoTag {
  readonly values: FilterExpression[];
  readonly body: Node[];
  readonly otherwise: Node[] = [];

  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: DjangoParser) {
    super(token, remain, liquid);
    this.values = smartSplit(token.args).map((b) => parser.expression(b, token));
    const { nodes, end } = parser.parseUntil(remain, ['else', 'endifchanged'], token);
    this.body = nodes;
    if (end.name === 'else')
      this.otherwise = parser.parseUntil(remain, ['endifchanged'], token).nodes;
  }

  nodelists(): Node[][] {
    return [this.body, this.otherwise];
  }

  // State lives on the enclosing forloop, so it resets each time the loop starts.
  private stateOf(ctx: RenderContext): Map<unknown, unknown> {
    const forloop = ctx.lookupName('forloop');
    const holder = (
      forloop !== MISSING && forloop && typeof forloop === 'object' ? forloop : ctx.renderState
    ) as object;
    let sites = ifChangedState.get(holder);
    if (!sites) ifChangedState.set(holder, (sites = new Map()));
    // Each include site keeps its own state, as each Django IncludeNode compiles its own copy.
    const site = ctx.includeSite ?? holder;
    let state = sites.get(site);
    if (!state) sites.set(site, (state = new Map()));
    return state;
  }

  render(ctx: RenderContext, out: Emitter): void | Promise<void> {
    const state = this.stateOf(ctx);
    const compare = this.values.length
      ? resolveAll(this.values, ctx, true)
      : renderToString(this.body, ctx);
    return andThen(compare, (current) => {
      // Django compares the list of values with Python's ==, the rendered body as text.
      const key = this.values.length ? current : String(current);
      if (state.has(this) && pyEquals(state.get(this), key))
        return renderNodes(this.otherwise, ctx, out);
      state.set(this, key);
      if (this.values.length) return renderNodes(this.body, ctx, out);
      out.write(String(current));
    });
  }
}
const ifChangedState = new WeakMap<object, Map<object, Map<unknown, unknown>>>();

/** `{% lorem [count] [w|p|b] [random] %}`. */
export class LoremTag extends DjangoTag {
  readonly count: FilterExpression | undefined;
  readonly method: string;
  readonly random: boolean;

  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: DjangoParser) {
    super(token, remain, liquid);
    const bits = smartSplit(token.args);
    this.random = bits[bits.length - 1] === 'random';
    if (this.random) bits.pop();
    this.method = ['w', 'p', 'b'].includes(bits[bits.length - 1] as string)
      ? (bits.pop() as string)
      : 'b';
    if (bits.length > 1) throw parser.wrap("Incorrect format for 'lorem' tag", token);
    this.count = bits[0] ? parser.expression(bits[0], token) : undefined;
  }

  render(ctx: RenderContext, out: Emitter): void | Promise<void> {
    return andThen(this.count ? this.count.resolve(ctx) : 1, (value) => {
      const n = Number.parseInt(String(value), 10);
      const count = Number.isNaN(n) ? 1 : n;
      if (this.method === 'w') out.write(loremWords(count, !this.random));
      else {
        const paragraphs = loremParagraphs(count, !this.random);
        out.write(
          this.method === 'p'
            ? paragraphs.map((p) => `<p>${p}</p>`).join('\n\n')
            : paragraphs.join('\n\n'),
        );
      }
    });
  }
}

/**
 * `{% debug %}`: with the engine's `debug` on, the context's scopes, innermost first, as Python
 * dicts with sorted keys (Django also dumps Python's `sys.modules`, which has no counterpart).
 */
export class DebugTag extends DjangoTag {
  render(ctx: RenderContext, out: Emitter): void {
    if (!ctx.engine.debug) return;
    const scopes = [...ctx.dicts].reverse().map((scope) => {
      const sorted = Object.fromEntries(Object.entries(scope).sort(([a], [b]) => (a < b ? -1 : 1)));
      return escape(pyStr(sorted)).value;
    });
    out.write(`${scopes.join('')}\n\n`);
  }
}
