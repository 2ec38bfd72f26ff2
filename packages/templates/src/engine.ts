import { Liquid } from 'liquidjs';
import { isThenable } from '@stack/utils';
import { TemplateDoesNotExist, TemplateError } from './errors.js';
import { isTimeZone } from './internal/tags/tz.js';
import {
  builtinLibrary,
  i18nLibrary,
  l10nLibrary,
  staticLibrary,
  tzLibrary,
} from './internal/builtins.js';
import { RenderContext } from './internal/context.js';
import type { CompiledTemplate, EngineCore, ReverseFunction } from './internal/engine-core.js';
import { tokenize } from './internal/lexer.js';
import type { LibraryContents } from './internal/library-contents.js';
import { FileLoader, checkTemplateName } from './internal/loader.js';
import { StringEmitter, nodeListRunner, renderNodes } from './internal/nodes.js';
import { DjangoParser } from './internal/parser.js';
import type { Library } from './library.js';

/**
 * A context processor: data every template rendered with a request receives.
 *
 * @example
 * ```ts
 * const site: ContextProcessor = (request) => ({ siteName: 'Blog', path: request.path });
 * ```
 */
export type ContextProcessor = (
  request: any,
) => Record<string, unknown> | Promise<Record<string, unknown>>;

/**
 * The engine's settings (Django's `TEMPLATES[…]['OPTIONS']`, camelCased).
 *
 * @example
 * ```ts
 * const options: EngineOptions = { dirs: ['templates'], appDirs: ['apps/blog'], debug: true };
 * ```
 */
export interface EngineOptions {
  /** In-memory templates by name, searched before any directory (Django's locmem loader). */
  readonly templates?: Readonly<Record<string, string>>;
  /** Directories searched first, in order (Django's `DIRS`). */
  readonly dirs?: readonly string[];
  /** Installed apps' directories: each one's `templates/` folder is searched after `dirs`. */
  readonly appDirs?: readonly string[];
  /** Recompile templates whose file changed (checked on every `getTemplate`). */
  readonly debug?: boolean;
  /** Escape output by default (default true). */
  readonly autoescape?: boolean;
  /** What a missing variable renders as (default ''); `%s` is replaced by the variable. */
  readonly stringIfInvalid?: string;
  /** Libraries for `{% load name %}`. `static` is always available. */
  readonly libraries?: Readonly<Record<string, Library>>;
  /** Libraries loaded into every template, as Django's `builtins`. */
  readonly builtins?: readonly Library[];
  /** Run when `render` receives a request; their data sits under the render context's. */
  readonly contextProcessors?: readonly ContextProcessor[];
  /** The `{% url %}` helper (e.g. `@stack/urls`' reverse, adapted). */
  readonly reverse?: ReverseFunction;
  /** The `{% static %}` helper; default: `staticUrl` + path. */
  readonly static?: (path: string) => string;
  /** The prefix of the default `static` helper (default `/static/`). */
  readonly staticUrl?: string;
  /** `MEDIA_URL`, shown by `{% get_media_prefix %}` (default `''`). */
  readonly mediaUrl?: string;
  /** The time zone dates are shown in (default `UTC`; an IANA name). */
  readonly timeZone?: string;
  /** The clock of `{% now %}`, `timesince` and `timeuntil` (for tests). */
  readonly now?: () => Date;
  /**
   * Called as each template starts rendering: the one asked for, then every parent it extends
   * and every template it includes (Django's `template_rendered` signal, which its test runner
   * uses to list a response's templates). Off unless given, so rendering pays nothing for it.
   */
  readonly onTemplateRendered?: TemplateRenderedHook;
  /**
   * Whether `onTemplateRendered` has anyone to tell now (default: always), asked before each
   * call: the context is flattened for the hook only when it does, so a hook that is always
   * installed but rarely heard (a signal with no receivers) costs a call, not a copy.
   */
  readonly hasTemplateRenderedListeners?: () => boolean;
}

/**
 * The `onTemplateRendered` option: the template's name and its context (flattened).
 *
 * @example
 * ```ts
 * const seen: string[] = [];
 * new Engine({ dirs: ['templates'], onTemplateRendered: (name) => seen.push(name) });
 * ```
 */
export type TemplateRenderedHook = (templateName: string, context: Record<string, unknown>) => void;

const STRING_ORIGIN = '<string>';

