import { Tag, type Emitter, type Token } from 'liquidjs';
import { SafeString, escapeHtml, htmlOf, isThenable } from '@stack/utils';
import type { RenderContext } from './context.js';
import type { FilterExpression } from './expression.js';
import {
  MISSING,
  type NameReader,
  SITE_NAMES,
  SITE_VALUES,
  type Step,
  nameReaderFor,
  readerGeneration,
  siteReadLines,
} from './lookup.js';
import { formatDate, NaiveDate } from './dateformat.js';
import { pyNumber, pyStr } from './py.js';

/** A compiled piece of template: renders itself into the emitter, sync or with a promise. */
export interface Node {
  readonly token: Token;
  render(ctx: RenderContext, out: Emitter): void | Promise<void>;
  /** The nested node lists, so `{% extends %}` can find every `{% block %}`. */
  nodelists?(): readonly (readonly Node[])[];
}

/** A liquidjs tag speaking Django's dialect. */
export abstract class DjangoTag extends Tag implements Node {
  abstract override render(ctx: RenderContext, out: Emitter): void | Promise<void>;
}

/** Collects output into a string (liquidjs's Emitter protocol). */
export class StringEmitter implements Emitter {
  buffer = '';
  write(html: unknown): void {
    this.buffer += html as string;
  }
}

/**
 * Renders a node list; stays synchronous until a node returns a promise, then continues
 * asynchronously from there.
 */
export function renderNodes(
  nodes: readonly Node[],
  ctx: RenderContext,
  out: Emitter,
  from = 0,
): void | Promise<void> {
  for (let i = from; i < nodes.length; i++) {
    const pending = (nodes[i] as Node).render(ctx, out);
    if (pending !== undefined) {
      const next = i + 1;
      return pending.then(() => renderNodes(nodes, ctx, out, next));
    }
  }
}

/** Renders one node list (see `nodeListRunner`). */
export type NodeListRunner = (ctx: RenderContext, out: Emitter) => void | Promise<void>;

/** Longest node list unrolled by `nodeListRunner`; a longer one runs through `renderNodes`. */
const UNROLL_LIMIT = 24;

/**
 * `renderNodes` for one node list that is rendered many times (a loop's body), generated once
 * with the loop unrolled: each node's `render` is called from its own call site, which sees one
 * kind of node only, so V8 inlines it (a text node becomes one string append) instead of
 * dispatching through `renderNodes`' one call site over every kind of node. A bare variable
 * (`{{ fortune.message }}`) is read by its site reader's statements written inline
 * (`siteReadLines`: the name reader's and the member reader's own code), and written by the
 * node's `writeRead`, as its `render` does. Same calls in the same order, and the same
 * continuation (`renderNodes` from the next node) when a node returns a promise. Nodes and steps
 * reach the code as arguments, names as JSON string literals; no template text is parsed as
 * code. Where code generation is refused, or the list is long, it is `renderNodes` itself. The
 * list must not change afterwards (node lists are complete once parsed). Issue 21: the fortunes
 * page (13 rows of 5 nodes) 232.3k -> 227.0k instructions per request, 222.4k with site
 * readers called; with them inline (TurboFan's inlining budget had left the name and member
 * readers' calls in place, about 90 instructions a site, and now inlines escapeHtml too), the
 * page with the default middleware 235.7k -> 232.4k. A runner costs one generated function per
 * loop, made on the loop's first iteration.
 */
export function nodeListRunner(nodes: readonly Node[]): NodeListRunner {
  if (readerGeneration() && nodes.length > 0 && nodes.length <= UNROLL_LIMIT) {
    const lines = ['return function run(ctx, out) {', '  let pending;', '  let read;'];
    const locals: string[] = [];
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i] as Node;
      locals.push(`const n${i} = nodes[${i}];`);
      const site =
        node instanceof VariableNode ? node.siteReadLines(`STEP${i}`, `STEPS${i}`) : undefined;
      if (site === undefined) {
        lines.push(`  pending = n${i}.render(ctx, out);`);
      } else {
        locals.push(`const STEPS${i} = n${i}.lookupSteps(); const STEP${i} = STEPS${i}[0];`);
        lines.push(
          '  {',
          '    const dicts = ctx.dicts;',
          ...site.map((line) => `    ${line}`),
          '  }',
          `  pending = n${i}.writeRead(ctx, out, read);`,
        );
      }
      lines.push(
        `  if (pending !== undefined) return pending.then(() => renderNodes(nodes, ctx, out, ${i + 1}));`,
      );
    }
    lines.push('};');
    try {
      const make = new Function(
        'nodes',
        'renderNodes',
        ...SITE_NAMES,
        [...locals, ...lines].join('\n'),
      ) as (
        list: readonly Node[],
        fallback: typeof renderNodes,
        ...rest: unknown[]
      ) => NodeListRunner;
      return make(nodes, renderNodes, ...SITE_VALUES);
    } catch {
      // Code generation refused: renderNodes below.
    }
  }
  return (ctx, out) => renderNodes(nodes, ctx, out);
}

