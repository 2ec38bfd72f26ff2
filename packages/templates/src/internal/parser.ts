import {
  Parser,
  TagToken,
  type Liquid,
  type ParseStream,
  type TopLevelToken,
  type Token,
} from 'liquidjs';
import { TemplateSyntaxError } from '../errors.js';
import type { EngineCore } from './engine-core.js';
import { ExpressionError, type FilterExpression } from './expression.js';
import type { FilterSpec } from './filter-spec.js';
import { lineOf, syntaxError } from './location.js';
import { TextNode, VariableNode, type Node } from './nodes.js';
import { parseFilterExpression } from './parse-expression.js';
import type { LibraryContents } from './library-contents.js';

const MAX_NESTING = 200;

/** An error a user's compile function raised: it reaches the caller as is (as in Django). */
export class PassThrough {
  constructor(readonly error: unknown) {}
}

/** A tag class: liquidjs's `TagClass`, constructed with our parser. */
export type DjangoTagClass = new (
  token: TagToken,
  remainTokens: TopLevelToken[],
  liquid: Liquid,
  parser: DjangoParser,
) => Node;

/**
 * One template's parse: liquidjs's Parser with Django's tag and filter tables, which grow as
 * `{% load %}` brings libraries in (so each template parse gets its own instance).
 */
export class DjangoParser extends Parser {
  readonly tags = new Map<string, DjangoTagClass>();
  readonly filters = new Map<string, FilterSpec>();
  /** Parse-time state shared by tags of this template (named cycles, blocks seen). */
  readonly state = new Map<string, unknown>();
  private depth = 0;
  private readonly expected: (readonly string[])[] = [];
  readonly findFilter = (name: string): FilterSpec | undefined => this.filters.get(name);

  readonly liquidInstance: Liquid;

  constructor(
    liquid: Liquid,
    readonly engine: EngineCore,
    readonly origin: string,
  ) {
    super(liquid);
    this.liquidInstance = liquid;
    for (const library of engine.builtins) this.addLibrary(library);
  }

  addLibrary(library: LibraryContents, only?: readonly string[]): void {
    for (const [name, tag] of library.tags)
      if (!only || only.includes(name)) this.tags.set(name, tag);
    for (const [name, spec] of library.filters) {
      if (!only || only.includes(name)) this.filters.set(name, spec);
    }
  }

  override parseToken(token: TopLevelToken, remainTokens: TopLevelToken[]): never {
    return this.parseNode(token, remainTokens) as never;
  }

  parseNode(token: TopLevelToken, remainTokens: TopLevelToken[]): Node {
    if (token instanceof TagToken) {
      const TagClass = this.tags.get(token.name);
      if (!TagClass) {
        const ends = this.expected[this.expected.length - 1];
        const expected = ends
          ? `, expected ${ends
              .map((e) => `'${e}'`)
              .join(', ')
              .replace(/, ([^,]*)$/, ' or $1')}`
          : '';
        throw syntaxError(
          `Invalid block tag on line ${lineOf(token)}: '${token.name}'${expected}. Did you forget to register or load this tag?`,
          token,
        );
      }
      try {
        const node = new TagClass(token, remainTokens, this.liquidInstance, this);
        this.state.set('nonText', true);
        return node;
      } catch (error) {
        if (error instanceof PassThrough) throw error.error;
        throw this.wrap(error, token);
      }
    }
    if (token.kind === 8) {
      this.state.set('nonText', true);
      return new VariableNode(
        token,
        this.expression((token as unknown as { content: string }).content, token),
      );
    }
    return new TextNode(token, token.getText());
  }

  /** Parses the whole token list into nodes. */
  parseAll(tokens: TopLevelToken[]): Node[] {
    const nodes: Node[] = [];
    while (tokens.length) nodes.push(this.parseNode(tokens.shift() as TopLevelToken, tokens));
    return nodes;
  }

  /** Compiles a filter expression, turning its errors into TemplateSyntaxError at `token`. */
  expression(source: string, token: Token): FilterExpression {
    try {
      return parseFilterExpression(source, this.findFilter);
    } catch (error) {
      throw this.wrap(error, token);
    }
  }

  /** Converts any parse-time error into a TemplateSyntaxError pointing at `token`. */
  wrap(error: unknown, token: Token): TemplateSyntaxError {
    if (error instanceof TemplateSyntaxError) return error;
    if (error instanceof ExpressionError) return syntaxError(error.message, token);
    return syntaxError(error instanceof Error ? error.message : String(error), token);
  }

  /**
   * Parses nodes until one of `ends` (liquidjs's ParseStream); returns the nodes and the end
   * tag found. An unclosed block is a TemplateSyntaxError naming the tags looked for.
   */
  parseUntil(
    tokens: TopLevelToken[],
    ends: readonly string[],
    opener: TagToken,
  ): { nodes: Node[]; end: TagToken } {
    if (++this.depth > MAX_NESTING) {
      throw syntaxError(`Tags nested more than ${MAX_NESTING} deep`, opener);
    }
    this.expected.push(ends);
    try {
      return this.parseBlock(tokens, ends, opener);
    } finally {
      this.expected.pop();
      this.depth--;
    }
  }

  private parseBlock(
    tokens: TopLevelToken[],
    ends: readonly string[],
    opener: TagToken,
  ): { nodes: Node[]; end: TagToken } {
    const nodes: Node[] = [];
    let end: TagToken | undefined;
    const stream = this.parseStream(tokens);
    for (const name of ends) {
      stream.on(`tag:${name}`, function (this: ParseStream, token: TagToken) {
        end = token;
        this.stop();
      } as never);
    }
    stream.on('template', ((node: Node) => nodes.push(node)) as never);
    stream.start();
    if (!end) {
      throw syntaxError(
        `Unclosed tag on line ${lineOf(opener)}: '${opener.name}'. Looking for one of: ${ends.join(', ')}.`,
        opener,
      );
    }
    return { nodes, end };
  }

  /** Skips tokens up to the end tag without parsing them (comment bodies). */
  skipPast(tokens: TopLevelToken[], endName: string, opener: TagToken): void {
    while (tokens.length) {
      const token = tokens.shift() as TopLevelToken;
      if (token instanceof TagToken && token.name === endName) return;
    }
    throw syntaxError(
      `Unclosed tag on line ${lineOf(opener)}: '${opener.name}'. Looking for one of: ${endName}.`,
      opener,
    );
  }
}
