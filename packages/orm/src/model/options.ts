import { ImproperlyConfigured } from '../errors.js';
import type { Field } from '../fields/field.js';
import { ForeignKey, ManyToManyField, OneToOneField } from '../fields/related.js';
import type { QNode } from '../query/q.js';
import type { AnyModelClass } from './types.js';

/**
 * A unique constraint over several fields (optionally only where `condition` holds).
 *
 * @example
 * ```ts
 * constraints: [new UniqueConstraint({ fields: ['author', 'slug'], name: 'unique_slug_per_author' })]
 * // CONSTRAINT "unique_slug_per_author" UNIQUE ("author_id", "slug")
 * ```
 */
export class UniqueConstraint {
  readonly kind = 'unique';
  constructor(readonly options: { fields: readonly string[]; name: string; condition?: QNode }) {}

  get name(): string {
    return this.options.name;
  }
}

/**
 * A CHECK constraint: rows where `check` is false are refused by the database.
 *
 * @example
 * ```ts
 * constraints: [new CheckConstraint({ check: Q({ price__gte: 0 }), name: 'price_not_negative' })]
 * // CONSTRAINT "price_not_negative" CHECK ("price" >= 0)
 * ```
 */
export class CheckConstraint {
  readonly kind = 'check';
  constructor(readonly options: { check: QNode; name: string }) {}

  get name(): string {
    return this.options.name;
  }
}

/**
 * A database index over fields (`-field` for descending).
 *
 * @example
 * ```ts
 * indexes: [new Index({ fields: ['-created', 'title'], name: 'post_recent_idx' })]
 * // CREATE INDEX "post_recent_idx" ON "blog_post" ("created" DESC, "title")
 * ```
 */
export class Index {
  constructor(readonly options: { fields: readonly string[]; name: string; unique?: boolean }) {}

  get name(): string {
    return this.options.name;
  }
}

/**
 * A model's Meta options (Django's `class Meta`, camelCased).
 *
 * @example
 * ```ts
 * { ordering: ['-created'], indexes: [new Index({ fields: ['slug'], name: 'post_slug' })], getLatestBy: 'created' }
 * ```
 */
export interface MetaOptions {
  /** The table name (default `<appLabel>_<modelname>`). */
  dbTable?: string;
  /** The default order of querysets, e.g. `['-created', 'title']`. */
  ordering?: readonly string[];
  constraints?: ReadonlyArray<UniqueConstraint | CheckConstraint>;
  indexes?: readonly Index[];
  /** Fields whose values must be unique together (prefer a UniqueConstraint). */
  uniqueTogether?: ReadonlyArray<readonly string[]>;
  /** An abstract model has no table; its fields and meta are copied into models that use it. */
  abstract?: boolean;
  /** The field(s) `latest()`/`earliest()` order by when given none. */
  getLatestBy?: string | readonly string[];
  verboseName?: string;
  verboseNamePlural?: string;
  /** False keeps the schema editor's `createModels` from touching the table (default true). */
  managed?: boolean;
}

/** A relation seen from its target: `user.posts` is the reverse side of `Post.author`. */
export interface RelatedObject {
  /** The model holding the relation field. */
  readonly model: AnyModelClass;
  readonly field: ForeignKey | ManyToManyField;
  /** The accessor on the target instance (`posts`, `postSet`, `profile`). */
  readonly accessorName: string;
  /** The name used in filters (`posts__title`). */
  readonly queryName: string;
  readonly oneToOne: boolean;
  readonly manyToMany: boolean;
}

/**
 * What the registry asks of the layer that defines models, once relations resolve: install a
 * reverse accessor on the target's prototype, define an automatic many-to-many join model.
 * `defineModel` passes them in, so the registry never imports the layers above it.
 */
export interface ModelHooks {
  installReverse(related: RelatedObject, target: ModelMeta): void;
  autoThrough(field: ManyToManyField, source: ModelMeta): AnyModelClass;
}

