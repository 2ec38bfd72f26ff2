import { HttpResponse, type ResponseOptions } from '@stack/request';
import { CoreError } from './errors.js';
import { getTemplateEngine } from './template-engine.js';

/** The body of a `TemplateResponse` was read before it was rendered. */
export class ContentNotRenderedError extends CoreError {
  override name = 'ContentNotRenderedError';
}

/**
 * Renders templates by name (the first that exists, when given a list); the engine tells the
 * test client of each template rendered.
 */
export function renderTemplate(
  templateName: string | readonly string[],
  context: Record<string, unknown>,
  request?: unknown,
): Promise<string> {
  try {
    const text = renderTemplateText(templateName, context, request);
    return typeof text === 'string' ? Promise.resolve(text) : text;
  } catch (error) {
    return Promise.reject(error as Error);
  }
}

/**
 * `renderTemplate` without a promise when the page rendered synchronously (most do), for callers
 * that wrap the page in a promise of their own anyway (`render()`); throws what rendering
 * throws. Issue 21: an async function returning the engine's promise cost two promises and
 * three microtask turns per page.
 */
export function renderTemplateText(
  templateName: string | readonly string[],
  context: Record<string, unknown>,
  request?: unknown,
): string | Promise<string> {
  const engine = getTemplateEngine();
  // The compiled template itself, not a `Template` wrapper made per render.
  const compiled =
    typeof templateName === 'string'
      ? engine.compiled(templateName)
      : engine.selectCompiled(templateName);
  return engine.renderText(compiled, context, request);
}

/**
 * Django's `TemplateResponse`: a response rendered late, after the view returns, so middleware
 * `processTemplateResponse` hooks can still change `templateName` or `contextData`. The handler
 * renders it; call `await response.render()` yourself when using it outside one.
 *
 * @example
 * ```ts
 * export async function index(request: HttpRequest) {
 *   return new TemplateResponse(request, 'polls/index.html', { polls: Poll.objects.all() });
 * }
 * ```
 */
export class TemplateResponse extends HttpResponse {
  isRendered = false;
  #callbacks: ((response: TemplateResponse) => unknown)[] = [];

  constructor(
    readonly request: unknown,
    public templateName: string | readonly string[],
    public contextData: Record<string, unknown> = {},
    options: ResponseOptions = {},
  ) {
    super('', options);
  }

  /** Runs after rendering, e.g. to cache the rendered page. */
  addPostRenderCallback(callback: (response: TemplateResponse) => unknown): void {
    if (this.isRendered) callback(this);
    else this.#callbacks.push(callback);
  }

  /** The rendered page, without storing it. */
  renderedContent(): Promise<string> {
    return renderTemplate(this.templateName, this.contextData, this.request);
  }

  /** Renders once (later calls do nothing) and runs the post-render callbacks. */
  async render(): Promise<this> {
    if (this.isRendered) return this;
    this.content = await this.renderedContent();
    this.isRendered = true;
    for (const callback of this.#callbacks.splice(0)) await callback(this);
    return this;
  }

  override toWsgi(
    startResponse: Parameters<HttpResponse['toWsgi']>[0],
  ): ReturnType<HttpResponse['toWsgi']> {
    if (!this.isRendered) {
      throw new ContentNotRenderedError(
        'The response content must be rendered before it can be sent.',
      );
    }
    return super.toWsgi(startResponse);
  }
}
