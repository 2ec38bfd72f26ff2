import type { ManyRelatedManager, Model } from '@stack/orm';
import { NON_FIELD_ERRORS, ValidationError } from '../errors.js';
import type { Field } from '../fields/field.js';
import { BaseForm, type DeclaredFields, type FormOptions } from '../forms.js';
import { isEmptyValue } from '../internal/data.js';
import { dict, hasOwn } from '../internal/py.js';
import type { Widget, WidgetClass } from '../widgets/widget.js';
import {
  formfieldFor,
  isEditable,
  kindsOf,
  type FormfieldOverrides,
  type ModelClassLike,
  type ModelFieldLike,
} from './formfield.js';

/** A ModelForm's `Meta` (Django's inner class), as `static meta`. */
export interface ModelFormMeta<M = any> {
  model: ModelClassLike<M>;
  /** The model fields to include, or `'__all__'`. One of `fields` and `exclude` is required. */
  fields?: readonly string[] | '__all__' | null;
  exclude?: readonly string[] | null;
  widgets?: Readonly<Record<string, Widget | WidgetClass>>;
  labels?: Readonly<Record<string, string>>;
  helpTexts?: Readonly<Record<string, string>>;
  errorMessages?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  fieldClasses?: Readonly<Record<string, new (options?: any) => Field>>;
  localizedFields?: readonly string[] | '__all__';
  /** Builds the form field of a model field (Django's `formfield_callback`). */
  formfieldCallback?: (field: ModelFieldLike, overrides: FormfieldOverrides) => Field | null;
}

/** The options of a ModelForm: a form's, plus the instance to edit. */
export interface ModelFormOptions<M = any> extends FormOptions {
  instance?: M | null;
}

/** Thrown by `ImproperlyConfigured` ModelForm declarations. */
export class ImproperlyConfigured extends Error {
  override name = 'ImproperlyConfigured';
}

/** Which model fields a Meta selects, in the model's order (`fields` order when given). */
function selected(meta: ModelFormMeta, all: readonly ModelFieldLike[]): ModelFieldLike[] {
  const byName = new Map(all.map((f) => [f.name, f]));
  let names: string[];
  if (meta.fields && meta.fields !== '__all__') names = [...meta.fields];
  else names = all.map((f) => f.name);
  const exclude = new Set(meta.exclude ?? []);
  return names
    .filter((n) => !exclude.has(n))
    .map((n) => byName.get(n))
    .filter((f): f is ModelFieldLike => f !== undefined);
}

function modelFields(model: ModelClassLike): ModelFieldLike[] {
  return [...model._meta.concreteFields, ...model._meta.manyToMany];
}

/**
 * Django's `fields_for_model`: the form fields for a model's editable fields, with a Meta's
 * widgets, labels, help texts, messages and field classes applied.
 *
 * @example
 * ```ts
 * fieldsForModel({ model: Post, fields: ['title', 'body'] }); // { title: CharField, body: CharField }
 * ```
 */
export function fieldsForModel(meta: ModelFormMeta): Record<string, Field> {
  const out = dict<Field>();
  const all = modelFields(meta.model);
  if (meta.fields && meta.fields !== '__all__') {
    const known = new Set(all.map((f) => f.name));
    const missing = meta.fields.filter((n) => !known.has(n));
    if (missing.length > 0)
      throw new Error(`Unknown field(s) (${missing.join(', ')}) specified for ${meta.model.name}`);
  }
  for (const field of selected(meta, all)) {
    if (!isEditable(field)) {
      if (meta.fields && meta.fields !== '__all__' && meta.fields.includes(field.name))
        throw new Error(
          `'${field.name}' cannot be specified for ${meta.model.name} model form as it is a non-editable field`,
        );
      continue;
    }
    const overrides: FormfieldOverrides = {};
    const name = field.name;
    if (meta.widgets && hasOwn(meta.widgets, name)) overrides.widget = meta.widgets[name];
    if (meta.labels && hasOwn(meta.labels, name)) overrides.label = meta.labels[name];
    if (meta.helpTexts && hasOwn(meta.helpTexts, name)) overrides.helpText = meta.helpTexts[name];
    if (meta.errorMessages && hasOwn(meta.errorMessages, name))
      overrides.errorMessages = meta.errorMessages[name];
    if (meta.localizedFields === '__all__' || meta.localizedFields?.includes(name))
      overrides.localize = true;
    let formField: Field | null;
    if (meta.fieldClasses && hasOwn(meta.fieldClasses, name)) {
      const base = formfieldFor(field, overrides);
      const Klass = meta.fieldClasses[name] as new (options?: any) => Field;
      formField = new Klass({ ...(base ? pickOptions(base) : {}), ...overrides });
    } else if (meta.formfieldCallback) formField = meta.formfieldCallback(field, overrides);
    else formField = formfieldFor(field, overrides);
    if (formField) out[name] = formField;
  }
  return out;
}

