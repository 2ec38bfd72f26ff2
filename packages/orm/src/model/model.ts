import { FieldError, MultipleObjectsReturned, ObjectDoesNotExist } from '../errors.js';
import type { Field } from '../fields/field.js';
import { BigAutoField } from '../fields/numeric.js';
import { CASCADE, ForeignKey, ManyToManyField } from '../fields/related.js';
import type { Manager } from '../query/manager.js';
import {
  type SaveOptions,
  deleteInstance,
  fetchRelated,
  fullCleanInstance,
  refreshInstance,
  saveInstance,
} from './persistence.js';
import { managerFor } from '../query/manager-registry.js';
import { hydratorGeneration } from '../query/execute.js';
import { type MetaOptions, type ModelHooks, ModelMeta } from './options.js';
import {
  installForwardAccessor,
  installManyToManyAccessor,
  installReverseAccessor,
} from './accessors.js';
import { META, apps, metaOf } from './registry.js';
import { HYDRATE, type InstanceState, STATE, newState } from './state.js';
import type {
  AnyModelClass,
  CreateValues,
  FIELDS,
  FieldMap,
  InstanceFields,
  ModelReference,
} from './types.js';

const errorClasses = new WeakMap<
  AnyModelClass,
  { dne: typeof ObjectDoesNotExist; mor: typeof MultipleObjectsReturned }
>();

function errorsOf(model: AnyModelClass) {
  let entry = errorClasses.get(model);
  if (entry === undefined) {
    const name = model.name;
    entry = {
      dne: { [`${name}.DoesNotExist`]: class extends ObjectDoesNotExist {} }[
        `${name}.DoesNotExist`
      ]!,
      mor: { [`${name}.MultipleObjectsReturned`]: class extends MultipleObjectsReturned {} }[
        `${name}.MultipleObjectsReturned`
      ]!,
    };
    errorClasses.set(model, entry);
  }
  return entry;
}

/**
 * The base of every model. Define models with {@link defineModel}, which returns a subclass of
 * this with typed fields; this class holds what all instances share.
 *
 * @example
 * ```ts
 * if (value instanceof Model) value.pk; // any model instance
 * ```
 */
export abstract class Model {
  declare [STATE]: InstanceState;

  constructor(values?: object | typeof HYDRATE) {
    this[STATE] = newState();
    if (values === HYDRATE) return;
    assignInitial(
      this,
      metaOf(this.constructor as AnyModelClass),
      values as Record<string, unknown> | undefined,
    );
  }

  /** Everything the ORM knows about the model (Django's `_meta`). */
  static get _meta(): ModelMeta {
    return metaOf(this as unknown as AnyModelClass);
  }

  /** The model's label, `app_label.ModelName`. */
  static get label(): string {
    return metaOf(this as unknown as AnyModelClass).label;
  }

  /** The default manager. */
  static get objects(): Manager<Model> {
    return managerFor(this as unknown as AnyModelClass) as Manager<Model>;
  }

  /** Raised by `get()` when no row matches; `instanceof ObjectDoesNotExist` too. */
  static get DoesNotExist(): typeof ObjectDoesNotExist {
    return errorsOf(this as unknown as AnyModelClass).dne;
  }

  /** Raised by `get()` when several rows match. */
  static get MultipleObjectsReturned(): typeof MultipleObjectsReturned {
    return errorsOf(this as unknown as AnyModelClass).mor;
  }

  /** The primary key's value. */
  get pk(): number {
    return (this as unknown as Record<string, number>)[
      metaOf(this.constructor as AnyModelClass).pk.attname
    ]!;
  }

  set pk(value: unknown) {
    (this as unknown as Record<string, unknown>)[
      metaOf(this.constructor as AnyModelClass).pk.attname
    ] = value;
  }

  /** The instance's field values by attname (`authorId`, not `author`), for `JSON.stringify`. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const field of metaOf(this.constructor as AnyModelClass).concreteFields) {
      const value = (this as unknown as Record<string, unknown>)[field.attname];
      out[field.attname] =
        value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value;
    }
    return out;
  }

  /**
   * Saves the instance: an INSERT when it is new, an UPDATE otherwise (only `updateFields` when
   * given), with preSave/postSave signals.
   *
   * @example
   * ```ts
   * post.title = 'New';
   * await post.save({ updateFields: ['title'] }); // UPDATE "blog_post" SET "title" = ? WHERE "id" = ?
   * ```
   */
  save(options: SaveOptions = {}): Promise<void> {
    return saveInstance(this, options);
  }

