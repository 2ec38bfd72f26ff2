import { InvalidResponse, MiddlewareNotUsed } from './errors.js';
import { fuseHookLayers } from './internal/fuse.js';
import { type HookLayer, hookLayerOf } from './internal/hook-layer.js';
import { andThen, attempt, firstOf, isPromiseLike, reduceWith } from './internal/maybe-promise.js';
import type {
  ConvertException,
  MaybePromise,
  Middleware,
  MiddlewareHandler,
  View,
  ViewKwargs,
} from './types.js';

/**
 * The composed onion: call `handler` once per request. The `run*` helpers are what the
 * innermost caller (the framework's handler, after URL resolution) uses to run the hooks the
 * layers registered, in Django's order.
 *
 * @example
 * ```ts
 * const chain: MiddlewareChain<HttpRequest, HttpResponseBase> = compose(middleware, viewCaller);
 * const response = await chain.handler(request);
 * ```
 */
export interface MiddlewareChain<Req, Res> {
  /** The outermost layer: `mw1(mw2(...mwN(viewCaller)))`. */
  readonly handler: (request: Req) => MaybePromise<Res>;
  /** How many layers are in the chain (those that threw `MiddlewareNotUsed` are not). */
  readonly size: number;
  /**
   * Django's `_get_response` after resolution: `processView` hooks, then the view (its errors
   * through `processException`), then, for a response with `render()`, the
   * `processTemplateResponse` hooks and the render (its errors through `processException`).
   */
  runView(
    request: Req,
    view: View<Req, Res>,
    args?: readonly unknown[],
    kwargs?: ViewKwargs,
  ): MaybePromise<Res>;
  /** The `processView` hooks, outer to inner; the first response wins, `undefined` if none. */
  runProcessView(
    request: Req,
    view: View<Req, Res>,
    args: readonly unknown[],
    kwargs: ViewKwargs,
  ): MaybePromise<Res | undefined>;
  /** The `processException` hooks, inner to outer; the first response wins, `undefined` if none. */
  runProcessException(request: Req, error: unknown): MaybePromise<Res | undefined>;
  /** The `processTemplateResponse` hooks, inner to outer, each given the previous one's response. */
  runProcessTemplateResponse(request: Req, response: Res): MaybePromise<Res>;
}

/**
 * The innermost layer: receives each request and the chain, whose `run*` helpers it may use.
 *
 * @example
 * ```ts
 * const viewCaller: ViewCaller<HttpRequest, HttpResponseBase> = (request, chain) => {
 *   const match = resolve(request.pathInfo, urlconf);
 *   request.resolverMatch = match;
 *   return chain.runView(request, match.func, match.args, match.kwargs);
 * };
 * ```
 */
export type ViewCaller<Req, Res> = (
  request: Req,
  chain: MiddlewareChain<Req, Res>,
) => MaybePromise<Res>;

/** Options of `compose`. */
export interface ComposeOptions<Req, Res> {
  /**
   * Turns an error escaping any layer into a response, as Django wraps every layer in
   * `convert_exception_to_response`: the layers outside still see (and decorate) a 404 or a
   * 500. Without it, errors propagate to the caller of `handler`.
   */
  convertException?: ConvertException<Req, Res> | undefined;
  /**
   * How `runView` calls a view. The default is `view(request, ...args)`, with `kwargs`
   * appended when it has keys.
   */
  callView?:
    | ((
        view: View<Req, Res>,
        request: Req,
        args: readonly unknown[],
        kwargs: ViewKwargs,
      ) => MaybePromise<Res>)
    | undefined;
}

const noArgs: readonly unknown[] = Object.freeze([]);
const noKwargs: ViewKwargs = Object.freeze({});

function defaultCallView<Req, Res>(
  view: View<Req, Res>,
  request: Req,
  args: readonly unknown[],
  kwargs: ViewKwargs,
) {
  if (kwargs !== noKwargs) for (const _ in kwargs) return view(request, ...args, kwargs);
  return args.length === 0 ? view(request) : view(request, ...args);
}

