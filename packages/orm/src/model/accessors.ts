import { connections } from '../connections.js';
import { RelatedObjectNotLoaded } from '../errors.js';
import type { ForeignKey, ManyToManyField } from '../fields/related.js';
import { relatedManagerFor } from '../query/manager-registry.js';
import { prefetchRelatedObjects } from '../query/prefetch.js';
import type { Model } from './model.js';
import type { ModelMeta, RelatedObject } from './options.js';
import { STATE, isModelInstance } from './state.js';
import type { AnyModelClass } from './types.js';

// The properties relations add to instances: `post.author` (forward), `user.posts` (reverse),
// `user.profile` (reverse one-to-one) and `post.tags` (many-to-many).
//
// A ForeignKey or one-to-one that was not loaded cannot be read synchronously (that would be a
// query): its accessor returns a *deferred relation* instead, a thenable that loads it on
// `await` (one query) and whose every other property throws RelatedObjectNotLoaded. So
// `await post.author` works whether or not the author was loaded (typed: `Author`), reading
// `post.author.name` without loading it is a clear error, never `undefined`, and a template
// (which awaits thenables between lookup steps) loads it on demand, as Django's do.

const loads = new WeakMap<object, Map<string, Promise<unknown>>>();

/** Loads relation `name` of `instance` once, however many times it is awaited meanwhile. */
function loadOnce(instance: Model, name: string, hint: () => string): Promise<unknown> {
  let pending = loads.get(instance);
  if (pending === undefined) {
    pending = new Map();
    loads.set(instance, pending);
  }
  let promise = pending.get(name);
  if (promise === undefined) {
    noteLazyLoad(instance, name, hint);
    promise = prefetchRelatedObjects([instance], [name]).then(
      () => instance[STATE].cache[name] ?? null,
    );
    const forget = () => pending.delete(name);
    promise.then(forget, forget);
    pending.set(name, promise);
  }
  return promise;
}

/**
 * The debug-mode N+1 hint: the second lazy load of the same relation among the rows of one
 * query logs, once for that query, what would load them all up front.
 */
function noteLazyLoad(instance: Model, name: string, hint: () => string): void {
  const result = instance[STATE].result;
  if (result === undefined || !connections.debug) return;
  const key = `${instance.constructor.name}.${name}`;
  const seen = (result.lazy.get(key) ?? 0) + 1;
  result.lazy.set(key, seen);
  if (seen === 2) {
    connections.warn(
      `N+1 queries: ${key} is loaded lazily for rows of one query of ${result.size} rows, one query per row. ${hint()}`,
    );
  }
}

function notLoaded(instance: Model, name: string, remedy: string): RelatedObjectNotLoaded {
  const owner = instance.constructor.name;
  const variable = owner.charAt(0).toLowerCase() + owner.slice(1);
  const error = new RelatedObjectNotLoaded(
    `${owner}.${name} is not loaded: \`await ${variable}.${name}\` loads it (one query), or load it with the rows: ${remedy}.`,
  );
  // A template that reads through it awaits it instead (see @stack/templates' lookups).
  Object.defineProperty(error, 'silentVariableFailure', { value: true });
  return error;
}

/** A thenable standing for relation `name` of `instance` until it is loaded. */
function deferred(instance: Model, name: string, remedy: string): PromiseLike<unknown> {
  const then = (
    onfulfilled?: ((value: unknown) => unknown) | null,
    onrejected?: ((reason: unknown) => unknown) | null,
  ) =>
    loadOnce(instance, name, () => `Add ${remedy} to the queryset.`).then(onfulfilled, onrejected);
  return new Proxy(Object.create(null) as object, {
    get(_, key) {
      if (key === 'then') return then;
      // Introspection (util.inspect, Symbol.toPrimitive, JSON) sees an empty object.
      if (typeof key === 'symbol' || key === 'toJSON') return undefined;
      throw notLoaded(instance, name, remedy);
    },
    has: (_, key) => key === 'then',
  }) as PromiseLike<unknown>;
}

/** `post.author`: the related object (or a deferred relation); setting it sets `authorId`. @internal */
export function installForwardAccessor(definition: AnyModelClass, field: ForeignKey): void {
  const remedy = `selectRelated('${field.name}') or prefetchRelated('${field.name}')`;
  Object.defineProperty(definition.prototype, field.name, {
    configurable: true,
    get(this: Model) {
      const cache = this[STATE].cache;
      if (field.name in cache) return cache[field.name];
      const id = (this as unknown as Record<string, unknown>)[field.attname];
      if (id === null || id === undefined) return null;
      return deferred(this, field.name, remedy);
    },
    set(this: Model, value: unknown) {
      const record = this as unknown as Record<string, unknown>;
      if (value === null || value === undefined) {
        record[field.attname] = null;
        this[STATE].cache[field.name] = null;
      } else if (isModelInstance(value)) {
        record[field.attname] = value.pk;
        this[STATE].cache[field.name] = value;
      } else {
        record[field.attname] = value;
        delete this[STATE].cache[field.name];
      }
    },
  });
}

/** `user.posts` (a manager) or `user.profile` (a reverse one-to-one). @internal */
export function installReverseAccessor(related: RelatedObject, target: ModelMeta): void {
  if (related.accessorName.endsWith('+')) return;
  const proto = target.definition.prototype as object;
  if (Object.hasOwn(proto, related.accessorName)) return;
  const name = related.accessorName;
  if (related.oneToOne) {
    const remedy = `prefetchRelated('${name}')`;
    Object.defineProperty(proto, name, {
      configurable: true,
      get(this: Model) {
        const cache = this[STATE].cache;
        if (name in cache) return cache[name];
        if (this.pk === null || this.pk === undefined) return null;
        return deferred(this, name, remedy);
      },
      set(this: Model, value: unknown) {
        this[STATE].cache[name] = value ?? null;
      },
    });
    return;
  }
  Object.defineProperty(proto, name, {
    configurable: true,
    get(this: Model) {
      return relatedManagerFor(this, related, 'reverse');
    },
  });
}

/** `post.tags`: a many-to-many manager. @internal */
export function installManyToManyAccessor(definition: AnyModelClass, field: ManyToManyField): void {
  Object.defineProperty(definition.prototype, field.name, {
    configurable: true,
    get(this: Model) {
      return relatedManagerFor(this, field, 'forward');
    },
  });
}