function pickOptions(field: Field): Record<string, unknown> {
  return {
    required: field.required,
    label: field.label,
    helpText: field.helpText,
    initial: field.initial,
    ...('maxLength' in field && { maxLength: (field as { maxLength: unknown }).maxLength }),
  };
}

/**
 * Django's `model_to_dict`: an instance's values for its editable fields (foreign keys as
 * their ids), as initial data. Many-to-many values need a query: `modelToDictAsync` reads them.
 *
 * @example
 * ```ts
 * modelToDict(post, ['title']); // { title: 'Hello' }
 * ```
 */
export function modelToDict(
  instance: Model,
  fields: readonly string[] | null = null,
  exclude: readonly string[] | null = null,
): Record<string, unknown> {
  const model = instance.constructor as unknown as ModelClassLike;
  const data = dict<unknown>();
  for (const field of model._meta.concreteFields) {
    if (!isEditable(field)) continue;
    if (fields && !fields.includes(field.name)) continue;
    if (exclude && exclude.includes(field.name)) continue;
    const value = (instance as unknown as Record<string, unknown>)[field.attname];
    // An empty FieldFile is falsy in Python; here it is an object, so it becomes null.
    const emptyFile =
      kindsOf(field).includes('FileField') && !(value as { name?: string } | null)?.name;
    data[field.name] = emptyFile ? null : value;
  }
  return data;
}

type ManyValue<V> = V extends ManyRelatedManager<infer R> ? R[] : V;
/** The clean data of a ModelForm for model `M` and fields `K`. */
export type ModelFields<M, K extends keyof M> = { [P in K]: Field<ManyValue<M[P]>> };

/**
 * Django's `BaseModelForm`: a form whose fields come from a model, which validates the
 * instance (the model's `fullClean()`: field checks, `clean()`, unique and unique-together) and
 * saves it. Declare one with `defineModelForm` or `modelformFactory`.
 *
 * @example
 * ```ts
 * const form = new PostForm({ data: request.POST, instance: post });
 * if (await form.isValid()) await form.save();
 * ```
 */
export class BaseModelForm<
  M extends Model = Model,
  F extends DeclaredFields = DeclaredFields,
