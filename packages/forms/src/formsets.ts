import { SafeString } from '@stack/utils';
import { ValidationError } from './errors.js';
import { BooleanField } from './fields/choice.js';
import { IntegerField } from './fields/numeric.js';
import type { BaseForm } from './forms.js';
import { Form } from './define-form.js';
import type { FormOptions } from './forms.js';
import { EMPTY_INPUT, type FormInput } from './internal/data.js';
import { classMessages, GET_ITEM } from './internal/py.js';
import { ErrorList, type ErrorDict } from './utils.js';
import { NumberInput, type WidgetClass } from './widgets/widget.js';

import {
  DEFAULT_MAX_NUM,
  DELETION_FIELD_NAME,
  INITIAL_FORM_COUNT,
  MAX_NUM_FORM_COUNT,
  MIN_NUM_FORM_COUNT,
  ManagementForm,
  ORDERING_FIELD_NAME,
  TOTAL_FORM_COUNT,
} from './management-form.js';

/** What a formset's constructor takes. */
export interface FormSetOptions {
  data?: FormInput | null;
  files?: FormInput | null;
  autoId?: string | boolean;
  prefix?: string | null;
  /** One initial dict per initial form. */
  initial?: ReadonlyArray<Record<string, unknown>> | null;
  errorClass?: typeof ErrorList;
  /** Options every form is built with. */
  formKwargs?: FormOptions & Record<string, unknown>;
  errorMessages?: Record<string, string>;
}

/** The class-level settings of a formset (`formsetFactory` sets them). */
export interface FormSetSettings {
  form: new (options?: any) => BaseForm<any>;
  extra: number;
  canOrder: boolean;
  canDelete: boolean;
  canDeleteExtra: boolean;
  minNum: number;
  maxNum: number;
  absoluteMax: number;
  validateMin: boolean;
  validateMax: boolean;
  orderingWidget: WidgetClass;
  defaultErrorMessages: Readonly<Record<string, string>>;
}

/**
 * Django's `BaseFormSet`: several forms of one class, kept count of by a management form.
 * Build a class with `formsetFactory`. At most `absoluteMax` forms are ever built, whatever
 * `TOTAL_FORMS` says.
 *
 * @example
 * ```ts
 * const ArticleFormSet = formsetFactory(ArticleForm, { extra: 2, canDelete: true });
 * const formset = new ArticleFormSet({ data: request.POST });
 * if (await formset.isValid()) for (const data of formset.cleanedData) console.log(data);
 * ```
 */
export class BaseFormSet<Form extends BaseForm<any> = BaseForm<any>> implements Iterable<Form> {
  static form: new (options?: any) => BaseForm<any> = Form;
  static extra = 1;
  static canOrder = false;
  static canDelete = false;
  static canDeleteExtra = true;
  static minNum = 0;
  static maxNum = DEFAULT_MAX_NUM;
  static absoluteMax = 2 * DEFAULT_MAX_NUM;
  static validateMin = false;
  static validateMax = false;
  static orderingWidget: WidgetClass = NumberInput;
  static defaultErrorMessages: Readonly<Record<string, string>> = {
    missing_management_form:
      'ManagementForm data is missing or has been tampered with. Missing fields: %(field_names)s. You may need to file a bug report if the issue persists.',
  };

  readonly isBound: boolean;
  prefix: string;
  autoId: string | boolean;
  data: FormInput;
  files: FormInput;
  initial: ReadonlyArray<Record<string, unknown>> | null;
  formKwargs: FormOptions & Record<string, unknown>;
  errorClass: typeof ErrorList;
  errorMessages: Record<string, string>;
  private _errors: ErrorDict[] | null = null;
  private _nonFormErrors: ErrorList | null = null;
  private _managementForm: ManagementForm | null = null;
  private _forms: Form[] | null = null;
  private _deletedIndexes: number[] | null = null;
  private _ordering: [number, number | null][] | null = null;

  constructor(options: FormSetOptions = {}) {
    this.isBound = (options.data ?? null) !== null || (options.files ?? null) !== null;
    this.prefix = options.prefix || this.settings().getDefaultPrefix();
    this.autoId = options.autoId ?? 'id_%s';
    this.data = options.data ?? EMPTY_INPUT;
    this.files = options.files ?? EMPTY_INPUT;
    this.initial = options.initial ?? null;
    this.formKwargs = options.formKwargs ?? {};
    this.errorClass = options.errorClass ?? ErrorList;
    this.errorMessages = classMessages(this.constructor, options.errorMessages);
  }

