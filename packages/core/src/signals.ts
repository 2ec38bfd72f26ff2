import { Signal } from '@stack/orm';

/**
 * Sent when the handler starts a request, before the middleware (Django's `request_started`).
 *
 * @example
 * ```ts
 * requestStarted.connect(({ environ }) => counter.inc());
 * ```
 */
export const requestStarted = new Signal<{ environ: Record<string, unknown> }>();

/**
 * Sent once the response has been sent, or the client went away (Django's `request_finished`).
 *
 * @example
 * ```ts
 * requestFinished.connect(() => connections.closeAll());
 * ```
 */
export const requestFinished = new Signal<Record<string, never>>();

/**
 * Sent when a view or middleware raised an error the handler turned into a 500 (Django's
 * `got_request_exception`).
 *
 * @example
 * ```ts
 * gotRequestException.connect(({ error }) => reportToSentry(error));
 * ```
 */
export const gotRequestException = new Signal<{ request: unknown; error: unknown }>();

/**
 * Sent each time the project's template engine renders a template, parents and includes too
 * (Django's `template_rendered`); the test `Client` records the templates and contexts on the
 * response from it.
 *
 * @example
 * ```ts
 * templateRendered.connect(({ templateName }) => seen.push(templateName));
 * ```
 */
export const templateRendered = new Signal<{
  templateName: string;
  context: Record<string, unknown>;
}>();

/** Sends without letting a receiver's error escape (Django's `send_robust`); errors are logged. */
export async function sendRobust<A>(signal: Signal<A>, sender: unknown, args: A): Promise<void> {
  try {
    await signal.send(sender, args);
  } catch (error) {
    console.error('A signal receiver failed', error);
  }
}