// Django's `filepath_to_uri`: percent-encodes all but letters, digits and `/-._~!*()'`.
function filepathToUri(path: string): string {
  return path
    .replace(/\\/g, '/')
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/**
 * A compiled template bound to its engine.
 *
 * @example
 * ```ts
 * const html = await engine.getTemplate('blog/post_detail.html').render({ post }, request);
 * ```
 */
export class Template {
  /** @internal */
  constructor(
    private readonly engine: Engine,
    /** @internal */
    readonly compiled: CompiledTemplate,
  ) {}

  /** The template name (`<string>` for `fromString`). */
  get name(): string {
    return this.compiled.name;
  }

  /**
   * Renders with a context; values may be promises or thenables. With a request, the
   * engine's context processors run first.
   */
  render(context: Record<string, unknown> = {}, request?: unknown): Promise<string> {
    return this.engine.renderCompiled(this.compiled, context, request);
  }
}

interface CacheEntry {
  readonly compiled: CompiledTemplate;
  readonly path: string;
  readonly mtimeMs: number;
}

/**
 * The Django template engine on liquidjs: loaders, the compiled-template cache, builtins and
 * libraries.
 *
 * @example
 * ```ts
 * const engine = new Engine({ dirs: ['templates'], reverse: (name, args) => `/posts/${args[0]}/` });
 * const html = await engine.fromString('Hello {{ user.get_full_name|upper }}').render({ user });
 * ```
 */
export class Engine implements EngineCore {
  /** @internal */
  readonly liquid: Liquid;
  readonly autoescape: boolean;
  readonly stringIfInvalid: string;
  readonly debug: boolean;
  readonly timeZone: string;
  /** @internal */
  readonly builtins: readonly LibraryContents[];
  /** @internal */
  readonly libraries: ReadonlyMap<string, LibraryContents>;
  /** @internal */
  readonly reverse: ReverseFunction | undefined;
  /** @internal */
  readonly static: (path: string) => string;
  /** @internal */
  readonly onTemplateRendered: TemplateRenderedHook | undefined;
  private readonly renderedListening: (() => boolean) | undefined;
  readonly mediaUrl: string;
  /** The `staticUrl` prefix (`{% get_static_prefix %}`), whatever the `static` helper does. */
  readonly staticUrl: string;
  private readonly loader: FileLoader;
  private readonly memory: ReadonlyMap<string, string>;
  private readonly processors: readonly ContextProcessor[];
  private readonly clock: () => Date;
  private readonly cache = new Map<string, CacheEntry>();
  private readonly stringCache = new Map<string, CompiledTemplate>();

  constructor(options: EngineOptions = {}) {
    this.liquid = new Liquid({ cache: false });
    this.autoescape = options.autoescape ?? true;
    this.stringIfInvalid = options.stringIfInvalid ?? '';
    this.debug = options.debug ?? false;
    this.timeZone = options.timeZone ?? 'UTC';
    if (!isTimeZone(this.timeZone))
      throw new TemplateError(`Unknown time zone: '${this.timeZone}'`);
    this.builtins = [builtinLibrary, ...(options.builtins ?? [])];
    // The Django tags are liquidjs custom tags; our parser subclass (DjangoParser) builds them
    // with Django's per-template tables, so `{% load %}` can extend what a template sees.
    for (const library of this.builtins) {
      for (const [name, tag] of library.tags) {
        this.liquid.registerTag(name, tag as unknown as Parameters<Liquid['registerTag']>[1]);
      }
    }
    this.libraries = new Map<string, LibraryContents>([
      ['static', staticLibrary],
      ['i18n', i18nLibrary],
      ['l10n', l10nLibrary],
      ['tz', tzLibrary],
      ...Object.entries(options.libraries ?? {}),
    ]);
    this.reverse = options.reverse;
    const staticUrl = options.staticUrl ?? '/static/';
    this.staticUrl = staticUrl;
    this.static = options.static ?? ((path) => staticUrl + filepathToUri(path));
    this.mediaUrl = options.mediaUrl ?? '';
    this.loader = new FileLoader(options.dirs ?? [], options.appDirs ?? []);
    this.memory = new Map(Object.entries(options.templates ?? {}));
    this.processors = options.contextProcessors ?? [];
    this.clock = options.now ?? (() => new Date());
    this.onTemplateRendered = options.onTemplateRendered;
    this.renderedListening = options.hasTemplateRenderedListeners;
  }

  /** @internal Tells `onTemplateRendered` of a template rendered, when anyone listens. */
  templateRendered(name: string, context: { flatten(): Record<string, unknown> }): void {
    const hook = this.onTemplateRendered;
    if (hook === undefined) return;
    const listening = this.renderedListening;
    if (listening !== undefined && !listening()) return;
    hook(name, context.flatten());
  }

  /** The current time, from the injected clock. */
  now(): Date {
    return this.clock();
  }

  /**
   * Finds a template by name in `dirs` then each app's `templates/`, compiled once and cached
   * (recompiled when its file changes with `debug`). Throws TemplateDoesNotExist listing the
   * paths tried, or TemplateSyntaxError.
   */
  getTemplate(name: string): Template {
    return new Template(this, this.compiled(name));
  }

  /** Tries each name in turn (Django's `select_template`). */
  selectTemplate(names: readonly string[]): Template {
    return new Template(this, this.selectCompiled(names));
  }

  /** @internal */
  selectCompiled(names: readonly string[]): CompiledTemplate {
    if (!names.length) throw new TemplateDoesNotExist('', [], 'No template names provided');
    const errors: string[] = [];
    for (const name of names) {
      try {
        return this.compiled(name);
      } catch (error) {
        if ((error as { name?: string }).name !== 'TemplateDoesNotExist') throw error;
        errors.push(...((error as { tried?: string[] }).tried ?? []));
      }
    }
    throw new TemplateDoesNotExist(names.join(', '), errors);
  }

  /** Compiles template source (cached by source text). */
  fromString(source: string): Template {
    let compiled = this.stringCache.get(source);
    if (!compiled) {
      compiled = this.compile(source, STRING_ORIGIN);
      if (this.stringCache.size >= 1000) this.stringCache.clear();
      this.stringCache.set(source, compiled);
    }
    return new Template(this, compiled);
  }

  /** Renders a template to a string in one call (Django's `render_to_string`). */
  renderToString(
    name: string,
    context: Record<string, unknown> = {},
    request?: unknown,
  ): Promise<string> {
    return this.getTemplate(name).render(context, request);
  }

  /** @internal */
  compiled(name: string): CompiledTemplate {
    const cached = this.cache.get(name);
    if (
      cached &&
      (cached.mtimeMs < 0 || !this.debug || this.loader.mtime(cached.path) === cached.mtimeMs)
    ) {
      return cached.compiled;
    }
    checkTemplateName(name);
    const source = this.memory.get(name);
    if (source !== undefined) {
      const compiled = this.compile(source, name);
      this.cache.set(name, { compiled, path: '', mtimeMs: -1 });
      return compiled;
    }
    const found = this.loader.load(name);
    const compiled = this.compile(found.source, name);
    this.cache.set(name, { compiled, path: found.path, mtimeMs: found.mtimeMs });
    return compiled;
  }

  /** @internal */
  compile(source: string, origin: string): CompiledTemplate {
    const parser = new DjangoParser(this.liquid, this, origin);
    const tokens = tokenize(source, origin, this.liquid.options);
    return { name: origin, nodes: parser.parseAll(tokens), pages: 0, runner: undefined };
  }

  /** @internal */
  renderCompiled(
    compiled: CompiledTemplate,
    context: Record<string, unknown>,
    request: unknown,
  ): Promise<string> {
    try {
      const text = this.renderText(compiled, context, request);
      return typeof text === 'string' ? Promise.resolve(text) : text;
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  /**
   * @internal `renderCompiled` without the promise when nothing on the way was asynchronous
   * (most pages), so a caller that wraps the page (core's `render()`, into a response) makes
   * one promise, not two; it throws what rendering throws.
   */
  renderText(
    compiled: CompiledTemplate,
    context: Record<string, unknown>,
    request: unknown,
  ): string | Promise<string> {
    if (request !== undefined && this.processors.length) {
      const base = this.runProcessors(request, {}, 0);
      if (base instanceof Promise) {
        return base.then((ready) => this.renderWith(compiled, ready, context, request));
      }
      return this.renderWith(compiled, base, context, request);
    }
    return this.renderWith(compiled, {}, context, request);
  }

  /**
   * Runs the context processors from `from` on, in order, merging what each returns into
   * `base`. Stays synchronous while they are (most are), so a page pays no promise per
   * processor; from the first that returns a thenable on, it waits for each.
   */
  private runProcessors(
    request: unknown,
    base: Record<string, unknown>,
    from: number,
  ): Record<string, unknown> | Promise<Record<string, unknown>> {
    const processors = this.processors;
    for (let i = from; i < processors.length; i++) {
      const result = processors[i]!(request);
      if (isThenable(result)) {
        return Promise.resolve(result).then((value) => {
          Object.assign(base, value);
          return this.runProcessors(request, base, i + 1);
        });
      }
      Object.assign(base, result);
    }
    return base;
  }

  private renderWith(
    compiled: CompiledTemplate,
    base: Record<string, unknown>,
    context: Record<string, unknown>,
    request: unknown,
  ): string | Promise<string> {
    const ctx = new RenderContext(this, base, request);
    ctx.pushScope(context);
    this.templateRendered(compiled.name, ctx);
    const out = new StringEmitter();
    const pending = renderPage(compiled, ctx, out);
    if (pending) return pending.then(() => out.buffer);
    return out.buffer;
  }
}

/**
 * Renders a template's top-level node list: from its second render on through a runner
 * generated for it (see `nodeListRunner`: one call site per node, which V8 inlines, where
 * `renderNodes` has one site that sees every kind of node), the first time (and for a template
 * rendered once) through `renderNodes`. Same calls in the same order. Issue 21: on the fortunes
 * page the `{% for %}` tag's render is then inlined into the page's own code, about 0.4k
 * instructions per request less (renderNodes' loop and call).
 */
function renderPage(
  compiled: CompiledTemplate,
  ctx: RenderContext,
  out: StringEmitter,
): void | Promise<void> {
  let runner = compiled.runner;
  if (runner === undefined) {
    const pages = (compiled.pages ?? 0) + 1;
    compiled.pages = pages;
    if (pages < 2) return renderNodes(compiled.nodes, ctx, out);
    runner = compiled.runner = nodeListRunner(compiled.nodes);
  }
  return runner(ctx, out);
}