  /** The class-level settings. */
  protected settings(): FormSetSettings & { getDefaultPrefix(): string } {
    return this.constructor as unknown as FormSetSettings & { getDefaultPrefix(): string };
  }

  get form(): new (options?: any) => Form {
    return this.settings().form as new (options?: any) => Form;
  }
  get extra(): number {
    return this.settings().extra;
  }
  get canOrder(): boolean {
    return this.settings().canOrder;
  }
  get canDelete(): boolean {
    return this.settings().canDelete;
  }
  get canDeleteExtra(): boolean {
    return this.settings().canDeleteExtra;
  }
  get minNum(): number {
    return this.settings().minNum;
  }
  get maxNum(): number {
    return this.settings().maxNum;
  }
  get absoluteMax(): number {
    return this.settings().absoluteMax;
  }
  get validateMin(): boolean {
    return this.settings().validateMin;
  }
  get validateMax(): boolean {
    return this.settings().validateMax;
  }

  static getDefaultPrefix(): string {
    return 'form';
  }

  static getOrderingWidget(): WidgetClass {
    return this.orderingWidget;
  }

  /** The forms, in order (`{% for form in formset %}`). */
  [Symbol.iterator](): Iterator<Form> {
    return this.forms[Symbol.iterator]();
  }

  /** `{{ formset.0 }}` in a template. */
  [GET_ITEM](key: string): Form | undefined {
    return /^\d+$/.test(key) ? this.forms[Number(key)] : undefined;
  }

  get length(): number {
    return this.forms.length;
  }

  /** The management form: bound to the submitted counts, or showing this formset's. */
  get managementForm(): ManagementForm {
    if (!this._managementForm) {
      if (this.isBound) {
        this._managementForm = new ManagementForm({
          data: this.data,
          autoId: this.autoId,
          prefix: this.prefix,
        });
        // Its fields are integers: cleaning it never waits.
        void this._managementForm.errors;
      } else {
        this._managementForm = new ManagementForm({
          autoId: this.autoId,
          prefix: this.prefix,
          initial: {
            [TOTAL_FORM_COUNT]: this.totalFormCount(),
            [INITIAL_FORM_COUNT]: this.initialFormCount(),
            [MIN_NUM_FORM_COUNT]: this.minNum,
            [MAX_NUM_FORM_COUNT]: this.maxNum,
          },
        });
      }
    }
    return this._managementForm;
  }

  private managementCount(name: string): number {
    const value = (this.managementForm.cleanedData as Record<string, unknown>)[name];
    return typeof value === 'number' ? value : 0;
  }

  /** How many forms there are; for a bound formset never more than `absoluteMax`. */
  totalFormCount(): number {
    if (this.isBound)
      return Math.max(0, Math.min(this.managementCount(TOTAL_FORM_COUNT), this.absoluteMax));
    const initialForms = this.initialFormCount();
    let total = Math.max(initialForms, this.minNum) + this.extra;
    if (this.maxNum >= 0 && initialForms > this.maxNum) total = initialForms;
    else if (this.maxNum >= 0 && total > this.maxNum) total = this.maxNum;
    return total;
  }

  /** How many forms hold existing data. */
  initialFormCount(): number {
    if (this.isBound)
      return Math.max(0, Math.min(this.managementCount(INITIAL_FORM_COUNT), this.absoluteMax));
    return this.initial ? this.initial.length : 0;
  }

  /** The forms, built on first use. */
  get forms(): Form[] {
    this._forms ??= Array.from({ length: this.totalFormCount() }, (_, i) =>
      this.constructForm(i, this.getFormKwargs(i)),
    );
    return this._forms;
  }

  /** Options for the form at `index` (`null` for the empty form). */
  getFormKwargs(_index: number | null): FormOptions & Record<string, unknown> {
    return { ...this.formKwargs };
  }

  /** Builds the form at index `i`. */
  protected constructForm(i: number, kwargs: FormOptions & Record<string, unknown>): Form {
    const defaults: FormOptions & Record<string, unknown> = {
      autoId: this.autoId,
      prefix: this.addPrefix(i),
      errorClass: this.errorClass,
      useRequiredAttribute: false,
    };
    if (this.isBound) {
      defaults.data = this.data;
      defaults.files = this.files;
    }
    if (this.initial && !('initial' in kwargs) && i < this.initial.length)
      defaults.initial = this.initial[i];
    if (i >= this.initialFormCount() && i >= this.minNum) defaults.emptyPermitted = true;
    const form = new this.form({ ...defaults, ...kwargs });
    this.addFields(form, i);
    return form;
  }