  /**
   * Deletes the instance and what cascades from it, in a transaction, with signals.
   *
   * @example
   * ```ts
   * await post.delete(); // [2, { 'blog.Post': 1, 'blog.Comment': 1 }]
   * ```
   */
  delete(options: { using?: string } = {}): Promise<[number, Record<string, number>]> {
    return deleteInstance(this, options);
  }

  /**
   * Reloads the fields from the database (all, or the named ones).
   *
   * @example
   * ```ts
   * await post.refreshFromDb(); // SELECT … WHERE "blog_post"."id" = ?
   * ```
   */
  refreshFromDb(options: { fields?: readonly string[]; using?: string } = {}): Promise<void> {
    return refreshInstance(this, options);
  }

  /**
   * Validates every field (type, blank, choices, validators), then `clean()`, then uniqueness;
   * throws a ValidationError whose `errorDict` maps fields to messages.
   *
   * @example
   * ```ts
   * await new Post({ title: '' }).fullClean(); // ValidationError { title: ['This field cannot be blank.'] }
   * ```
   */
  fullClean(
    options: { exclude?: readonly string[]; validateUnique?: boolean } = {},
  ): Promise<void> {
    return fullCleanInstance(this, options);
  }

  /**
   * Loads one relation (a ForeignKey or a reverse one-to-one) and returns it; afterwards the
   * accessor returns it synchronously. `await post.author` does the same; this form also reloads
   * a relation that is already loaded.
   *
   * @example
   * ```ts
   * const author = await post.fetchRelated('author'); // SELECT … FROM "auth_user" WHERE "id" IN (?)
   * ```
   */
  fetchRelated<K extends keyof this & string>(name: K): Promise<Awaited<this[K]>> {
    return fetchRelated(this, name) as Promise<Awaited<this[K]>>;
  }

  /** `Post object (1)`, like Django's default `__str__`. */
  toString(): string {
    return `${metaOf(this.constructor as AnyModelClass).objectName} object (${String(this.pk ?? 'None')})`;
  }
}

/** How `new Model(values)` assigns the given values, for one meta's fields (see `initializerOf`). */
interface Initializer {
  /** How many concrete fields it was made for (fields are only ever appended). */
  readonly fields: number;
  /**
   * Whether no two concrete fields answer to the same key (a name equal to another's attname, a
   * field called `pk`): then each given key is taken by one field at most, and counting them
   * tells whether one was unexpected.
   */
  readonly distinct: boolean;
  /** Assigns each concrete field from `values` (or its default); answers how many keys it took. */
  readonly assign: (target: Record<string, unknown>, values: Record<string, unknown>) => number;
}

const initializers = new WeakMap<ModelMeta, Initializer>();

/** A meta's initializer: made on its first construction with values, again once a field is added. */
function initializerOf(meta: ModelMeta): Initializer {
  const known = initializers.get(meta);
  if (known !== undefined && known.fields === meta.concreteFields.length) return known;
  const fields = [...meta.concreteFields];
  const keys = new Set<string>(['pk']);
  let count = 1;
  for (const field of fields) {
    keys.add(field.name);
    count++;
    if (field.attname !== field.name) {
      keys.add(field.attname);
      count++;
    }
  }
  const initializer: Initializer = {
    fields: fields.length,
    distinct: keys.size === count,
    assign: assignerFor(fields),
  };
  initializers.set(meta, initializer);
  return initializer;
}

/** The generic assignment: each field by name, then attname, then `pk`, else its default. */
function assignFields(
  fields: readonly Field<unknown, boolean>[],
  target: Record<string, unknown>,
  values: Record<string, unknown> | undefined,
): number {
  let taken = 0;
  for (const field of fields) {
    if (values !== undefined && Object.hasOwn(values, field.name)) {
      target[field.name] = values[field.name];
      taken++;
    } else if (values !== undefined && Object.hasOwn(values, field.attname)) {
      target[field.attname] = values[field.attname];
      taken++;
    } else if (values !== undefined && field.primaryKey && Object.hasOwn(values, 'pk')) {
      target[field.attname] = values.pk;
      taken++;
    } else {
      const d = field.getDefault();
      target[field.attname] = d === undefined && field.primaryKey ? null : d;
    }
  }
  return taken;
}

