/**
 * Raised by `addMessage` and the level shortcuts when the request has no message storage
 * (Django's `MessageFailure`): `MessageMiddleware` is missing from the middleware list.
 *
 * @example
 * ```ts
 * try { error(request, 'Oops'); } catch (e) { if (e instanceof MessageFailure) … }
 * ```
 */
export class MessageFailure extends Error {
  override name = 'MessageFailure';
}
