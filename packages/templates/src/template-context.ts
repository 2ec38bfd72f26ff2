import type { RenderContext } from './internal/context.js';
import { MISSING } from './internal/lookup.js';

/**
 * What a `takesContext` tag sees of the template context.
 *
 * @example
 * ```ts
 * library.simpleTag('user_name', (context: TemplateContext) => context.get('user'), { takesContext: true });
 * ```
 */
export interface TemplateContext {
  /** The value bound to a name (undefined when absent); may be a promise. */
  get(name: string): unknown;
  /** Binds a name in the innermost scope. */
  set(name: string, value: unknown): void;
  /** Whether autoescaping is on where the tag is used. */
  readonly autoescape: boolean;
  /** The request given to `render`, if any. */
  readonly request: unknown;
  /** All names merged into one object. */
  flatten(): Record<string, unknown>;
}

const RENDER_CONTEXT = Symbol('renderContext');

/** The render context behind a TemplateContext (for node lists a compile-function tag renders). */
export function renderContextOf(context: TemplateContext): RenderContext {
  const ctx = (context as { [RENDER_CONTEXT]?: RenderContext })[RENDER_CONTEXT];
  if (!ctx) throw new TypeError('not a template context given by the engine');
  return ctx;
}

/** Wraps the render context for a tag function. */
export function templateContext(ctx: RenderContext): TemplateContext {
  const context: TemplateContext & { [RENDER_CONTEXT]: RenderContext } = {
    [RENDER_CONTEXT]: ctx,
    get: (name) => {
      const value = ctx.resolveVariable(name, []);
      return value === MISSING ? undefined : value;
    },
    set: (name, value) => ctx.set(name, value),
    autoescape: ctx.autoescape,
    request: ctx.request,
    flatten: () => ctx.flatten(),
  };
  return context;
}
