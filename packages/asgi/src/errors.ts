/** The errors of the ASGI layer: one small hierarchy, each with a typed `code`. */

/** The base class: every error this package throws is an `AsgiError`. */
export class AsgiError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * The application broke the protocol: a message of an unknown type, one sent in the wrong state
 * (`websocket.send` before `websocket.accept`), or a malformed one (a header with a newline).
 *
 * @example
 * ```ts
 * await send({ type: 'websocket.send', text: 'hi' }); // before accept: throws AsgiProtocolError
 * ```
 */
export class AsgiProtocolError extends AsgiError {}

/**
 * `send()` was called on a connection the client already closed (the specification's
 * "server-specific subclass of IOError"). Consumers swallow it; raw applications may catch it.
 *
 * @example
 * ```ts
 * try { await send({ type: 'websocket.send', text }); }
 * catch (error) { if (!(error instanceof ClientDisconnected)) throw error; }
 * ```
 */
export class ClientDisconnected extends AsgiError {
  constructor(message = 'The client has disconnected') {
    super(message);
  }
}

/**
 * A channel already holds `capacity` messages (Channels' `ChannelFull`): the receiver is too
 * slow, and the message is refused rather than let memory grow. `groupSend` drops such messages
 * for the members that are full and delivers to the others, as Channels does.
 *
 * @example
 * ```ts
 * try { await layer.send(channel, { type: 'job' }); }
 * catch (error) { if (error instanceof ChannelFull) retryLater(); else throw error; }
 * ```
 */
export class ChannelFull extends AsgiError {
  constructor(channel: string) {
    super(`Channel ${JSON.stringify(channel)} is full`);
  }
}

/**
 * A channel or group name that is not 1 to 99 characters of ASCII letters, digits, `-`, `_`
 * or `.` (with one `!` for a process-local channel), or a message that is not an object with a
 * string `type`.
 */
export class InvalidChannelLayerInput extends AsgiError {}