/** Renders nodes into a SafeString (Django's `nodelist.render()`). */
export function renderToString(
  nodes: readonly Node[],
  ctx: RenderContext,
): SafeString | Promise<SafeString> {
  const out = new StringEmitter();
  const pending = renderNodes(nodes, ctx, out);
  if (pending) return pending.then(() => new SafeString(out.buffer));
  return new SafeString(out.buffer);
}

/** Converts a resolved value to output text: str(), localized, escaped when autoescape is on. */
export function renderValue(value: unknown, ctx: RenderContext): string {
  if (typeof value === 'string') return ctx.autoescape ? escapeHtml(value) : value;
  // A number's text (digits, sign, point, exponent, nan, inf) has nothing to escape.
  if (typeof value === 'number') return pyNumber(value);
  if (value instanceof SafeString) return value.value;
  if (value === MISSING) return '';
  if (value !== null && typeof value === 'object' && '__html__' in value) {
    const html = htmlOf(value);
    if (html !== undefined) return html;
  }
  const text =
    value instanceof NaiveDate
      ? formatDate(value, 'DATE_FORMAT', ctx.timeZone)
      : value instanceof Date
        ? formatDate(value, 'DATETIME_FORMAT', ctx.timeZone)
        : pyStr(value);
  return ctx.autoescape ? escapeHtml(text) : text;
}

/** Plain template text. */
export class TextNode implements Node {
  constructor(
    readonly token: Token,
    readonly text: string,
  ) {}

  render(_ctx: RenderContext, out: Emitter): undefined {
    out.write(this.text);
  }
}

/** `{{ expression }}`. */
export class VariableNode implements Node {
  /** The variable's name when the expression is a bare lookup (`{{ a.b }}`, no filters). */
  private readonly name: string | undefined;
  private readonly steps: readonly Step[];
  /** The name's reader, made on first render (see `nameReaderFor`). */
  private lookup: NameReader | undefined = undefined;

  constructor(
    readonly token: Token,
    readonly expression: FilterExpression,
  ) {
    const head = expression.head;
    const bare = !head.literal && expression.filters.length === 0;
    this.name = bare ? head.name : undefined;
    this.steps = head.steps;
  }

  render(ctx: RenderContext, out: Emitter): void | Promise<void> {
    const name = this.name;
    if (name !== undefined) {
      const lookup = this.lookup ?? (this.lookup = nameReaderFor(name));
      return this.writeRead(ctx, out, ctx.resolveRead(lookup(ctx.dicts), this.steps));
    }
    const value = this.expression.resolve(ctx);
    if (isThenable(value)) return Promise.resolve(value).then((v) => writeValue(v, ctx, out));
    return writeValue(value, ctx, out);
  }

  /**
   * @internal Writes a bare lookup's value, read by `render` or by a loop body's site reader
   * (`siteReader`): a string or a number (most of a page) at once; anything else (missing, a
   * promise, an object with __html__) goes on as the expression would.
   */
  writeRead(ctx: RenderContext, out: Emitter, read: unknown): void | Promise<void> {
    if (typeof read === 'string') {
      out.write(ctx.autoescape ? escapeHtml(read) : read);
      return;
    }
    if (typeof read === 'number') {
      out.write(pyNumber(read));
      return;
    }
    const value = this.expression.resolveFrom(ctx, read, false);
    if (isThenable(value)) return Promise.resolve(value).then((v) => writeValue(v, ctx, out));
    return writeValue(value, ctx, out);
  }

  /**
   * @internal For `nodeListRunner`: the statements that read this site's bare lookup into the
   * variable `read` (see `siteReadLines`), to be handed to `writeRead` as `render` does with the
   * shared path; undefined when the site is not a bare lookup or has no such code.
   */
  siteReadLines(step: string, list: string): string[] | undefined {
    const name = this.name;
    return name === undefined ? undefined : siteReadLines(name, this.steps, step, list);
  }

  /** @internal For `nodeListRunner`: the steps of the lookup (see `siteReadLines`). */
  lookupSteps(): readonly Step[] {
    return this.steps;
  }
}

/**
 * Writes a value's text; an `__html__()` that returns a promise (a form rendering its widgets'
 * templates) is awaited.
 */
function writeValue(value: unknown, ctx: RenderContext, out: Emitter): void | Promise<void> {
  if (value !== null && typeof value === 'object') {
    const method = (value as { __html__?: unknown }).__html__;
    if (typeof method === 'function') {
      const html: unknown = method.call(value);
      if (isThenable(html)) {
        return Promise.resolve(html).then((h) => {
          out.write(String(h));
        });
      }
      out.write(String(html));
      return;
    }
  }
  out.write(renderValue(value, ctx));
}

/** Awaits a value only when it is a promise or thenable, then calls `next`. */
export function andThen<T>(value: unknown, next: (value: unknown) => T): T | Promise<Awaited<T>> {
  if (isThenable(value)) return Promise.resolve(value).then(next) as Promise<Awaited<T>>;
  return next(value);
}