function isRenderable(response: unknown): response is { render(): unknown } {
  return typeof (response as { render?: unknown } | null)?.render === 'function';
}

function nameOf(fn: object, fallback: string): string {
  const name = (fn as { name?: unknown }).name;
  return typeof name === 'string' && name ? name : fallback;
}

const describeView = (view: object) => `The view ${nameOf(view, 'view')}`;
const describeTemplateHook = (layer: object) =>
  `${nameOf(layer, 'middleware')}.processTemplateResponse`;

/**
 * `describe(culprit)` names the culprit in the error; it only runs on an error, so the usual
 * case builds no string and no closure. `response` is always a settled value, never a promise
 * (Django's "unawaited coroutine" check has nothing to catch here): the sync paths test for a
 * promise before they get here, and a promise's value is never a thenable, since resolving
 * one flattens them. So no promise test, which cost a call per request.
 */
function checkResponse<Res>(
  response: Res,
  culprit: object,
  describe: (culprit: object) => string,
): Res {
  if (response == null) {
    throw new InvalidResponse(
      `${describe(culprit)} didn't return an HttpResponse object. It returned ${String(response)} instead.`,
    );
  }
  return response;
}

/**
 * Builds the middleware onion once, at start-up, innermost first, and collects the layers'
 * hooks in Django's order: `processView` outer to inner, `processException` and
 * `processTemplateResponse` inner to outer. The first middleware in the list is the outermost.
 * Sync and async layers mix freely: the result stays synchronous until a layer returns a promise.
 *
 * @example
 * ```ts
 * const chain = compose([SecurityMiddleware(), CsrfViewMiddleware()], (request, chain) => {
 *   const match = resolve(request.pathInfo, urlconf);
 *   request.resolverMatch = match;
 *   return chain.runView(request, match.func, match.args, match.kwargs);
 * });
 * const response = await chain.handler(request);
 * ```
 */