  get initialForms(): Form[] {
    return this.forms.slice(0, this.initialFormCount());
  }

  get extraForms(): Form[] {
    return this.forms.slice(this.initialFormCount());
  }

  /** A form with `__prefix__` in its names, for adding forms in the browser. */
  get emptyForm(): Form {
    const form = new this.form({
      autoId: this.autoId,
      prefix: this.addPrefix('__prefix__'),
      emptyPermitted: true,
      useRequiredAttribute: false,
      ...this.getFormKwargs(null),
    });
    this.addFields(form, null);
    return form;
  }

  /** Every form's clean data; throws unless the formset is valid (call `await isValid()` first). */
  get cleanedData(): Record<string, unknown>[] {
    if (!this.valid())
      throw new Error(`'${this.constructor.name}' object has no attribute 'cleanedData'`);
    return this.forms.map((form) => form.cleanedData as Record<string, unknown>);
  }

  /** The forms marked for deletion (after `await isValid()`). */
  get deletedForms(): Form[] {
    if (!this.valid() || !this.canDelete) return [];
    if (this._deletedIndexes === null) {
      this._deletedIndexes = [];
      this.forms.forEach((form, i) => {
        if (i >= this.initialFormCount() && !form.hasChanged()) return;
        if (this.shouldDeleteForm(form)) this._deletedIndexes!.push(i);
      });
    }
    return this._deletedIndexes.map((i) => this.forms[i] as Form);
  }

  /** The forms in the order their `ORDER` fields ask for (after `await isValid()`). */
  get orderedForms(): Form[] {
    if (!this.valid() || !this.canOrder)
      throw new Error(`'${this.constructor.name}' object has no attribute 'orderedForms'`);
    if (this._ordering === null) {
      const ordering: [number, number | null][] = [];
      this.forms.forEach((form, i) => {
        if (i >= this.initialFormCount() && !form.hasChanged()) return;
        if (this.canDelete && this.shouldDeleteForm(form)) return;
        const order = (form.cleanedData as Record<string, unknown>)[ORDERING_FIELD_NAME];
        ordering.push([i, typeof order === 'number' ? order : null]);
      });
      ordering.sort(([, a], [, b]) =>
        a === null ? (b === null ? 0 : 1) : b === null ? -1 : a - b,
      );
      this._ordering = ordering;
    }
    return this._ordering.map(([i]) => this.forms[i] as Form);
  }

  /** Errors of no particular form (from `clean()` and the count checks). */
  nonFormErrors(): ErrorList {
    this.requireCleaned();
    return this._nonFormErrors as ErrorList;
  }

  /** Each form's errors (forms marked for deletion left out). */
  get errors(): ErrorDict[] {
    this.requireCleaned();
    return this._errors as ErrorDict[];
  }

  /** How many errors there are, in every form and outside them. */
  totalErrorCount(): number {
    return this.nonFormErrors().length + this.errors.reduce((sum, errors) => sum + errors.size, 0);
  }

  protected shouldDeleteForm(form: BaseForm<any>): boolean {
    return Boolean((form.cleanedData as Record<string, unknown>)[DELETION_FIELD_NAME]);
  }

  private requireCleaned(): void {
    if (this._errors !== null) return;
    if (!this.isBound) {
      this._errors = [];
      this._nonFormErrors = new this.errorClass();
      return;
    }
    throw new Error(
      `${this.constructor.name}: await formset.isValid() (or formset.fullClean()) before reading its errors.`,
    );
  }

  private valid(): boolean {
    this.requireCleaned();
    if (!this.isBound) return false;
    const formsValid = this.forms.every(
      (form) => (this.canDelete && this.shouldDeleteForm(form)) || form.errors.size === 0,
    );
    return formsValid && (this._nonFormErrors as ErrorList).length === 0;
  }

  /** Loads what building the forms needs (a model formset's rows); rendering and cleaning call it. */
  async load(): Promise<void> {}

  /** Whether every form (but those marked for deletion) and the formset itself are valid. */
  async isValid(): Promise<boolean> {
    if (!this.isBound) return false;
    await this.load();
    if (this._errors === null) await this.fullClean();
    for (const form of this.forms) await form.isValid();
    return this.valid();
  }

