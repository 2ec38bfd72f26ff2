import type { Model } from '@stack/orm';
import { ValidationError } from '../errors.js';
import { BaseFormSet, type FormSetOptions } from '../formsets.js';
import { formsetFactory, type FormsetFactoryOptions } from '../formset-factory.js';
import { hasOwn, pyStr } from '../internal/py.js';
import { dataGet } from '../internal/data.js';
import type { BaseForm } from '../forms.js';
import { HiddenInput } from '../widgets/widget.js';
import type { ModelClassLike } from './formfield.js';
import { ModelChoiceField } from './model-choice.js';
import type { BaseModelForm } from './model-form.js';
import { defineModelForm, type ModelFormMeta } from './model-form.js';

/** What a model formset's constructor takes. */
export interface ModelFormSetOptions extends FormSetOptions {
  /** The rows to edit (default: every row of the model, by primary key). */
  queryset?: PromiseLike<Model[]> | null;
}

/**
 * Django's `BaseModelFormSet`: one ModelForm per row of a queryset, plus extra forms for new
 * rows; `save()` writes changed and new rows and deletes the ones marked for deletion. Build
 * one with `modelformsetFactory`.
 *
 * @example
 * ```ts
 * const AuthorFormSet = modelformsetFactory(Author, { fields: ['name'], extra: 1 });
 * const formset = new AuthorFormSet({ data: request.POST, queryset: Author.objects.filter({ active: true }) });
 * if (await formset.isValid()) await formset.save();
 * ```
 */
export class BaseModelFormSet<M extends Model = Model> extends BaseFormSet<BaseModelForm<M>> {
  static model: ModelClassLike | null = null;
  /** The extra forms' initial values. */
  initialExtra: ReadonlyArray<Record<string, unknown>> | null;
  newObjects: M[] = [];
  changedObjects: [M, string[]][] = [];
  deletedObjects: M[] = [];
  protected querysetSource: PromiseLike<Model[]> | null;
  protected rows: M[] | null = null;

  constructor(options: ModelFormSetOptions = {}) {
    const { queryset = null, initial = null, ...rest } = options;
    super(rest);
    this.querysetSource = queryset;
    this.initialExtra = initial;
  }

  get model(): ModelClassLike<M> {
    return (this.constructor as unknown as { model: ModelClassLike<M> }).model;
  }

  /** The rows, read once (ordered by primary key unless the queryset is ordered). */
  override async load(): Promise<void> {
    if (this.rows !== null) return;
    const source =
      this.querysetSource ??
      (this.model.objects.all() as { orderBy(f: string): PromiseLike<Model[]> }).orderBy('pk');
    this.rows = (await source) as M[];
  }

  /** The rows (after `load()`). */
  getQueryset(): M[] {
    if (this.rows === null)
      throw new Error(`${this.constructor.name}: await formset.load() (or isValid()) first.`);
    return this.rows;
  }

  override initialFormCount(): number {
    if (!this.isBound) return this.getQueryset().length;
    return super.initialFormCount();
  }

  override totalFormCount(): number {
    if (this.isBound) return super.totalFormCount();
    const initialForms = this.initialFormCount();
    let total = Math.max(initialForms, this.minNum) + this.extra;
    if (this.maxNum >= 0 && initialForms > this.maxNum) total = initialForms;
    else if (this.maxNum >= 0 && total > this.maxNum) total = this.maxNum;
    return total;
  }

  /** The pk field's name. */
  protected get pkName(): string {
    return (this.model._meta as unknown as { pk: { name: string } }).pk.name;
  }

  protected existingObject(pk: unknown): M | undefined {
    return this.getQueryset().find((row) => pyStr(row.pk) === pyStr(pk));
  }

  protected override constructForm(i: number, kwargs: Record<string, unknown>): BaseModelForm<M> {
    const options: Record<string, unknown> = { ...kwargs };
    const initialCount = this.initialFormCount();
    if (this.isBound) {
      if (i < initialCount) {
        const pk = dataGet(this.data, `${this.addPrefix(i)}-${this.pkName}`);
        const existing = pk === undefined ? undefined : this.existingObject(pk);
        if (existing) options.instance = existing;
      }
    } else if (i < initialCount) {
      options.instance = this.getQueryset()[i];
    } else if (this.initialExtra) {
      const extra = this.initialExtra[i - initialCount];
      if (extra) options.initial = extra;
    }
    return super.constructForm(i, options) as BaseModelForm<M>;
  }

  override addFields(form: BaseForm<any>, index: number | null): void {
    const fields = form.fields as Record<string, unknown>;
    const pkName = this.pkName;
    const instance = (form as BaseModelForm<M>).instance;
    const existing = instance.pk !== null && instance.pk !== undefined;
    fields[pkName] = new ModelChoiceField({
      queryset: this.model.objects.all(),
      initial: existing ? instance.pk : null,
      required: false,
      widget: HiddenInput,
    });
    super.addFields(form, index);
  }