> extends BaseForm<F> {
  static meta: ModelFormMeta | null = null;
  /** The instance the form edits (a new one when none was given). */
  instance: M;
  private _m2mLoaded = false;
  private _userInitial: Record<string, unknown>;

  constructor(options: ModelFormOptions<M> = {}) {
    const meta = (new.target as unknown as { meta: ModelFormMeta | null }).meta;
    if (!meta) throw new ImproperlyConfigured('ModelForm has no model class specified.');
    const instance = (options.instance ?? new meta.model({})) as M;
    const objectData = modelToDict(instance, metaFields(meta), meta.exclude ?? null);
    super({ ...options, initial: { ...objectData, ...(options.initial ?? {}) } });
    this.instance = instance;
    this._userInitial = { ...(options.initial ?? {}) };
  }

  /** The Meta of this form's class. */
  get meta(): ModelFormMeta {
    return (this.constructor as unknown as { meta: ModelFormMeta }).meta;
  }

  /** Loads the choices, and an existing instance's many-to-many values as initial data. */
  override async load(): Promise<void> {
    await super.load();
    if (this._m2mLoaded) return;
    this._m2mLoaded = true;
    if (this.instance.pk === null || this.instance.pk === undefined) return;
    for (const field of this.meta.model._meta.manyToMany) {
      if (!hasOwn(this.fields, field.name) || hasOwn(this._userInitial, field.name)) continue;
      const manager = (this.instance as unknown as Record<string, { all(): PromiseLike<Model[]> }>)[
        field.name
      ];
      this.initial[field.name] = (await manager!.all()).map((row) => row.pk);
    }
  }

  override async isValid(): Promise<boolean> {
    await this.load();
    return super.isValid();
  }

  override async fullClean(): Promise<void> {
    await this.load();
    return super.fullClean();
  }

  /** The model fields left out of the model's validation (Django's `_get_validation_exclusions`). */
  protected validationExclusions(): string[] {
    const exclude: string[] = [];
    const meta = this.meta;
    const cleaned = this.cleanedData as Record<string, unknown>;
    for (const field of this.meta.model._meta.fields) {
      const name = field.name;
      if (!hasOwn(this.fields, name)) exclude.push(name);
      else if (meta.fields && meta.fields !== '__all__' && !meta.fields.includes(name))
        exclude.push(name);
      else if (meta.exclude?.includes(name)) exclude.push(name);
      else if (this.errors.has(name)) exclude.push(name);
      else {
        const formField = this.fields[name] as Field;
        if (!field.options.blank && !formField.required && isEmptyValue(cleaned[name]))
          exclude.push(name);
      }
    }
    return exclude;
  }

  /** Copies the clean data onto the instance, then validates it with the model's rules. */
  protected override async postClean(): Promise<void> {
    const exclude = this.validationExclusions();
    this.constructInstance();
    try {
      await (this.instance as unknown as { fullClean(o: object): Promise<void> }).fullClean({
        exclude,
      });
    } catch (error) {
      const { errorDict: byField, errorCodes } = error as {
        errorDict?: Record<string, string[]>;
        errorCodes?: Record<string, Array<string | null>>;
      };
      if (!byField || typeof byField !== 'object') throw error;
      this.updateErrors(byField, errorCodes);
    }
  }

  /** Model validation errors into the form's: fields the form lacks become non-field errors. */
  private updateErrors(
    byField: Record<string, string[]>,
    codes: Record<string, Array<string | null>> = {},
  ): void {
    for (const key of Object.keys(byField)) {
      const messages = (byField[key] ?? []).map((message, i) => {
        const code = codes[key]?.[i];
        return new ValidationError(message, code ? { code } : {});
      });
      if (key !== NON_FIELD_ERRORS && hasOwn(this.fields, key)) this.addError(key, messages);
      else this.addError(null, messages);
    }
  }

  /** Django's `construct_instance`: the clean values onto the instance (not saved). */
  protected constructInstance(): void {
    const cleaned = this.cleanedData as Record<string, unknown>;
    const record = this.instance as unknown as Record<string, unknown>;
    const files: ModelFieldLike[] = [];
    for (const field of this.meta.model._meta.concreteFields) {
      if (!isEditable(field) || !hasOwn(cleaned, field.name)) continue;
      const formField = this.fields[field.name] as Field | undefined;
      if (!formField) continue;
      if (
        field.hasDefault &&
        formField.widget.valueOmittedFromData(this.data, this.files, this.addPrefix(field.name)) &&
        isEmptyValue(cleaned[field.name])
      )
        continue;
      if (kindsOf(field).includes('FileField')) files.push(field);
      else record[field.name] = cleaned[field.name];
    }
    for (const field of files) {
      const value = cleaned[field.name];
      // `false` clears the file; `null` (nothing new uploaded) keeps the stored one.
      if (value === false) record[field.name] = null;
      else if (value !== null && value !== undefined) record[field.name] = value;
    }
  }

  /**
   * Saves the instance (and its many-to-many values) and returns it. With `commit: false`,
   * only builds it: save it yourself, then call `form.saveM2m()`.
   */
  async save(options: { commit?: boolean } = {}): Promise<M> {
    if (!(await this.isValid())) {
      const adding = this.instance.pk === null || this.instance.pk === undefined;
      throw new Error(
        `The ${this.meta.model._meta.objectName} could not be ${adding ? 'created' : 'changed'} because the data didn't validate.`,
      );
    }
    if (options.commit === false) return this.instance;
    await (this.instance as unknown as { save(): Promise<void> }).save();
    await this.saveM2m();
    return this.instance;
  }

  /** Saves the many-to-many values of the clean data (after `save({ commit: false })`). */
  async saveM2m(): Promise<void> {
    const cleaned = this.cleanedData as Record<string, unknown>;
    for (const field of this.meta.model._meta.manyToMany) {
      if (!hasOwn(this.fields, field.name) || !hasOwn(cleaned, field.name)) continue;
      const manager = (
        this.instance as unknown as Record<string, { set(values: unknown[]): Promise<void> }>
      )[field.name];
      await manager!.set(cleaned[field.name] as unknown[]);
    }
  }
}

