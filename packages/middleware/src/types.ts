/**
 * The middleware protocol of CONTRIBUTING.md, as types. Everything is generic over the request
 * and response types so the onion works with any pair (our `HttpRequest`/`HttpResponse`, or a
 * test double); the built-ins fix them to `@stack/request`'s classes.
 */

/** A value, or a promise of it: sync and async layers share one signature. */
export type MaybePromise<T> = T | Promise<T>;

/** The next layer inward: call it to go on, or do not and short-circuit. */
export type GetResponse<Req, Res> = (request: Req) => MaybePromise<Res>;

/**
 * A view as the resolver matched it: `(request, ...args)` for positional captures, with the
 * keyword captures appended as one object when there are any.
 */
export type View<Req, Res> = (request: Req, ...args: any[]) => MaybePromise<Res>;

/** Keyword captures of a resolved URL. */
export type ViewKwargs = Record<string, unknown>;

/**
 * Runs after URL resolution, outer to inner, just before the view. Return a response to answer
 * instead of the view (the remaining `processView` hooks and the view are skipped), or
 * nothing to go on.
 */
export type ProcessView<Req, Res> = (
  request: Req,
  view: View<Req, Res>,
  args: readonly unknown[],
  kwargs: ViewKwargs,
) => MaybePromise<Res | null | undefined | void>;

/**
 * Runs, inner to outer, when the view (or a `processView` hook, or a template render) throws.
 * The first hook that returns a response wins; if none does, the error propagates.
 */
export type ProcessException<Req, Res> = (
  request: Req,
  error: unknown,
) => MaybePromise<Res | null | undefined | void>;

/**
 * Runs, inner to outer, on a response that can still be rendered (one with a `render()` method,
 * such as a `TemplateResponse`), before it is rendered. Must return a response.
 */
export type ProcessTemplateResponse<Req, Res> = (request: Req, response: Res) => MaybePromise<Res>;

/**
 * What a middleware factory returns: the handler for one request, with optional hooks.
 *
 * @example
 * ```ts
 * const handler: MiddlewareHandler<HttpRequest, HttpResponseBase> = Object.assign(
 *   (request: HttpRequest) => getResponse(request),
 *   { processException: (request: HttpRequest, error: unknown) => (error instanceof Gone ? new HttpResponseGone() : undefined) },
 * );
 * ```
 */
export interface MiddlewareHandler<Req, Res> {
  (request: Req): MaybePromise<Res>;
  processView?: ProcessView<Req, Res> | undefined;
  processException?: ProcessException<Req, Res> | undefined;
  processTemplateResponse?: ProcessTemplateResponse<Req, Res> | undefined;
}

/**
 * A middleware: called once, at start-up, with the next layer inward; returns the handler that
 * runs for every request. Throw `MiddlewareNotUsed` here to drop out of the chain.
 *
 * @example
 * ```ts
 * const poweredBy: Middleware<HttpRequest, HttpResponseBase> = (getResponse) => async (request) => {
 *   const response = await getResponse(request);
 *   response.setdefault('X-Powered-By', 'Stack');
 *   return response;
 * };
 * ```
 */
export type Middleware<Req, Res> = (
  getResponse: GetResponse<Req, Res>,
) => MiddlewareHandler<Req, Res>;

/** Turns an error thrown by a layer into a response (Django's `convert_exception_to_response`). */
export type ConvertException<Req, Res> = (error: unknown, request: Req) => MaybePromise<Res>;
