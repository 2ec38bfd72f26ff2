import type { ColumnType, Dialect } from '../internal/dialect.js';
import type { AnyModelClass, ModelReference } from '../model/types.js';
import { Field, type FieldOptions, snakeCase } from './field.js';

/** What happens to rows pointing at a deleted row (Django's `on_delete`). */
export type OnDelete =
  'CASCADE' | 'PROTECT' | 'RESTRICT' | 'SET_NULL' | 'SET_DEFAULT' | 'DO_NOTHING';
/**
 * Delete the rows that point at the deleted row too.
 *
 * @example
 * ```ts
 * new ForeignKey(() => User, { onDelete: CASCADE })
 * ```
 */
export const CASCADE = 'CASCADE';
/**
 * Refuse the delete with a `ProtectedError`.
 *
 * @example
 * ```ts
 * new ForeignKey(() => User, { onDelete: PROTECT })
 * ```
 */
export const PROTECT = 'PROTECT';
/**
 * Refuse the delete with a `RestrictedError`, unless a cascade deletes the pointing rows too.
 *
 * @example
 * ```ts
 * new ForeignKey(() => User, { onDelete: RESTRICT })
 * ```
 */
export const RESTRICT = 'RESTRICT';
/**
 * Set the pointing column to NULL (the field must be `null: true`).
 *
 * @example
 * ```ts
 * new ForeignKey(() => User, { onDelete: SET_NULL, null: true })
 * ```
 */
export const SET_NULL = 'SET_NULL';
/**
 * Set the pointing column to the field's default.
 *
 * @example
 * ```ts
 * new ForeignKey(() => User, { onDelete: SET_DEFAULT })
 * ```
 */
export const SET_DEFAULT = 'SET_DEFAULT';
/**
 * Leave the pointing rows alone (the database may still refuse).
 *
 * @example
 * ```ts
 * new ForeignKey(() => User, { onDelete: DO_NOTHING })
 * ```
 */
export const DO_NOTHING = 'DO_NOTHING';

/** The options of a ForeignKey or OneToOneField. */
export interface ForeignKeyOptions<N extends boolean> extends Omit<
  FieldOptions<unknown, N>,
  'default' | 'choices'
> {
  onDelete: OnDelete;
  /** The reverse manager's name on the target (default `<model>Set`, e.g. `postSet`). */
  relatedName?: string;
  /** The name reverse filters use (default: `relatedName`, else the model name lower-cased). */
  relatedQueryName?: string;
  default?: unknown;
  /** Create the database-level FOREIGN KEY constraint (default true). */
  dbConstraint?: boolean;
}

function resolveTarget(field: Field<unknown, boolean>, to: ModelReference): AnyModelClass {
  if (field.model === undefined || field.resolveModel === undefined)
    throw new Error(`Field ${field.name} is not attached to a model.`);
  return field.resolveModel(to);
}

/**
 * A many-to-one relation: a column holding the target's primary key. The instance gets the
 * related object as `post.author` (once loaded) and the raw key as `post.authorId`; the target
 * gets a reverse manager (`user.posts`).
 *
 * @example
 * ```ts
 * author: new ForeignKey(() => User, { onDelete: CASCADE, relatedName: 'posts' })
 * // "author_id" bigint NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED
 * ```
 */
export class ForeignKey<R = unknown, N extends boolean = false> extends Field<R, N> {
  override readonly isRelation: boolean = true;
  readonly to: ModelReference;
  declare readonly options: ForeignKeyOptions<N> & FieldOptions<R, N>;

  constructor(to: ModelReference<R>, options: ForeignKeyOptions<N>) {
    super({ dbIndex: true, ...options } as FieldOptions<R, N>);
    this.to = to as ModelReference;
  }

  get onDelete(): OnDelete {
    return this.options.onDelete;
  }

  /** The target model class (resolved lazily, so string references and cycles work). */
  get target(): AnyModelClass {
    return resolveTarget(this, this.to);
  }

