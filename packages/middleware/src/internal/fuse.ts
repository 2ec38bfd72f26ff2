import type { ConvertException, MaybePromise } from '../types.js';
import type { HookLayer } from './hook-layer.js';
import { isPromiseLike } from './maybe-promise.js';

/**
 * Runs a stretch of consecutive `fromHooks` layers (outermost first) above `bottom` in one loop,
 * with exactly the semantics of nesting them, each wrapped in `convertException`, and `bottom`
 * too (it is passed unwrapped: its errors are converted here, as layer `n`'s): every
 * `processRequest` on the way in (the first answer short-circuits: the inner layers are skipped,
 * that layer's `processResponse` and the outer ones run), every `processResponse` on the way
 * out, and an error raised inside layer `i` converted there, its response going on to layer
 * `i - 1`'s `processResponse`. It stays synchronous until something returns a promise; then one
 * promise carries the rest of the stretch, where nesting allocated two per layer (the layer's
 * `then` and the conversion's). Without `convertException`, errors propagate, as nesting does.
 *
 * Layer indices: `i` is the layer, `stop` the outermost layer this call unwinds to (0, or the
 * layer below an async `processRequest`, whose continuation unwinds only the inner layers).
 *
 * Each phase walks a dense array of the hooks it has, built here once (with each hook's layer
 * index beside it), rather than every layer asking whether it has the hook: Django's seven
 * defaults have five `processRequest` and six `processResponse` hooks among seven layers. And a
 * response is tested for a promise only where it can become one (from `bottom`, an answer on
 * the way in or a `processResponse`), not again at every layer it passes.
 */
