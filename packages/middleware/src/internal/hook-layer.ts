import type { MaybePromise } from '../types.js';

/**
 * What `fromHooks` leaves on the handler it builds, for `compose`: the layer's own
 * `processRequest` and `processResponse`. `compose` runs a stretch of such layers in one loop,
 * so an async view costs one promise for the whole stretch instead of two per layer.
 */
export interface HookLayer<Req, Res> {
  readonly processRequest:
    ((request: Req) => MaybePromise<Res | null | undefined | void>) | undefined;
  readonly processResponse: ((request: Req, response: Res) => MaybePromise<Res>) | undefined;
}

export const hookLayer: unique symbol = Symbol('stack.middleware.hookLayer');

export function hookLayerOf<Req, Res>(handler: object): HookLayer<Req, Res> | undefined {
  return (handler as { [hookLayer]?: HookLayer<Req, Res> })[hookLayer];
}