function metaFields(meta: ModelFormMeta): string[] | null {
  return meta.fields && meta.fields !== '__all__' ? [...meta.fields] : null;
}

/** The instance type of a model class. */
type InstanceOf<C> = C extends new (...args: any[]) => infer M ? M : never;

/**
 * Declares a ModelForm class from its Meta (Django's `class Meta: model = …; fields = […]`),
 * typed so `cleanedData` has the model's field types; `extra` adds declared fields.
 *
 * @example
 * ```ts
 * class PostForm extends defineModelForm({ model: Post, fields: ['title', 'body', 'tags'] }) {
 *   cleanTitle() { return this.cleanedData.title.trim(); }
 * }
 * ```
 */
export function defineModelForm<
  C extends ModelClassLike<any>,
  const K extends keyof InstanceOf<C> & string,
  const E extends Record<string, Field<any>> = {},
>(
  meta: ModelFormMeta<InstanceOf<C>> & { model: C; fields?: readonly K[] | '__all__' | null },
  extra?: E,
): new (
  options?: ModelFormOptions<InstanceOf<C>>,
) => BaseModelForm<InstanceOf<C>, ModelFields<InstanceOf<C>, K> & E & DeclaredFields> {
  if (!meta.fields && !meta.exclude) {
    throw new ImproperlyConfigured(
      "Creating a ModelForm without either the 'fields' attribute or the 'exclude' attribute is prohibited.",
    );
  }
  const declared = Object.assign(dict<Field<any>>(), fieldsForModel(meta), extra ?? {});
  const Declared = class extends BaseModelForm<any, any> {
    static override meta: ModelFormMeta = meta;
    static override declaredFields: DeclaredFields = declared;
  };
  Object.defineProperty(Declared, 'name', { value: `${meta.model.name}Form` });
  return Declared as never;
}

/**
 * Django's `modelform_factory`: a ModelForm class for `model`.
 *
 * @example
 * ```ts
 * const PostForm = modelformFactory(Post, { fields: ['title', 'body'], widgets: { body: Textarea } });
 * ```
 */
export function modelformFactory<
  C extends ModelClassLike<any>,
  const K extends keyof InstanceOf<C> & string,
>(
  model: C,
  options: Omit<ModelFormMeta<InstanceOf<C>>, 'model'> & {
    fields?: readonly K[] | '__all__' | null;
  },
) {
  return defineModelForm({ ...options, model } as ModelFormMeta<InstanceOf<C>> & {
    model: C;
    fields?: readonly K[];
  });
}