/**
 * `assignFields` for one list of fields with values given, generated with each field's steps
 * written out (as the hydrator is, see `hydratorFor`): every load and store site sees one
 * property name, so V8 keeps them monomorphic instead of the loop's megamorphic keyed loads and
 * stores. Same checks in the same order, the same getters and setters run (a ForeignKey's name
 * is its accessor). Names reach the code as JSON string literals and fields as an argument, so
 * nothing from a model definition is parsed as code. The generic loop where code generation is
 * refused. Issue 21: the fortunes view's `new Fortune({ id, message })` costs 0.83k instructions
 * instead of 1.50k (the loop's two megamorphic keyed loads and stores per field).
 */
function assignerFor(fields: readonly Field<unknown, boolean>[]): Initializer['assign'] {
  const generic: Initializer['assign'] = (target, values) => assignFields(fields, target, values);
  if (!hydratorGeneration()) return generic;
  const lines = ['let taken = 0;', 'let d;'];
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    const name = JSON.stringify(field.name);
    const attname = JSON.stringify(field.attname);
    // The attname is asked for even when it is the name, as the loop does (a Proxy sees it).
    lines.push(
      `if (hasOwn(values, ${name})) {`,
      `  target[${name}] = values[${name}];`,
      '  taken++;',
      `} else if (hasOwn(values, ${attname})) {`,
      `  target[${attname}] = values[${attname}];`,
      '  taken++;',
    );
    if (field.primaryKey) {
      lines.push(
        `} else if (hasOwn(values, "pk")) {`,
        `  target[${attname}] = values.pk;`,
        '  taken++;',
      );
    }
    lines.push(
      '} else {',
      `  d = fields[${i}].getDefault();`,
      field.primaryKey
        ? `  target[${attname}] = d === undefined ? null : d;`
        : `  target[${attname}] = d;`,
      '}',
    );
  }
  lines.push('return taken;');
  try {
    const make = new Function(
      'fields',
      'hasOwn',
      `return function assign(target, values) {\n${lines.join('\n')}\n};`,
    ) as (
      list: readonly Field<unknown, boolean>[],
      hasOwn: typeof Object.hasOwn,
    ) => Initializer['assign'];
    return make(fields, Object.hasOwn);
  } catch {
    // Code generation refused: the generic loop.
    return generic;
  }
}

function assignInitial(
  instance: Model,
  meta: ModelMeta,
  values: Record<string, unknown> | undefined,
): void {
  const target = instance as unknown as Record<string, unknown>;
  if (values === undefined) {
    assignFields(meta.concreteFields, target, undefined);
    return;
  }
  const initializer = initializerOf(meta);
  // How many of the given keys a field took; when it is all of them, none is unexpected.
  const taken = initializer.assign(target, values);
  const keys = Object.keys(values);
  if (taken !== keys.length || !initializer.distinct) refuseUnexpected(meta, values, keys);
}

/** Throws Django's error for the first given key that no field took, if there is one. */
function refuseUnexpected(
  meta: ModelMeta,
  values: Record<string, unknown>,
  keys: readonly string[],
): void {
  const seen = new Set<string>();
  for (const field of meta.concreteFields) {
    if (Object.hasOwn(values, field.name)) seen.add(field.name);
    else if (Object.hasOwn(values, field.attname)) seen.add(field.attname);
    else if (field.primaryKey && Object.hasOwn(values, 'pk')) seen.add('pk');
  }
  for (const key of keys) {
    if (seen.has(key)) continue;
    const field = meta.getField(key);
    if (field instanceof ManyToManyField) {
      throw new FieldError(
        `Direct assignment to the forward side of a many-to-many set is prohibited. Use ${key}.set() instead.`,
      );
    }
    throw new FieldError(`${meta.objectName}() got an unexpected keyword argument '${key}'.`);
  }
}

/**
 * The class `defineModel` returns: typed instances, a typed default manager, typed statics.
 *
 * @example
 * ```ts
 * class Post extends defineModel<Post>()('blog.Post', { … }) {} // Post: ModelDefinition<Post, {…}>
 * ```
 */
export interface ModelDefinition<S, Fs> {
  new (
    values?: CreateValues<InstanceFields<Fs> & { id: number }>,
  ): Model & { id: number } & InstanceFields<Fs> & { readonly [FIELDS]: Fs };
  /** The default manager, typed with the final class `S`. */
  readonly objects: Manager<S & Model>;
  readonly fields: Fs;
  readonly meta: MetaOptions;
  readonly _meta: ModelMeta;
  readonly label: string;
  readonly DoesNotExist: typeof ObjectDoesNotExist;
  readonly MultipleObjectsReturned: typeof MultipleObjectsReturned;
  readonly prototype: Model;
}

