import { deferred, type Deferred } from './deferred.js';

/**
 * A bounded FIFO with one waiting reader at a time, as a consumer reads its channel. Entries
 * carry their expiry; expired ones are skipped.
 */
export class Mailbox<T> {
  readonly #items: { value: T; expires: number }[] = [];
  #waiter: Deferred<T> | undefined;

  get size(): number {
    return this.#items.length;
  }

  /** False when the box holds `capacity` live entries already. */
  offer(value: T, expires: number, capacity: number): boolean {
    if (this.#waiter !== undefined) {
      const waiter = this.#waiter;
      this.#waiter = undefined;
      waiter.resolve(value);
      return true;
    }
    this.#prune();
    if (this.#items.length >= capacity) return false;
    this.#items.push({ value, expires });
    return true;
  }

  /** Adds, dropping the oldest entry when full (a slow reader loses old news, not memory). */
  force(value: T, expires: number, capacity: number): void {
    if (!this.offer(value, expires, capacity)) {
      this.#items.shift();
      this.#items.push({ value, expires });
    }
  }

  take(signal: AbortSignal | undefined): Promise<T> {
    this.#prune();
    const item = this.#items.shift();
    if (item !== undefined) return Promise.resolve(item.value);
    if (signal?.aborted) return Promise.reject(signal.reason);
    const waiter = deferred<T>();
    this.#waiter = waiter;
    signal?.addEventListener(
      'abort',
      () => {
        if (this.#waiter === waiter) this.#waiter = undefined;
        waiter.reject(signal.reason);
      },
      { once: true },
    );
    return waiter.promise;
  }

  get waiting(): boolean {
    return this.#waiter !== undefined;
  }

  #prune(): void {
    const now = Date.now();
    while (this.#items.length > 0 && this.#items[0]!.expires <= now) this.#items.shift();
  }
}