const noHooks: ModelHooks = {
  installReverse: () => undefined,
  autoThrough: (field) => {
    throw new ImproperlyConfigured(
      `${field.name}: only models made by defineModel() have join models.`,
    );
  },
};

/**
 * Everything the ORM knows about one model (Django's `Model._meta`).
 *
 * @example
 * ```ts
 * Post._meta.dbTable; // 'blog_post'
 * Post._meta.getField('author')?.column; // 'author_id'
 * ```
 */
export class ModelMeta {
  readonly fields: Array<Field<unknown, boolean>> = [];
  readonly concreteFields: Array<Field<unknown, boolean>> = [];
  readonly manyToMany: ManyToManyField[] = [];
  readonly foreignKeys: ForeignKey[] = [];
  /** Fields by name and by attname (`author` and `authorId` both find the ForeignKey). */
  readonly fieldMap = new Map<string, Field<unknown, boolean>>();
  pk!: Field<unknown, boolean>;
  /** The class instances are made from: the most derived class bound to this label. */
  model: AnyModelClass;
  private reverse: RelatedObject[] | undefined;
  /** Per-meta caches the query compiler fills (column lists, compiled SQL by shape). */
  readonly cache = new Map<string, unknown>();

  constructor(
    readonly label: string,
    readonly definition: AnyModelClass,
    readonly options: MetaOptions,
    readonly hooks: ModelHooks = noHooks,
  ) {
    this.model = definition;
  }

  get appLabel(): string {
    return this.label.slice(0, this.label.indexOf('.'));
  }

  /** The class name, as in the label (`Post`). */
  get objectName(): string {
    return this.label.slice(this.label.indexOf('.') + 1);
  }

  /** The lower-cased model name (`post`). */
  get modelName(): string {
    return this.objectName.toLowerCase();
  }

  get dbTable(): string {
    return this.options.dbTable ?? `${this.appLabel}_${this.modelName}`.toLowerCase();
  }

  get ordering(): readonly string[] {
    return this.options.ordering ?? [];
  }

  get abstract(): boolean {
    return this.options.abstract === true;
  }

  get verboseName(): string {
    return (
      this.options.verboseName ?? this.objectName.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
    );
  }

  /** @internal */
  addField(field: Field<unknown, boolean>): void {
    this.fields.push(field);
    this.fieldMap.set(field.name, field);
    if (field instanceof ManyToManyField) {
      this.manyToMany.push(field);
      return;
    }
    this.concreteFields.push(field);
    if (field.attname !== field.name) this.fieldMap.set(field.attname, field);
    if (field instanceof ForeignKey) this.foreignKeys.push(field);
    if (field.primaryKey) this.pk = field;
  }

  /** The field called `name` (or with that attname), if any. */
  getField(name: string): Field<unknown, boolean> | undefined {
    return this.fieldMap.get(name);
  }

  /** @internal Set by the registry whenever a model registers. */
  setRelatedObjects(related: RelatedObject[] | undefined): void {
    this.reverse = related;
  }

  /** The relations pointing at this model from other models (computed lazily). */
  get relatedObjects(): RelatedObject[] {
    return this.reverse ?? [];
  }

  /** The relation called `name` from the target's side (`posts`), if any. */
  getRelatedObject(name: string): RelatedObject | undefined {
    return this.relatedObjects.find((r) => r.queryName === name || r.accessorName === name);
  }
}

/** Builds the RelatedObject for a relation field seen from its target. */
export function relatedObjectOf(
  field: ForeignKey | ManyToManyField,
  source: ModelMeta,
): RelatedObject {
  const oneToOne = field instanceof OneToOneField;
  const manyToMany = field instanceof ManyToManyField;
  const options = manyToMany ? field.m2mOptions : field.options;
  const accessorName =
    options.relatedName ?? (oneToOne ? source.modelName : `${source.modelName}Set`);
  return {
    model: source.model,
    field,
    accessorName,
    queryName: options.relatedQueryName ?? options.relatedName ?? source.modelName,
    oneToOne,
    manyToMany,
  };
}