export function fuseHookLayers<Req, Res>(
  layers: readonly HookLayer<Req, Res>[],
  bottom: (request: Req) => MaybePromise<Res>,
  convert: ConvertException<Req, Res> | undefined,
): (request: Req) => MaybePromise<Res> {
  const n = layers.length;
  type RequestHook = NonNullable<HookLayer<Req, Res>['processRequest']>;
  type ResponseHook = NonNullable<HookLayer<Req, Res>['processResponse']>;
  const requestHooks: RequestHook[] = [];
  const requestLayer: number[] = [];
  const responseHooks: ResponseHook[] = [];
  const responseLayer: number[] = [];
  /** `firstRequest[i]`: the first entry of `requestHooks` at layer `i` or inside it. */
  const firstRequest: number[] = [];
  /** `lastResponse[i]`: the last entry of `responseHooks` at layer `i` or outside it (-1: none). */
  const lastResponse: number[] = [];
  for (let i = 0; i < n; i++) {
    const { processRequest, processResponse } = layers[i]!;
    firstRequest.push(requestHooks.length);
    if (processRequest !== undefined) {
      requestHooks.push(processRequest);
      requestLayer.push(i);
    }
    if (processResponse !== undefined) {
      responseHooks.push(processResponse);
      responseLayer.push(i);
    }
    lastResponse.push(responseHooks.length - 1);
  }
  firstRequest.push(requestHooks.length);
  // `bottom`, as layer `n`, has no processResponse of its own.
  lastResponse.push(responseHooks.length - 1);

  /**
   * The inward pass from layer `from`, then the outward pass down to layer `stop`. `bottom`
   * counts as layer `n`: its error is converted before layer `n - 1`'s `processResponse` sees
   * the response, as when it was wrapped on its own.
   */
  const run = (request: Req, from: number, stop: number): MaybePromise<Res> => {
    for (let k = firstRequest[from]!; k < requestHooks.length; k++) {
      let early: MaybePromise<Res | null | undefined | void>;
      try {
        early = requestHooks[k]!(request);
      } catch (error) {
        return raise(request, error, requestLayer[k]!, stop);
      }
      if (early != null) return answered(request, early, requestLayer[k]!, stop);
    }
    let response: MaybePromise<Res>;
    try {
      response = bottom(request);
    } catch (error) {
      return raise(request, error, n, stop);
    }
    return unwind(request, response, n, stop);
  };

  /** Layer `i`'s `processRequest` gave `early` (not null): an answer, or a promise of one. */
  const answered = (
    request: Req,
    early: MaybePromise<Res | null | undefined | void> & {},
    i: number,
    stop: number,
  ): MaybePromise<Res> => {
    if (isPromiseLike(early)) {
      const next = i + 1;
      const inner = Promise.resolve(early).then((res) => res ?? run(request, next, next));
      return waitIn(request, inner, i, stop);
    }
    return unwind(request, early as Res, i, stop);
  };

  /** `response` reached layer `i` from inside (before its `processResponse`). */
  const unwind = (
    request: Req,
    response: MaybePromise<Res>,
    i: number,
    stop: number,
  ): MaybePromise<Res> => {
    if (i < stop) return response;
    if (isPromiseLike(response)) return waitIn(request, response, i, stop);
    for (let k = lastResponse[i]!; k >= 0; k--) {
      const layer = responseLayer[k]!;
      if (layer < stop) break;
      let out: MaybePromise<Res>;
      try {
        out = responseHooks[k]!(request, response);
      } catch (error) {
        return raise(request, error, layer, stop);
      }
      if (isPromiseLike(out)) return waitOut(request, out, layer, stop);
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

  if (generation.enabled) {
    const straight = generateStraightPath<Req, Res>(requestLayer, responseLayer, n);
    if (straight !== undefined) {
      return straight(requestHooks, responseHooks, bottom, {
        raise,
        answered,
        waitIn,
        waitOut,
      });
    }
  }
  return (request) => run(request, 0, 0);
}

/** Whether the straight path may be generated (tests turn it off to check the generic loop). */
const generation = { enabled: true };

/** @internal For tests: fuse the stretches composed from now on with the generic loop only. */
export function setStraightPathGeneration(enabled: boolean): void {
  generation.enabled = enabled;
}

/** What the generated straight path hands over to as soon as it leaves the common case. */
interface Exits<Req, Res> {
  raise(request: Req, error: unknown, i: number, stop: number): MaybePromise<Res>;
  answered(request: Req, early: object, i: number, stop: number): MaybePromise<Res>;
  waitIn(request: Req, pending: PromiseLike<Res>, i: number, stop: number): Promise<Res>;
  waitOut(request: Req, pending: PromiseLike<Res>, i: number, stop: number): Promise<Res>;
}

type Straight<Req, Res> = (
  requestHooks: readonly ((request: Req) => unknown)[],
  responseHooks: readonly ((request: Req, response: Res) => MaybePromise<Res>)[],
  bottom: (request: Req) => MaybePromise<Res>,
  exits: Exits<Req, Res>,
) => (request: Req) => MaybePromise<Res>;

/**
 * The whole stretch for a request that no hook answers early, that raises nothing and where
 * nothing is a promise (every request through Django's defaults to a sync view), written out once
 * per stretch with one call site per hook: `processRequest` hooks outer to inner, then `bottom`,
 * then `processResponse` hooks inner to outer. When `bottom` gives a promise (an async view), the
 * outward pass after it settles is written out too (`fusedResponse`). In the generic loop one call
 * site sees every layer's hook, so V8 can neither inline a hook nor skip its generic call
 * dispatch; here each site sees one function, and the promise test is written out (a value with a
 * callable `then`, the Promises/A+ thenable) instead of a call. Measured with the seven defaults:
 * 1.0k fewer instructions per request than the loop (83.1k -> 82.1k for hello JSON). Anything else
 * leaves for the generic code at the layer where it happened (`exits`), so the semantics are the
 * loop's (compose.test.ts compares both with nesting). The source holds only hook positions and
 * layer numbers; the hooks reach it as arguments. Where the runtime refuses code generation
 * (`--disallow-code-generation-from-strings`), the generic loop runs.
 */
function generateStraightPath<Req, Res>(
  requestLayer: readonly number[],
  responseLayer: readonly number[],
  n: number,
): Straight<Req, Res> | undefined {
  const constants: string[] = [];
  const body: string[] = ['let early, response, out;'];
  requestLayer.forEach((layer, k) => {
    constants.push(`const q${k} = requestHooks[${k}];`);
    body.push(
      `try { early = q${k}(request); } catch (error) { return raise(request, error, ${layer}, 0); }`,
      `if (early != null) return answered(request, early, ${layer}, 0);`,
    );
  });
  body.push(
    `try { response = bottom(request); } catch (error) { return raise(request, error, ${n}, 0); }`,
    `if (typeof response?.then === 'function') return waitBottom(request, response);`,
  );
  // The outward pass, written twice: in `fusedHooks` for a sync view, and as `fusedResponse`
  // for what an async view's promise gives. The generic `unwind` ran there before: one call
  // site for every hook, so none inlined, and megamorphic loads (fortunes page, whose view is
  // async, with the seven defaults: 239.8k -> 237.6k instructions per request).
  const outward: string[] = [];
  for (let k = responseLayer.length - 1; k >= 0; k--) {
    const layer = responseLayer[k]!;
    constants.push(`const p${k} = responseHooks[${k}];`);
    outward.push(
      `try { out = p${k}(request, response); } catch (error) { return raise(request, error, ${layer}, 0); }`,
      `if (typeof out?.then === 'function') return waitOut(request, out, ${layer}, 0);`,
      'response = out;',
    );
  }
  body.push(...outward, 'return response;');
  try {
    return new Function(
      'requestHooks',
      'responseHooks',
      'bottom',
      'exits',
      [
        'const { raise, answered, waitIn, waitOut } = exits;',
        ...constants,
        // `unwind(request, response, n, 0)`: a settled value is tested again, as there.
        'function fusedResponse(request, response) {',
        'let out;',
        `if (typeof response?.then === 'function') return waitIn(request, response, ${n}, 0);`,
        ...outward,
        'return response;',
        '}',
        // `waitIn(request, pending, n, 0)`, continuing with `fusedResponse`.
        'function waitBottom(request, pending) {',
        '  return Promise.resolve(pending).then(',
        '    (res) => fusedResponse(request, res),',
        `    (error) => raise(request, error, ${n}, 0),`,
        '  );',
        '}',
        'return function fusedHooks(request) {',
        ...body,
        '};',
      ].join('\n'),
    ) as Straight<Req, Res>;
  } catch {
    // Code generation refused: the generic loop runs.
    return undefined;
  }
}
