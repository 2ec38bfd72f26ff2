import type { Emitter, Liquid, TagToken, TopLevelToken } from 'liquidjs';
import type { RenderContext } from './internal/context.js';
import { DjangoTag, andThen, renderToString, type Node } from './internal/nodes.js';
import { PassThrough, type DjangoParser, type DjangoTagClass } from './internal/parser.js';
import { smartSplit } from './internal/parse-expression.js';
import { pyStr } from './internal/py.js';
import type { SafeString } from '@stack/utils';
import { renderContextOf, templateContext, type TemplateContext } from './template-context.js';

/**
 * A tag as its compile function sees it (Django's `Token`).
 *
 * @example
 * ```ts
 * const [tagName, ...args] = token.splitContents(); // {% echo a "b c" %} → ['echo', 'a', '"b c"']
 * ```
 */
export interface TemplateToken {
  /** The tag name. */
  readonly name: string;
  /** Everything between `{%` and `%}`, trimmed. */
  readonly contents: string;
  /** `contents` split on spaces, keeping quoted strings whole. */
  splitContents(): string[];
}

/**
 * What a compile function returns: rendered with the template context; the result (or its
 * promise) is written as is, not escaped (Django's `Node.render`).
 *
 * @example
 * ```ts
 * const node: TemplateNode = { render: (context) => `<b>${escape(String(context.get('name')))}</b>` };
 * ```
 */
export interface TemplateNode {
  render(context: TemplateContext): unknown;
}

/**
 * Compiled template nodes (Django's `NodeList`), parsed by `parser.parse([...])`.
 *
 * @example
 * ```ts
 * const html = await nodelist.render(context); // a SafeString
 * ```
 */
export interface NodeList {
  render(context: TemplateContext): SafeString | Promise<SafeString>;
}

/**
 * A compiled `var|filter:arg` expression (Django's `FilterExpression`).
 *
 * @example
 * ```ts
 * const value = parser.compileFilter('post.title|upper').resolve(context);
 * ```
 */
export interface CompiledFilter {
  /** The value; may be a promise when something on the way was one. */
  resolve(context: TemplateContext): unknown;
}

/**
 * The parser a compile function drives (Django's `Parser`).
 *
 * @example
 * ```ts
 * const body = parser.parse(['else', 'endmytag']);
 * if (parser.nextToken().name === 'else') { parser.parse(['endmytag']); }
 * parser.deleteFirstToken();
 * ```
 */
export interface TagParser {
  /** Parses until one of the `until` tags (left as the next token), or to the end. */
  parse(until?: readonly string[]): NodeList;
  /** Removes and returns the next token (a tag, text or variable: only tags have contents). */
  nextToken(): TemplateToken;
  /** Drops the next token (typically the end tag `parse` stopped at). */
  deleteFirstToken(): void;
  /** Skips tokens up to and including the `endTag` tag. */
  skipPast(endTag: string): void;
  /** Compiles a filter expression against the template's loaded filters. */
  compileFilter(expression: string): CompiledFilter;
}

/**
 * A compile function (Django's `@register.tag`): builds a node from the tag's token.
 *
 * @example
 * ```ts
 * const counter: CompileFunction = () => { let n = 0; return { render: () => n++ }; };
 * ```
 */
export type CompileFunction = (parser: TagParser, token: TemplateToken) => TemplateNode;

function toTemplateToken(token: TopLevelToken): TemplateToken {
  const tag = token as TagToken;
  const contents = typeof tag.content === 'string' ? tag.content.trim() : token.getText();
  return {
    name: typeof tag.name === 'string' ? tag.name : '',
    contents,
    splitContents: () => smartSplit(contents),
  };
}

function nodeList(nodes: readonly Node[]): NodeList {
  return { render: (context) => renderToString(nodes, renderContextOf(context)) };
}

function tagParser(parser: DjangoParser, remain: TopLevelToken[], opener: TagToken): TagParser {
  return {
    parse(until = []) {
      if (!until.length) return nodeList(parser.parseAll(remain));
      const { nodes, end } = parser.parseUntil(remain, until, opener);
      remain.unshift(end);
      return nodeList(nodes);
    },
    nextToken() {
      const token = remain.shift();
      if (!token) throw parser.wrap('No more tokens', opener);
      return toTemplateToken(token);
    },
    deleteFirstToken() {
      remain.shift();
    },
    skipPast(endTag) {
      parser.skipPast(remain, endTag, opener);
    },
    compileFilter(expression) {
      const compiled = parser.expression(expression, opener);
      return { resolve: (context) => compiled.resolve(renderContextOf(context)) };
    },
  };
}

/** Wraps a compile function into the engine's tag protocol. */
export function compiledTag(compile: CompileFunction): DjangoTagClass {
  return class CompiledTag extends DjangoTag {
    readonly node: TemplateNode;
    constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: DjangoParser) {
      super(token, remain, liquid);
      try {
        this.node = compile(tagParser(parser, remain, token), toTemplateToken(token));
      } catch (error) {
        throw new PassThrough(error);
      }
    }

    render(ctx: RenderContext, out: Emitter): void | Promise<void> {
      return andThen(this.node.render(templateContext(ctx)), (value) => {
        out.write(pyStr(value));
      });
    }
  };
}