  /** Checks unique fields and unique-together sets across the forms. */
  override async clean(): Promise<void> {
    await this.validateUnique();
  }

  protected async validateUnique(): Promise<void> {
    const meta = this.model._meta;
    const forms = this.forms.filter(
      (form) => form.errors.size === 0 && !(this.canDelete && this.shouldDeleteForm(form)),
    );
    const checks: string[][] = meta.concreteFields
      .filter((f) => (f as unknown as { unique: boolean }).unique && !f.primaryKey)
      .map((f) => [f.name]);
    for (const together of meta.options.uniqueTogether ?? []) checks.push([...together]);
    const errors: ValidationError[] = [];
    for (const names of checks) {
      const seen = new Set<string>();
      for (const form of forms) {
        const cleaned = form.cleanedData as Record<string, unknown>;
        if (
          !names.every(
            (n) => hasOwn(form.fields, n) && cleaned[n] !== null && cleaned[n] !== undefined,
          )
        )
          continue;
        const key = JSON.stringify(
          names.map((n) => pyStr((cleaned[n] as Model | null)?.pk ?? cleaned[n])),
        );
        if (seen.has(key)) {
          const label =
            names.length === 1
              ? `Please correct the duplicate data for ${names[0]}, which must be unique.`
              : `Please correct the duplicate data for ${names.join(' and ')}, which must be unique.`;
          errors.push(new ValidationError(label, { code: 'unique' }));
          form.addError(null, 'Please correct the duplicate values below.');
          for (const n of names) delete cleaned[n];
          break;
        }
        seen.add(key);
      }
    }
    if (errors.length > 0) throw new ValidationError(errors);
  }

  /** Saves the changed and new rows, deletes the marked ones; returns the saved rows. */
  async save(options: { commit?: boolean } = {}): Promise<M[]> {
    if (!(await this.isValid()))
      throw new Error(`${this.constructor.name}: the data didn't validate.`);
    const commit = options.commit !== false;
    return [...(await this.saveExisting(commit)), ...(await this.saveNew(commit))];
  }

  protected async saveObject(form: BaseModelForm<M>, commit: boolean): Promise<M> {
    return form.save({ commit });
  }

  protected async saveExisting(commit: boolean): Promise<M[]> {
    this.changedObjects = [];
    this.deletedObjects = [];
    const saved: M[] = [];
    for (const form of this.initialForms) {
      const instance = form.instance;
      if (instance.pk === null || instance.pk === undefined) continue;
      if (this.canDelete && this.shouldDeleteForm(form)) {
        this.deletedObjects.push(instance);
        if (commit) await (instance as unknown as { delete(): Promise<unknown> }).delete();
        continue;
      }
      if (form.hasChanged()) {
        this.changedObjects.push([instance, form.changedData]);
        saved.push(await this.saveObject(form, commit));
      }
    }
    return saved;
  }

  protected async saveNew(commit: boolean): Promise<M[]> {
    this.newObjects = [];
    for (const form of this.extraForms) {
      if (!form.hasChanged()) continue;
      if (this.canDelete && this.shouldDeleteForm(form)) continue;
      this.newObjects.push(await this.saveObject(form, commit));
    }
    return this.newObjects;
  }
}

/** The options of `modelformsetFactory`. */
export type ModelFormsetFactoryOptions<M = any> = Omit<ModelFormMeta<M>, 'model'> &
  FormsetFactoryOptions & {
    form?: new (options?: any) => BaseModelForm<any>;
  };

/**
 * Django's `modelformset_factory`.
 *
 * @example
 * ```ts
 * const AuthorFormSet = modelformsetFactory(Author, { fields: ['name', 'title'], canDelete: true });
 * ```
 */
export function modelformsetFactory<M extends Model>(
  model: ModelClassLike<M>,
  options: ModelFormsetFactoryOptions<M>,
): typeof BaseModelFormSet<M> {
  const {
    form,
    formset,
    extra,
    canOrder,
    canDelete,
    maxNum,
    validateMax,
    minNum,
    validateMin,
    absoluteMax,
    canDeleteExtra,
    ...meta
  } = options;
  const Form =
    form ?? (defineModelForm({ ...meta, model } as never) as unknown as new () => BaseModelForm<M>);
  const FormSet = formsetFactory(Form, {
    formset: formset ?? (BaseModelFormSet as never),
    ...(extra !== undefined && { extra }),
    ...(canOrder !== undefined && { canOrder }),
    ...(canDelete !== undefined && { canDelete }),
    ...(maxNum !== undefined && { maxNum }),
    ...(validateMax !== undefined && { validateMax }),
    ...(minNum !== undefined && { minNum }),
    ...(validateMin !== undefined && { validateMin }),
    ...(absoluteMax !== undefined && { absoluteMax }),
    ...(canDeleteExtra !== undefined && { canDeleteExtra }),
  });
  (FormSet as unknown as { model: ModelClassLike }).model = model as ModelClassLike;
  return FormSet as unknown as typeof BaseModelFormSet<M>;
}