  override contribute(
    model: AnyModelClass,
    name: string,
    resolveModel?: (ref: ModelReference) => AnyModelClass,
  ): void {
    super.contribute(model, name, resolveModel);
    this.attname = `${name}Id`;
    this.column = this.options.dbColumn ?? `${snakeCase(name)}_id`;
  }

  /** The target's primary-key field (the column this one references). */
  get targetField(): Field<unknown, boolean> {
    return (this.target as unknown as { _meta: { pk: Field<unknown, boolean> } })._meta.pk;
  }

  columnType(): ColumnType {
    const type = this.targetField.columnType();
    return type.kind === 'autoincrement'
      ? { kind: 'integer', size: type.big ? 'big' : 'normal' }
      : type;
  }

  override getDefault(): unknown {
    const d = this.options.default;
    if (typeof d === 'function') return (d as () => unknown)();
    return d ?? (this.null ? null : undefined);
  }

  override toDb(value: unknown, dialect: Dialect): unknown {
    if (value === null || value === undefined) return null;
    if (typeof value === 'object' && 'pk' in value) value = (value as { pk: unknown }).pk;
    return this.targetField.toDb(value, dialect);
  }

  override validate(value: unknown): string[] {
    if (value === null || value === undefined)
      return this.null || this.options.blank === true ? [] : ['This field cannot be null.'];
    return [];
  }
}

/**
 * A one-to-one relation: a unique ForeignKey whose reverse side is one object, not a manager.
 *
 * @example
 * ```ts
 * user: new OneToOneField(() => User, { onDelete: CASCADE, relatedName: 'profile' })
 * // "user_id" bigint NOT NULL UNIQUE REFERENCES "auth_user" ("id")
 * ```
 */
export class OneToOneField<R = unknown, N extends boolean = false> extends ForeignKey<R, N> {
  constructor(to: ModelReference<R>, options: ForeignKeyOptions<N>) {
    super(to, { ...options, unique: true });
  }
}

/** The options of a ManyToManyField. */
export interface ManyToManyOptions {
  /** The reverse manager's name on the target (default `<model>Set`). */
  relatedName?: string;
  relatedQueryName?: string;
  /** An intermediate model with ForeignKeys to both sides (default: an automatic join table). */
  through?: ModelReference;
  /** The automatic join table's name (default `<table>_<field>`). */
  dbTable?: string;
  blank?: boolean;
  verboseName?: string;
  helpText?: string;
}

/**
 * A many-to-many relation through a join table, automatic (`blog_post_tags`) or a `through`
 * model. The instance gets a manager with `add`/`remove`/`set`/`clear`.
 *
 * @example
 * ```ts
 * tags: new ManyToManyField(() => Tag, { relatedName: 'posts' })
 * await post.tags.add(tag); // INSERT INTO "blog_post_tags" ("post_id", "tag_id") VALUES (?, ?)
 * ```
 */
export class ManyToManyField<R = unknown> extends Field<R, false> {
  override readonly concrete: boolean = false;
  override readonly isRelation: boolean = true;
  readonly to: ModelReference;
  readonly m2mOptions: ManyToManyOptions;
  /** Set by the registry once both sides resolve: the join model and its two ForeignKeys. */
  through:
    { model: AnyModelClass; source: ForeignKey; target: ForeignKey; auto: boolean } | undefined;

  constructor(to: ModelReference<R>, options: ManyToManyOptions = {}) {
    super({ blank: options.blank ?? false });
    this.to = to as ModelReference;
    this.m2mOptions = options;
  }

  get target(): AnyModelClass {
    return resolveTarget(this, this.to);
  }

  columnType(): ColumnType {
    throw new Error('A ManyToManyField has no column.');
  }

  override validate(): string[] {
    return [];
  }
}

/** Any relation field with a column. */
export function isForeignKey(field: Field<unknown, boolean>): field is ForeignKey {
  return field instanceof ForeignKey;
}
