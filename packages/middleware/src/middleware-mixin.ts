import { hookLayer } from './internal/hook-layer.js';
import { isPromiseLike } from './internal/maybe-promise.js';
import type {
  GetResponse,
  MaybePromise,
  Middleware,
  MiddlewareHandler,
  ProcessException,
  ProcessTemplateResponse,
  ProcessView,
} from './types.js';

/** The hooks of an old-style middleware, all optional. */
export interface MiddlewareHooks<Req, Res> {
  /** On the way in: return a response to short-circuit (the inner layers and the view are skipped). */
  processRequest?(request: Req): MaybePromise<Res | null | undefined | void>;
  /** On the way out, also for a response this layer's `processRequest` returned. */
  processResponse?(request: Req, response: Res): MaybePromise<Res>;
  processView?(...args: Parameters<ProcessView<Req, Res>>): ReturnType<ProcessView<Req, Res>>;
  processException?(
    ...args: Parameters<ProcessException<Req, Res>>
  ): ReturnType<ProcessException<Req, Res>>;
  processTemplateResponse?(
    ...args: Parameters<ProcessTemplateResponse<Req, Res>>
  ): ReturnType<ProcessTemplateResponse<Req, Res>>;
}

/**
 * Gives old-style hooks (`processRequest`, `processResponse`) the modern shape, with Django's
 * modern short-circuit rule: when `processRequest` answers, the inner layers never run, this
 * layer's `processResponse` and the outer layers' do. Pass the hooks, or a function that builds
 * them once from `getResponse`.
 *
 * @example
 * ```ts
 * const timing = fromHooks<HttpRequest, HttpResponse>({
 *   processRequest(request) { request.started = performance.now(); },
 *   processResponse(request, response) {
 *     response.headers.set('Server-Timing', `app;dur=${performance.now() - request.started}`);
 *     return response;
 *   },
 * });
 * ```
 */
export function fromHooks<Req, Res>(
  hooks:
    MiddlewareHooks<Req, Res> | ((getResponse: GetResponse<Req, Res>) => MiddlewareHooks<Req, Res>),
): Middleware<Req, Res> {
  return (getResponse) => {
    const h = typeof hooks === 'function' ? hooks(getResponse) : hooks;
    const processRequest = h.processRequest?.bind(h);
    const processResponse = h.processResponse?.bind(h);
    const inner: GetResponse<Req, Res> = processRequest
      ? (request) => {
          const early = processRequest(request);
          if (isPromiseLike(early))
            return Promise.resolve(early).then((res) => res ?? getResponse(request));
          return early ?? getResponse(request);
        }
      : getResponse;
    const handler: MiddlewareHandler<Req, Res> = processResponse
      ? (request) => {
          const response = inner(request);
          if (isPromiseLike(response))
            return Promise.resolve(response).then((res) => processResponse(request, res));
          return processResponse(request, response);
        }
      : (request) => inner(request);
    // Read by `compose`, which runs a stretch of such layers in one loop (see fuseHookLayers).
    Object.defineProperty(handler, hookLayer, { value: { processRequest, processResponse } });
    if (h.processView) handler.processView = h.processView.bind(h);
    if (h.processException) handler.processException = h.processException.bind(h);
    if (h.processTemplateResponse)
      handler.processTemplateResponse = h.processTemplateResponse.bind(h);
    return handler;
  };
}

/**
 * A base class for old-style middleware, as Django's `MiddlewareMixin`: define any of the hooks
 * as methods, then put `MyMiddleware.asMiddleware()` in the list given to `compose`.
 *
 * @example
 * ```ts
 * class NoIe extends MiddlewareMixin<HttpRequest, HttpResponse> {
 *   processRequest(request: HttpRequest) {
 *     if (/MSIE/.test(request.headers.get('User-Agent') ?? '')) return new HttpResponseForbidden();
 *   }
 * }
 * const chain = compose([NoIe.asMiddleware()], viewCaller);
 * ```
 */
export abstract class MiddlewareMixin<Req, Res> implements MiddlewareHooks<Req, Res> {
  constructor(protected readonly getResponse: GetResponse<Req, Res>) {}

  processRequest?(request: Req): MaybePromise<Res | null | undefined | void>;
  processResponse?(request: Req, response: Res): MaybePromise<Res>;
  processView?(...args: Parameters<ProcessView<Req, Res>>): ReturnType<ProcessView<Req, Res>>;
  processException?(
    ...args: Parameters<ProcessException<Req, Res>>
  ): ReturnType<ProcessException<Req, Res>>;
  processTemplateResponse?(
    ...args: Parameters<ProcessTemplateResponse<Req, Res>>
  ): ReturnType<ProcessTemplateResponse<Req, Res>>;

  /** This class as a middleware factory: one instance is built per chain, at start-up. */
  static asMiddleware<Req, Res>(
    this: new (getResponse: GetResponse<Req, Res>) => MiddlewareMixin<Req, Res>,
  ): Middleware<Req, Res> {
    return fromHooks<Req, Res>((getResponse) => new this(getResponse));
  }
}