/** What an inline formset's constructor takes: the parent instance. */
export interface InlineFormSetOptions extends ModelFormSetOptions {
  instance?: Model | null;
  /** Saving a new parent first is your job: its children are saved with its pk. */
  saveAsNew?: boolean;
}

/**
 * Django's `BaseInlineFormSet`: the children of one parent row through a foreign key (a
 * post's comments); new children get the parent on save.
 *
 * @example
 * ```ts
 * const CommentFormSet = inlineformsetFactory(Post, Comment, { fields: ['body'] });
 * const formset = new CommentFormSet({ data: request.POST, instance: post });
 * ```
 */
export class BaseInlineFormSet<M extends Model = Model> extends BaseModelFormSet<M> {
  static fkName = '';
  instance: Model;

  constructor(options: InlineFormSetOptions = {}) {
    const { instance = null, ...rest } = options;
    super(rest);
    const parent = (this.constructor as unknown as { parentModel: ModelClassLike }).parentModel;
    this.instance = instance ?? new parent({});
    this.prefix =
      options.prefix ||
      (this.constructor as unknown as { getDefaultPrefix(): string }).getDefaultPrefix();
  }

  get fkName(): string {
    return (this.constructor as unknown as { fkName: string }).fkName;
  }

  static override getDefaultPrefix(): string {
    const model = (this as unknown as { model: ModelClassLike; fkName: string }).model;
    const fk = model._meta.getField((this as unknown as { fkName: string }).fkName) as unknown as {
      options: { relatedName?: string };
    };
    return fk.options.relatedName ?? `${model._meta.objectName.toLowerCase()}_set`;
  }

  override async load(): Promise<void> {
    if (this.rows !== null) return;
    if (this.instance.pk === null || this.instance.pk === undefined) {
      this.rows = [];
      return;
    }
    const source =
      this.querysetSource ??
      (
        this.model.objects.all() as {
          filter(q: object): { orderBy(f: string): PromiseLike<Model[]> };
        }
      )
        .filter({ [this.fkName]: this.instance.pk })
        .orderBy('pk');
    this.rows = (await source) as M[];
  }

  protected override constructForm(i: number, kwargs: Record<string, unknown>): BaseModelForm<M> {
    const form = super.constructForm(i, kwargs);
    (form.instance as unknown as Record<string, unknown>)[this.fkName] = this.instance;
    return form;
  }

  protected override async saveObject(form: BaseModelForm<M>, commit: boolean): Promise<M> {
    (form.instance as unknown as Record<string, unknown>)[this.fkName] = this.instance;
    return form.save({ commit });
  }
}

/**
 * Django's `inlineformset_factory`: a formset of `model` rows belonging to one `parentModel`
 * row; the foreign key is found (or named with `fkName`) and left out of the forms.
 *
 * @example
 * ```ts
 * const CommentFormSet = inlineformsetFactory(Post, Comment, { fields: ['author', 'body'], extra: 2 });
 * ```
 */
export function inlineformsetFactory<M extends Model>(
  parentModel: ModelClassLike,
  model: ModelClassLike<M>,
  options: ModelFormsetFactoryOptions<M> & { fkName?: string } = {},
): typeof BaseInlineFormSet<M> {
  const { fkName, ...rest } = options;
  const fks = model._meta.concreteFields.filter(
    (f) => f.isRelation && (f.target as unknown) === (parentModel as unknown),
  );
  const fk = fkName ? fks.find((f) => f.name === fkName) : fks.length === 1 ? fks[0] : undefined;
  if (!fk) {
    throw new Error(
      fkName
        ? `fk_name '${fkName}' is not a ForeignKey to '${parentModel._meta.objectName}'.`
        : `'${model._meta.objectName}' has ${fks.length === 0 ? 'no' : 'more than one'} ForeignKey to '${parentModel._meta.objectName}'.`,
    );
  }
  const exclude = [...(rest.exclude ?? []), fk.name];
  const FormSet = modelformsetFactory(model, {
    extra: 3,
    canDelete: true,
    ...rest,
    exclude,
    formset: (rest.formset ?? BaseInlineFormSet) as never,
  });
  Object.assign(FormSet, { fkName: fk.name, parentModel });
  return FormSet as unknown as typeof BaseInlineFormSet<M>;
}
