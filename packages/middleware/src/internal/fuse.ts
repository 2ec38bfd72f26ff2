import type { ConvertException, MaybePromise } from '../types.js';
import type { HookLayer } from './hook-layer.js';
import { isPromiseLike } from './maybe-promise.js';

/**
 * Runs a stretch of consecutive `fromHooks` layers (outermost first) above `bottom` in one loop,
 * with exactly the semantics of nesting them, each wrapped in `convertException`: every
 * `processRequest` on the way in (the first answer short-circuits: the inner layers are skipped,
 * that layer's `processResponse` and the outer ones run), every `processResponse` on the way
 * out, and an error raised inside layer `i` converted there, its response going on to layer
 * `i - 1`'s `processResponse`. It stays synchronous until something returns a promise; then one
 * promise carries the rest of the stretch, where nesting allocated two per layer (the layer's
 * `then` and the conversion's). Without `convertException`, errors propagate, as nesting does.
 *
 * Layer indices: `i` is the layer, `stop` the outermost layer this call unwinds to (0, or the
 * layer below an async `processRequest`, whose continuation unwinds only the inner layers).
 */
export function fuseHookLayers<Req, Res>(
  layers: readonly HookLayer<Req, Res>[],
  bottom: (request: Req) => MaybePromise<Res>,
  convert: ConvertException<Req, Res> | undefined,
): (request: Req) => MaybePromise<Res> {
  const n = layers.length;

  /** The inward pass from layer `from`, then the outward pass down to layer `stop`. */
  const run = (request: Req, from: number, stop: number): MaybePromise<Res> => {
    if (from === n) return bottom(request);
    let i = from;
    let response: MaybePromise<Res> | undefined;
    for (; i < n; i++) {
      const processRequest = layers[i]!.processRequest;
      if (processRequest === undefined) continue;
      let early: MaybePromise<Res | null | undefined | void>;
      try {
        early = processRequest(request);
      } catch (error) {
        return raise(request, error, i, stop);
      }
      if (isPromiseLike(early)) {
        const next = i + 1;
        const inner = Promise.resolve(early).then((res) => res ?? run(request, next, next));
        return waitIn(request, inner, i, stop);
      }
      if (early != null) {
        response = early;
        break;
      }
    }
    if (i === n) {
      i = n - 1;
      try {
        response = bottom(request);
      } catch (error) {
        return raise(request, error, i, stop);
      }
    }
    return unwind(request, response as MaybePromise<Res>, i, stop);
  };

  /** `response` reached layer `i` from inside (before its `processResponse`). */
  const unwind = (
    request: Req,
    response: MaybePromise<Res>,
    i: number,
    stop: number,
  ): MaybePromise<Res> => {
    for (; i >= stop; i--) {
      if (isPromiseLike(response)) return waitIn(request, response, i, stop);
      const processResponse = layers[i]!.processResponse;
      if (processResponse === undefined) continue;
      let out: MaybePromise<Res>;
      try {
        out = processResponse(request, response);
      } catch (error) {
        return raise(request, error, i, stop);
      }
      if (isPromiseLike(out)) return waitOut(request, out, i, stop);
      response = out;
    }
    return response;
  };

  /** An error inside layer `i`: converted there; a conversion that throws is layer `i - 1`'s error. */
  const raise = (request: Req, error: unknown, i: number, stop: number): MaybePromise<Res> => {
    if (convert === undefined) throw error;
    for (;;) {
      let converted: MaybePromise<Res>;
      try {
        converted = convert(error, request);
      } catch (again) {
        if (i === stop) throw again;
        error = again;
        i--;
        continue;
      }
      return unwind(request, converted, i - 1, stop);
    }
  };

  /** A promise of what reaches layer `i` from inside. */
  const waitIn = (request: Req, pending: PromiseLike<Res>, i: number, stop: number): Promise<Res> =>
    Promise.resolve(pending).then(
      (res) => unwind(request, res, i, stop),
      (error: unknown) => raise(request, error, i, stop),
    );

  /** A promise of layer `i`'s `processResponse`: its rejection is still layer `i`'s error. */
  const waitOut = (
    request: Req,
    pending: PromiseLike<Res>,
    i: number,
    stop: number,
  ): Promise<Res> =>
    Promise.resolve(pending).then(
      (res) => unwind(request, res, i - 1, stop),
      (error: unknown) => raise(request, error, i, stop),
    );

  return (request) => run(request, 0, 0);
}