/**
 * Defines a model: its label `app_label.ModelName`, its fields and its Meta options. Extend the
 * returned class to add methods; pass that class as the type argument so `objects` returns it.
 * An `id` BigAutoField primary key is added unless a field sets `primaryKey`.
 *
 * @example
 * ```ts
 * export class Post extends defineModel<Post>()('blog.Post', {
 *   title: new CharField({ maxLength: 200 }),
 *   author: new ForeignKey(() => User, { onDelete: CASCADE, relatedName: 'posts' }),
 *   published: new BooleanField({ default: false }),
 * }, { ordering: ['-id'] }) {
 *   getAbsoluteUrl() { return `/posts/${this.pk}/`; }
 * }
 * // CREATE TABLE "blog_post" ("id" integer PRIMARY KEY AUTOINCREMENT, "title" varchar(200) NOT NULL,
 * //   "author_id" bigint NOT NULL REFERENCES "auth_user" ("id"), "published" bool NOT NULL)
 * ```
 */
export function defineModel<S = Model>() {
  // `object`, not FieldMap: a Field-typed constraint would make TypeScript infer each field's
  // null-ness from it (boolean) instead of from the field's own options.
  return <const Fs extends Record<string, object>>(
    label: string,
    fields: Fs,
    meta: MetaOptions = {},
  ): ModelDefinition<S, Fs> => {
    if (!/^[A-Za-z_]\w*\.[A-Za-z_]\w*$/.test(label)) {
      throw new FieldError(`A model label is 'app_label.ModelName', got '${label}'.`);
    }
    const name = label.slice(label.indexOf('.') + 1);
    const definition = {
      [name]: class extends Model {
        static readonly fields = fields;
        static readonly meta = meta;
      },
    }[name]!;
    const modelMeta = new ModelMeta(label, definition as unknown as AnyModelClass, meta, hooks);
    Object.defineProperty(definition, META, { value: modelMeta });
    contributeFields(
      modelMeta,
      definition as unknown as AnyModelClass,
      fields as unknown as FieldMap,
    );
    if (!modelMeta.abstract) apps.add(modelMeta);
    return definition as unknown as ModelDefinition<S, Fs>;
  };
}

/** What the registry calls back once relations resolve (see `ModelHooks`). */
const hooks: ModelHooks = {
  installReverse: installReverseAccessor,
  autoThrough(field, source) {
    const target = metaOf(field.target);
    const self = target === source;
    const from = self ? `from${source.objectName}` : source.modelName;
    const to = self ? `to${target.objectName}` : target.modelName;
    const fields = {
      [from]: new ForeignKey(() => source.model, { onDelete: CASCADE, relatedName: '+' }),
      [to]: new ForeignKey(() => target.model, { onDelete: CASCADE, relatedName: '+' }),
    };
    const dbTable = field.m2mOptions.dbTable ?? `${source.dbTable}_${field.column}`;
    return defineModel()(`${source.appLabel}.${source.objectName}_${field.name}`, fields, {
      dbTable,
      uniqueTogether: [[from, to]],
    });
  },
};

function contributeFields(meta: ModelMeta, definition: AnyModelClass, fields: FieldMap): void {
  const hasPk = Object.values(fields).some((f) => f.primaryKey);
  const resolve = (ref: ModelReference) => apps.resolve(ref, definition);
  if (!hasPk) {
    const id = new BigAutoField();
    id.contribute(definition, 'id', resolve);
    meta.addField(id);
  }
  for (const [name, original] of Object.entries(fields)) {
    if (name === 'pk' || name.includes('__') || name.startsWith('_')) {
      throw new FieldError(`'${name}' is not a valid field name on ${meta.label}.`);
    }
    const field: Field<unknown, boolean> =
      original.model === undefined ? original : original.clone();
    field.contribute(definition, name, resolve);
    meta.addField(field);
    if (field instanceof ForeignKey) installForwardAccessor(definition, field);
    if (field instanceof ManyToManyField) installManyToManyAccessor(definition, field);
  }
}

/**
 * An abstract base: fields and Meta to spread into concrete models (Django's `abstract = True`).
 *
 * @example
 * ```ts
 * const Timestamped = abstractModel({ created: new DateTimeField({ autoNowAdd: true }) }, { ordering: ['-created'] });
 * class Note extends defineModel<Note>()('notes.Note', { ...Timestamped.fields, text: new TextField() }, Timestamped.meta) {}
 * ```
 */
export function abstractModel<const Fs extends FieldMap>(
  fields: Fs,
  meta: Omit<MetaOptions, 'abstract' | 'dbTable'> = {},
) {
  return { fields, meta: { ...meta } as MetaOptions } as const;
}