export function compose<Req, Res>(
  middleware: readonly Middleware<Req, Res>[],
  viewCaller: ViewCaller<Req, Res>,
  options: ComposeOptions<Req, Res> = {},
): MiddlewareChain<Req, Res> {
  const { convertException, callView = defaultCallView } = options;
  const viewHooks: MiddlewareHandler<Req, Res>[] = [];
  const exceptionHooks: MiddlewareHandler<Req, Res>[] = [];
  const templateHooks: MiddlewareHandler<Req, Res>[] = [];

  const wrap = convertException
    ? (layer: (request: Req) => MaybePromise<Res>) =>
        (request: Req): MaybePromise<Res> => {
          let response: MaybePromise<Res>;
          try {
            response = layer(request);
          } catch (error) {
            return convertException(error, request);
          }
          return isPromiseLike(response)
            ? Promise.resolve(response).then(undefined, (error: unknown) =>
                convertException(error, request),
              )
            : response;
        }
    : (layer: (request: Req) => MaybePromise<Res>) => layer;

  const runProcessView: MiddlewareChain<Req, Res>['runProcessView'] = (
    request,
    view,
    args,
    kwargs,
  ) => {
    // A plain loop: this runs on every request, and a sync hook should cost a call, no closure.
    for (let i = 0; i < viewHooks.length; i++) {
      const result = viewHooks[i]!.processView!(request, view, args, kwargs);
      if (isPromiseLike(result)) {
        return Promise.resolve(result).then((early) =>
          early != null
            ? early
            : firstOf(viewHooks.slice(i + 1), (layer) =>
                layer.processView!(request, view, args, kwargs),
              ),
        );
      }
      if (result != null) return result;
    }
    return undefined;
  };

  const runProcessException: MiddlewareChain<Req, Res>['runProcessException'] = (request, error) =>
    firstOf(exceptionHooks, (layer) => layer.processException!(request, error));

  const runProcessTemplateResponse: MiddlewareChain<Req, Res>['runProcessTemplateResponse'] = (
    request,
    response,
  ) =>
    reduceWith(templateHooks, response, (layer, current) =>
      andThen(layer.processTemplateResponse!(request, current), (next) =>
        checkResponse(next, layer, describeTemplateHook),
      ),
    );

  const rescue = (request: Req, error: unknown): MaybePromise<Res> =>
    andThen(runProcessException(request, error), (response) => {
      if (response == null) throw error;
      return response;
    });

  const render = (request: Req, response: Res): MaybePromise<Res> =>
    andThen(runProcessTemplateResponse(request, response), (processed) =>
      attempt(
        () =>
          andThen(
            (processed as { render(): MaybePromise<Res | undefined> }).render(),
            (out) => out ?? processed,
          ),
        (error) => rescue(request, error),
      ),
    );

  const afterView = (request: Req, view: View<Req, Res>, response: Res): MaybePromise<Res> => {
    checkResponse(response, view, describeView);
    return isRenderable(response) ? render(request, response) : response;
  };

  const callAndRescue = (
    request: Req,
    view: View<Req, Res>,
    args: readonly unknown[],
    kwargs: ViewKwargs,
  ): MaybePromise<Res> => {
    let response: MaybePromise<Res>;
    try {
      response = callView(view, request, args, kwargs);
    } catch (error) {
      return andThen(rescue(request, error), (res) => afterView(request, view, res));
    }
    if (isPromiseLike(response)) {
      return Promise.resolve(response).then(
        (res) => afterView(request, view, res),
        (error: unknown) => andThen(rescue(request, error), (res) => afterView(request, view, res)),
      );
    }
    return afterView(request, view, response);
  };

  const runView: MiddlewareChain<Req, Res>['runView'] = (
    request,
    view,
    args = noArgs,
    kwargs = noKwargs,
  ) => {
    // The common case, no processView hook, allocates nothing beyond the view's own work.
    if (viewHooks.length === 0) return callAndRescue(request, view, args, kwargs);
    const early = runProcessView(request, view, args, kwargs);
    if (isPromiseLike(early)) {
      return Promise.resolve(early).then((res) =>
        res == null ? callAndRescue(request, view, args, kwargs) : afterView(request, view, res),
      );
    }
    return early == null
      ? callAndRescue(request, view, args, kwargs)
      : afterView(request, view, early);
  };

  const chain: { -readonly [K in keyof MiddlewareChain<Req, Res>]: MiddlewareChain<Req, Res>[K] } =
    {
      handler: undefined as unknown as MiddlewareChain<Req, Res>['handler'],
      size: 0,
      runView,
      runProcessView,
      runProcessException,
      runProcessTemplateResponse,
    };

  const callViewCaller = (request: Req) => viewCaller(request, chain);
  let handler = wrap(callViewCaller);
  // A stretch of consecutive `fromHooks` layers (outermost first) runs as one loop above
  // `bottom`, the handler below it, unwrapped: the loop converts its errors as `wrap` would (see
  // fuseHookLayers), which spares a call, a try and a promise test per request.
  let stretch: HookLayer<Req, Res>[] = [];
  let bottom: (request: Req) => MaybePromise<Res> = callViewCaller;
  for (let i = middleware.length - 1; i >= 0; i--) {
    const factory = middleware[i]!;
    let layer: MiddlewareHandler<Req, Res>;
    try {
      layer = factory(handler);
    } catch (error) {
      if (error instanceof MiddlewareNotUsed) continue;
      throw error;
    }
    if (typeof layer !== 'function') {
      throw new InvalidResponse(
        `Middleware factory ${nameOf(factory, `#${i}`)} returned ${String(layer)}.`,
      );
    }
    if (layer.processView) viewHooks.unshift(layer);
    if (layer.processTemplateResponse) templateHooks.push(layer);
    if (layer.processException) exceptionHooks.push(layer);
    const hooks = hookLayerOf<Req, Res>(layer);
    if (hooks) {
      stretch = [hooks, ...stretch];
      handler = fuseHookLayers(stretch, bottom, convertException);
    } else {
      handler = wrap(layer);
      stretch = [];
      bottom = layer;
    }
    chain.size++;
  }
  chain.handler = handler;
  return Object.freeze(chain);
}
