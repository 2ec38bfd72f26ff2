import type { Liquid } from 'liquidjs';
import type { LibraryContents } from './library-contents.js';
import type { Node, NodeListRunner } from './nodes.js';

/** A parsed template, as cached by the engine. */
export interface CompiledTemplate {
  readonly name: string;
  readonly nodes: readonly Node[];
  /** @internal How many times the engine has rendered it as a page (see `renderPage`). */
  pages?: number;
  /** @internal Its top-level list's runner, made on its second render as a page. */
  runner?: NodeListRunner | undefined;
}

/**
 * A URL reverser, injected by whoever owns URL routing (`@stack/urls`).
 *
 * @example
 * ```ts
 * const reverse: ReverseFunction = (name, args, kwargs, currentApp) =>
 *   urls.reverse(name, { args, kwargs, currentApp });
 * ```
 */
export type ReverseFunction = (
  viewName: string,
  args: unknown[],
  kwargs: Record<string, unknown>,
  currentApp: string | undefined,
) => string | Promise<string>;

/** What tags and filters need from the engine at render time. */
export interface EngineCore {
  readonly liquid: Liquid;
  readonly autoescape: boolean;
  readonly stringIfInvalid: string;
  readonly debug: boolean;
  readonly builtins: readonly LibraryContents[];
  readonly libraries: ReadonlyMap<string, LibraryContents>;
  readonly timeZone: string;
  readonly reverse: ReverseFunction | undefined;
  readonly static: (path: string) => string;
  /** `MEDIA_URL`, for `{% get_media_prefix %}`. */
  readonly mediaUrl: string;
  readonly staticUrl: string;
  now(): Date;
  /**
   * Tells the `onTemplateRendered` option of every template rendered, parents and includes too,
   * with the context flattened (only when the hook has listeners).
   */
  templateRendered(name: string, context: { flatten(): Record<string, unknown> }): void;
  /** Loads and compiles a template by name (cached), refusing paths outside the dirs. */
  compiled(name: string): CompiledTemplate;
  /** The first of `names` that exists (Django's `select_template`). */
  selectCompiled(names: readonly string[]): CompiledTemplate;
  /** Compiles template source (not cached). */
  compile(source: string, origin: string): CompiledTemplate;
}
