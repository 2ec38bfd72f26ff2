import { ForeignKey, ManyToManyField } from '../fields/related.js';
import { ImproperlyConfigured } from '../errors.js';
import type { ModelMeta } from './options.js';
import { relatedObjectOf, type RelatedObject } from './options.js';
import type { AnyModelClass, ModelReference } from './types.js';

/** Where a model class keeps its meta (inherited by subclasses through the static chain). */
export const META = Symbol('stack.orm.meta');

/**
 * The model registry (Django's `apps`): every model by its label `app_label.ModelName`, so string
 * references (`'auth.User'`) resolve lazily and `@stack/core` can collect the models of its
 * installed apps.
 *
 * @example
 * ```ts
 * apps.getModel('blog.Post'); // the Post class
 * apps.getModels('blog'); // [Post, Comment, …]
 * ```
 */
export class Apps {
  private readonly metas = new Map<string, ModelMeta>();
  private dirty = true;
  private resolving = false;

  /** @internal Called by `defineModel`. */
  add(meta: ModelMeta): void {
    const key = meta.label.toLowerCase();
    const existing = this.metas.get(key);
    if (existing !== undefined && existing.definition !== meta.definition) {
      // Re-definition (hot reload, tests defining the same label twice): the newest wins.
      this.metas.delete(key);
    }
    this.metas.set(key, meta);
    this.dirty = true;
  }

  /**
   * Binds `model` (a subclass of a `defineModel` class, with its methods) to its label, so rows
   * load as instances of it. Happens by itself on first use of `Model.objects`; call it when a
   * model is only ever reached through a string reference.
   */
  register<C extends AnyModelClass>(model: C): C {
    metaOf(model);
    return model;
  }

  /** The model registered as `label` (`'blog.Post'`, case-insensitive). */
  getModel(label: string): AnyModelClass {
    const meta = this.metas.get(label.toLowerCase());
    if (meta === undefined) throw new ImproperlyConfigured(`No installed model '${label}'.`);
    return meta.model;
  }

  /** Every registered concrete model, or those of one app. */
  getModels(appLabel?: string): AnyModelClass[] {
    this.ready();
    return [...this.metas.values()]
      .filter((m) => !m.abstract && (appLabel === undefined || m.appLabel === appLabel))
      .map((m) => m.model);
  }

  /** Whether `label` is registered. */
  has(label: string): boolean {
    return this.metas.has(label.toLowerCase());
  }

  /** @internal Resolves a relation reference made from `from`. */
  resolve(ref: ModelReference, from: AnyModelClass): AnyModelClass {
    if (typeof ref === 'function') {
      const target = ref() as AnyModelClass;
      metaOf(target);
      return metaOf(target).model;
    }
    if (ref === 'self') return metaOf(from).model;
    const label = ref.includes('.') ? ref : `${metaOf(from).appLabel}.${ref}`;
    const meta = this.metas.get(label.toLowerCase());
    if (meta === undefined) {
      throw new ImproperlyConfigured(
        `Related model '${label}' cannot be resolved: is it defined and imported?`,
      );
    }
    return meta.model;
  }

  /**
   * Resolves every relation that can be resolved now and rebuilds the reverse-relation lists.
   * `metaOf` asks on every call (twice per query): the guard is a method of its own, small
   * enough for V8 to inline; with the work in it, it stayed in baseline code (each call did
   * too little to get it optimised): issue 21, the fortunes page 232.4k -> 232.0k instructions
   * per request.
   */
  ready(): void {
    if (this.dirty && !this.resolving) this.resolveRelations();
  }

  private resolveRelations(): void {
    this.resolving = true;
    try {
      this.dirty = false;
      const reverse = new Map<ModelMeta, RelatedObject[]>();
      for (const meta of [...this.metas.values()]) {
        if (meta.abstract) continue;
        for (const field of meta.fields) {
          if (!(field instanceof ForeignKey) && !(field instanceof ManyToManyField)) continue;
          let target: AnyModelClass;
          try {
            target = field.target;
          } catch {
            this.dirty = true; // not defined yet (a thunk in its temporal dead zone); retry later
            continue;
          }
          if (field instanceof ManyToManyField && field.through === undefined) {
            field.through = buildThrough(field, meta);
          }
          const targetMeta = metaOf(target);
          const related = relatedObjectOf(field, meta);
          const list = reverse.get(targetMeta) ?? [];
          list.push(related);
          reverse.set(targetMeta, list);
          targetMeta.hooks.installReverse(related, targetMeta);
        }
      }
      for (const meta of this.metas.values()) meta.setRelatedObjects(reverse.get(meta) ?? []);
    } finally {
      this.resolving = false;
    }
  }
}

function buildThrough(
  field: ManyToManyField,
  source: ModelMeta,
): NonNullable<ManyToManyField['through']> {
  const throughRef = field.m2mOptions.through;
  if (throughRef === undefined) {
    const model = source.hooks.autoThrough(field, source);
    const [a, b] = metaOf(model).foreignKeys;
    if (a === undefined || b === undefined)
      throw new Error('automatic join model without two ForeignKeys');
    return { model, source: a, target: b, auto: true };
  }
  const model = apps.resolve(throughRef, source.model);
  const fks = metaOf(model).foreignKeys;
  const targetModel = field.target;
  const sourceFk = fks.find((fk) => metaOf(fk.target) === source);
  const targetFk = fks.find((fk) => fk !== sourceFk && metaOf(fk.target) === metaOf(targetModel));
  if (sourceFk === undefined || targetFk === undefined) {
    throw new ImproperlyConfigured(
      `The through model ${metaOf(model).label} needs a ForeignKey to each side of ${source.label}.${field.name}.`,
    );
  }
  return { model, source: sourceFk, target: targetFk, auto: false };
}

/**
 * The process-wide model registry.
 *
 * @example
 * ```ts
 * const User = apps.getModel('auth.User');
 * ```
 */
export const apps = new Apps();

/**
 * The meta of a model class, binding the class to its label when it is a subclass of the class
 * currently bound (so `class Post extends defineModel(...)` loads rows as `Post`).
 * @internal
 */
export function metaOf(model: AnyModelClass): ModelMeta {
  const meta = (model as unknown as { [META]?: ModelMeta })[META];
  if (meta === undefined)
    throw new ImproperlyConfigured(`${model.name} is not a model: define it with defineModel().`);
  if (meta.model !== model && model.prototype instanceof meta.model) meta.model = model;
  apps.ready();
  return meta;
}