  /** Cleans every form, then the counts, then `clean()`. */
  async fullClean(): Promise<void> {
    await this.load();
    const errors: ErrorDict[] = [];
    const nonFormErrors = new this.errorClass();
    if (!this.isBound) {
      this._errors = [];
      this._nonFormErrors = nonFormErrors;
      return;
    }
    const management = this.managementForm;
    if (management.errors.size > 0) {
      nonFormErrors.extend([
        new ValidationError(this.errorMessages.missing_management_form as string, {
          code: 'missing_management_form',
          params: {
            field_names: management.errors
              .keys()
              .map((n) => management.addPrefix(n))
              .join(', '),
          },
        }),
      ]);
    }
    let emptyForms = 0;
    for (const [i, form] of this.forms.entries()) {
      if (!form.hasChanged() && i >= this.initialFormCount()) emptyForms++;
      await form.isValid();
      if (this.canDelete && this.shouldDeleteForm(form)) continue;
      errors.push(form.errors);
    }
    this._errors = errors;
    this._nonFormErrors = nonFormErrors;
    try {
      const deleted = this.deletedFormsWhileCleaning();
      if (
        (this.validateMax && this.totalFormCount() - deleted > this.maxNum) ||
        this.managementCount(TOTAL_FORM_COUNT) > this.absoluteMax
      ) {
        throw new ValidationError(
          this.maxNum === 1
            ? 'Please submit at most 1 form.'
            : `Please submit at most ${this.maxNum} forms.`,
          { code: 'too_many_forms' },
        );
      }
      if (this.validateMin && this.totalFormCount() - deleted - emptyForms < this.minNum) {
        throw new ValidationError(
          this.minNum === 1
            ? 'Please submit at least 1 form.'
            : `Please submit at least ${this.minNum} forms.`,
          { code: 'too_few_forms' },
        );
      }
      await this.clean();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      this._nonFormErrors = new this.errorClass(error.errorList);
    }
  }

  /** `len(self.deleted_forms)` while cleaning: 0 unless the formset is valid so far. */
  private deletedFormsWhileCleaning(): number {
    return this.valid() ? this.deletedForms.length : 0;
  }

  /** Cross-form validation: throw a ValidationError to add a non-form error. */
  clean(): void | Promise<void> {}

  /** Whether any form's data differs from its initial data. */
  hasChanged(): boolean {
    return this.forms.some((form) => form.hasChanged());
  }

  /** Adds the `ORDER` and `DELETE` fields to a form. */
  addFields(form: BaseForm<any>, index: number | null): void {
    const initialFormCount = this.initialFormCount();
    const fields = form.fields as Record<string, unknown>;
    if (this.canOrder) {
      const widget = (
        this.constructor as unknown as { getOrderingWidget(): WidgetClass }
      ).getOrderingWidget();
      fields[ORDERING_FIELD_NAME] = new IntegerField({
        label: 'Order',
        required: false,
        widget,
        ...(index !== null && index < initialFormCount && { initial: index + 1 }),
      });
    }
    if (this.canDelete && (this.canDeleteExtra || (index !== null && index < initialFormCount)))
      fields[DELETION_FIELD_NAME] = new BooleanField({ label: 'Delete', required: false });
  }

  addPrefix(index: number | string): string {
    return `${this.prefix}-${index}`;
  }

  isMultipart(): boolean {
    const first = this.forms[0];
    return first ? first.isMultipart() : this.emptyForm.isMultipart();
  }

  private async renderWith(render: (form: Form) => Promise<SafeString>): Promise<SafeString> {
    await this.load();
    const forms: string[] = [];
    for (const form of this) forms.push((await render(form)).value);
    return new SafeString(`${(await this.managementForm.asTable()).value}\n${forms.join(' ')}`);
  }

  /** The management form, then every form's table rows. */
  asTable(): Promise<SafeString> {
    return this.renderWith((form) => form.asTable());
  }

  /** The management form, then every form as paragraphs. */
  asP(): Promise<SafeString> {
    return this.renderWith((form) => form.asP());
  }

  /** The management form, then every form as list items. */
  asUl(): Promise<SafeString> {
    return this.renderWith((form) => form.asUl());
  }

  /** `{{ formset }}` in a template. */
  async __html__(): Promise<string> {
    return (await this.asTable()).value;
  }
}
