import { RelatedObjectNotLoaded } from '../errors.js';
import type { ForeignKey, ManyToManyField } from '../fields/related.js';
import { relatedManagerFor } from '../query/manager-registry.js';
import type { ModelMeta, RelatedObject } from './options.js';
import type { Model } from './model.js';
import { STATE, isModelInstance } from './state.js';
import type { AnyModelClass } from './types.js';

// The properties relations add to instances: `post.author` (forward), `user.posts` (reverse),
// `post.tags` (many-to-many), and the automatic join models of many-to-many fields.

/** `post.author`: the loaded related object; setting it sets `authorId` too. @internal */
export function installForwardAccessor(definition: AnyModelClass, field: ForeignKey): void {
  Object.defineProperty(definition.prototype, field.name, {
    configurable: true,
    get(this: Model) {
      const cache = this[STATE].cache;
      if (field.name in cache) return cache[field.name];
      const id = (this as unknown as Record<string, unknown>)[field.attname];
      if (id === null || id === undefined) return null;
      throw new RelatedObjectNotLoaded(
        `${this.constructor.name}.${field.name} is not loaded: use selectRelated('${field.name}'), prefetchRelated('${field.name}') or await instance.fetchRelated('${field.name}').`,
      );
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
  if (related.oneToOne) {
    Object.defineProperty(proto, related.accessorName, {
      configurable: true,
      get(this: Model) {
        const cache = this[STATE].cache;
        if (related.accessorName in cache) return cache[related.accessorName];
        throw new RelatedObjectNotLoaded(
          `${this.constructor.name}.${related.accessorName} is not loaded: use prefetchRelated('${related.accessorName}') or await instance.fetchRelated('${related.accessorName}').`,
        );
      },
    });
    return;
  }
  Object.defineProperty(proto, related.accessorName, {
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
