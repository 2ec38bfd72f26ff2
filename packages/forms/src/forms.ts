import type { SafeString } from '@stack/utils';
import { BoundField } from './boundfield.js';
import { NON_FIELD_ERRORS, ValidationError, type ValidationErrorInput } from './errors.js';
import type { Field } from './fields/field.js';
import { EMPTY_INPUT, type FormInput } from './internal/data.js';
import { dict, hasOwn, GET_ITEM } from './internal/py.js';
import { htmlOutput, divOutput } from './internal/render-form.js';
import { getDefaultRenderer, type FormRenderer } from './renderers.js';
import { ErrorDict, ErrorList } from './utils.js';

/** A form's fields by name. */
export type DeclaredFields = Record<string, Field<any>>;

/** The clean value type of a field. */
export type CleanedValue<F> = F extends Field<infer T> ? T : never;

/** `form.cleanedData`: each field's clean value, typed from the declared fields. */
export type CleanedData<F> = { [K in keyof F]: CleanedValue<F[K]> };

/** What a form's constructor takes (Django's `Form(...)` arguments, camelCased). */
export interface FormOptions {
  /** Submitted values (a `QueryDict`, `URLSearchParams`, `Map` or plain object): the form is bound. */
  data?: FormInput | null;
  /** Uploaded files (`request.FILES`, or a plain object of files). */
  files?: FormInput | null;
  /** The id pattern (`'id_%s'`), `true` for the bare name, `false` for no ids. */
  autoId?: string | boolean;
  /** Prefixes every field name (`prefix-name`), to have several forms in one `<form>`. */
  prefix?: string | null;
  /** Values shown by an unbound form, by field name. */
  initial?: Readonly<Record<string, unknown>> | null;
  /** The ErrorList class errors are shown with. */
  errorClass?: typeof ErrorList;
  /** What follows a label (default `':'`). */
  labelSuffix?: string | null;
  /** An unchanged form is valid without its required fields (extra forms of a formset). */
  emptyPermitted?: boolean;
  /** Field names in the order to show them; the others follow. */
  fieldOrder?: readonly string[] | null;
  /** Render `required` attributes (default true). */
  useRequiredAttribute?: boolean | null;
  renderer?: FormRenderer | null;
}

type MaybePromise<T> = T | Promise<T>;

/** Calls `next` at once, or after `value` when it is a promise. */
function andThen(
  value: Promise<void> | void,
  next: () => Promise<void> | void,
): Promise<void> | void {
  return value ? value.then(next) : next();
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** `clean_<name>` in Stack's spelling: `title` → `cleanTitle`, `cc_myself` → `cleanCcMyself`. */
export function cleanHookName(name: string): string {
  return `clean${name.replace(/(?:^|_)([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase())}`;
}

/** The class-level settings a form reads (Django's class attributes; `static` here). */
export interface FormClassSettings {
  declaredFields: DeclaredFields;
  fieldOrder: readonly string[] | null;
  prefix: string | null;
  useRequiredAttribute: boolean;
  defaultRenderer: FormRenderer | null;
  errorCssClass: string | null;
  requiredCssClass: string | null;
}

/**
 * Django's `BaseForm`: bound to data or not, cleaned by `await form.isValid()`, rendered by
 * `asTable()`, `asP()`, `asUl()`, `asDiv()` or field by field. Declare forms with `defineForm`.
 *
 * Class-level settings are `static` (they are read while the instance is built, before a
 * subclass's own fields exist): `static override requiredCssClass = 'required'`.
 *
 * @example
 * ```ts
 * const form = new ContactForm({ data: request.POST });
 * if (await form.isValid()) await send(form.cleanedData);
 * else console.log(form.errors.asJson());
 * ```
 */
export class BaseForm<F extends DeclaredFields = DeclaredFields> implements Iterable<BoundField> {
  static declaredFields: DeclaredFields = dict<Field<any>>();
  static fieldOrder: readonly string[] | null = null;
  static prefix: string | null = null;
  static useRequiredAttribute = true;
  static defaultRenderer: FormRenderer | null = null;
  static errorCssClass: string | null = null;
  static requiredCssClass: string | null = null;

  readonly isBound: boolean;
  data: FormInput;
  files: FormInput;
  autoId: string | boolean;
  prefix: string | null;
  initial: Record<string, unknown>;
  errorClass: typeof ErrorList;
  labelSuffix: string;
  emptyPermitted: boolean;
  useRequiredAttribute: boolean;
  renderer: FormRenderer;
  errorCssClass: string | null;
  requiredCssClass: string | null;
  /** This form's own copies of the declared fields; change them freely. */
  fields: F & DeclaredFields;
  /**
   * Each field's clean value, after `await form.isValid()`. Inside `clean()` and the
   * `clean<Field>()` hooks it holds only the fields cleaned so far without error.
   */
  cleanedData: CleanedData<F>;
  private _errors: ErrorDict | null = null;
  private _cleaning: Promise<void> | null = null;
  private _readTooEarly = false;
  private _boundFields = new Map<string, BoundField>();
  private _changedData: string[] | null = null;

  constructor(options: FormOptions = {}) {
    const klass = this.constructor as unknown as FormClassSettings;
    this.isBound = (options.data ?? null) !== null || (options.files ?? null) !== null;
    this.data = options.data ?? EMPTY_INPUT;
    this.files = options.files ?? EMPTY_INPUT;
    this.autoId = options.autoId ?? 'id_%s';
    this.prefix = options.prefix ?? klass.prefix;
    this.initial = Object.assign(dict<unknown>(), options.initial ?? {});
    this.errorClass = options.errorClass ?? ErrorList;
    this.labelSuffix = options.labelSuffix ?? ':';
    this.emptyPermitted = options.emptyPermitted ?? false;
    this.errorCssClass = klass.errorCssClass;
    this.requiredCssClass = klass.requiredCssClass;
    this.cleanedData = dict<unknown>() as CleanedData<F>;
    const fields = dict<Field<any>>();
    for (const name of Object.keys(klass.declaredFields))
      fields[name] = (klass.declaredFields[name] as Field<any>).clone();
    this.fields = fields as F & DeclaredFields;
    this.orderFields(options.fieldOrder ?? klass.fieldOrder);
    this.useRequiredAttribute = options.useRequiredAttribute ?? klass.useRequiredAttribute;
    if (this.emptyPermitted && this.useRequiredAttribute) {
      throw new Error(
        'The emptyPermitted and useRequiredAttribute arguments may not both be true.',
      );
    }
    this.renderer = options.renderer ?? klass.defaultRenderer ?? getDefaultRenderer();
  }

  /** Puts the named fields first, in that order (unknown names are ignored). */
  orderFields(fieldOrder: readonly string[] | null): void {
    if (fieldOrder === null) return;
    const ordered = dict<Field<any>>();
    for (const name of fieldOrder)
      if (hasOwn(this.fields, name)) ordered[name] = this.fields[name] as Field<any>;
    for (const name of Object.keys(this.fields))
      if (!hasOwn(ordered, name)) ordered[name] = this.fields[name] as Field<any>;
    this.fields = ordered as F & DeclaredFields;
  }

  /** The BoundField of a field (Django's `form[name]`); throws for an unknown name. */
  get<K extends keyof F & string>(name: K): BoundField<CleanedValue<F[K]>>;
  get(name: string): BoundField;
  get(name: string): BoundField {
    const bound = this[GET_ITEM](name);
    if (!bound) {
      throw new Error(
        `Key '${name}' not found in '${this.constructor.name}'. Choices are: ${Object.keys(this.fields).sort().join(', ')}.`,
      );
    }
    return bound;
  }

  /** `{{ form.title }}` in a template (Django's `form['title']`); `undefined` for an unknown name. */
  [GET_ITEM](name: string): BoundField | undefined {
    if (!hasOwn(this.fields, name)) return undefined;
    let bound = this._boundFields.get(name);
    if (!bound) {
      bound = new BoundField(this, this.fields[name] as Field<any>, name);
      this._boundFields.set(name, bound);
    }
    return bound;
  }

  /** The BoundFields, in order (`{% for field in form %}`). */
  *[Symbol.iterator](): Iterator<BoundField> {
    for (const name of Object.keys(this.fields)) yield this[GET_ITEM](name) as BoundField;
  }

  /**
   * The errors by field (`__all__` for the others). Reading them cleans the form the first time,
   * as in Django, when every field and hook answers at once; a form that must wait (a model
   * choice, an async hook) has to be cleaned first with `await form.isValid()`.
   */
  get errors(): ErrorDict {
    if (this._errors === null) {
      this._startClean();
      // Started here and not finished: whoever reads must await isValid(). (Reads from hooks
      // while isValid() is being awaited see the errors found so far, as in Django.)
      if (this._cleaning !== null) this._readTooEarly = true;
    }
    if (this._readTooEarly) {
      throw new Error(
        `${this.constructor.name}.errors was read while the form was still being cleaned: await form.isValid() (or form.fullClean()) first.`,
      );
    }
    return this._errors as ErrorDict;
  }

  /** @internal The errors of one field, for its BoundField. */
  fieldErrors(name: string): ErrorList | undefined {
    return this.errors.get(name);
  }

  /** Whether the form is bound and every value is valid (cleans the form the first time). */
  async isValid(): Promise<boolean> {
    if (this._errors === null) this._startClean();
    if (this._cleaning !== null) await this._cleaning;
    return this.isBound && (this._errors as ErrorDict).size === 0;
  }

  addPrefix(fieldName: string): string {
    return this.prefix ? `${this.prefix}-${fieldName}` : fieldName;
  }

  addInitialPrefix(fieldName: string): string {
    return `initial-${this.addPrefix(fieldName)}`;
  }

  /** The errors of no particular field (`clean()`'s), with the `nonfield` CSS class. */
  nonFieldErrors(): ErrorList {
    return this.errors.get(NON_FIELD_ERRORS) ?? new this.errorClass([], 'nonfield');
  }

  /**
   * Adds errors to a field (`null` for the whole form) and drops its clean value. `error` may be
   * a message, a list, a ValidationError, or errors by field (then `field` must be null).
   */
  addError(field: string | null, error: ValidationErrorInput): void {
    const validation = error instanceof ValidationError ? error : new ValidationError(error);
    let byField: Record<string, ValidationError[]>;
    if (validation.errorDict) {
      if (field !== null) {
        throw new TypeError(
          'The argument `field` must be `null` when the `error` argument contains errors for multiple fields.',
        );
      }
      byField = validation.errorDict;
    } else {
      byField = dict<ValidationError[]>();
      byField[field || NON_FIELD_ERRORS] = validation.errorList;
    }
    this._errors ??= new ErrorDict();
    for (const name of Object.keys(byField)) {
      let list = this._errors.get(name);
      if (!list) {
        if (name !== NON_FIELD_ERRORS && !hasOwn(this.fields, name))
          throw new Error(`'${this.constructor.name}' has no field named '${name}'.`);
        list =
          name === NON_FIELD_ERRORS ? new this.errorClass([], 'nonfield') : new this.errorClass();
        this._errors.set(name, list);
      }
      list.extend(byField[name] as ValidationError[]);
      if (hasOwn(this.cleanedData, name))
        delete (this.cleanedData as Record<string, unknown>)[name];
    }
  }

  /** Whether a field (or `__all__`) has an error, of `code` if given. */
  hasError(field: string, code: string | null = null): boolean {
    const list = this.errors.get(field);
    if (!list) return false;
    return code === null || list.asData().some((error) => error.code === code);
  }

  /** Cleans every field, then `clean()`, then `postClean()`; fills `errors` and `cleanedData`. */
  async fullClean(): Promise<void> {
    this._startClean();
    if (this._cleaning !== null) await this._cleaning;
  }

  /** Runs the cleaning, synchronously as long as nothing returns a promise. */
  private _startClean(): void {
    const pending = this._runClean();
    if (pending) {
      const cleaning = pending.finally(() => {
        if (this._cleaning === cleaning) {
          this._cleaning = null;
          this._readTooEarly = false;
        }
      });
      // A failure reaches whoever awaits isValid(); an `errors` read that started it must not
      // leave an unhandled rejection behind.
      cleaning.catch(() => undefined);
      this._cleaning = cleaning;
    }
  }

  private _runClean(): Promise<void> | void {
    this._errors = new ErrorDict();
    this._cleaning = null;
    if (!this.isBound) return;
    this.cleanedData = dict<unknown>() as CleanedData<F>;
    if (this.emptyPermitted && !this.hasChanged()) return;
    return andThen(this._cleanFields(Object.keys(this.fields), 0), () =>
      andThen(this._cleanForm(), () => this.postClean()),
    );
  }

  private _cleanFields(names: string[], from: number): Promise<void> | void {
    for (let i = from; i < names.length; i++) {
      const pending = this._cleanField(names[i] as string);
      if (pending) return pending.then(() => this._cleanFields(names, i + 1));
    }
  }

  private _cleanField(name: string): Promise<void> | void {
    const field = this.fields[name] as Field<any>;
    const fail = (error: unknown): void => {
      if (!(error instanceof ValidationError)) throw error;
      this.addError(name, error);
    };
    const cleaned = this.cleanedData as Record<string, unknown>;
    const afterHook = (value: unknown): void => {
      cleaned[name] = value;
    };
    const afterField = (value: unknown): Promise<void> | void => {
      cleaned[name] = value;
      const hookName = cleanHookName(name);
      const hook =
        hookName === 'clean' ? undefined : (this as unknown as Record<string, unknown>)[hookName];
      if (typeof hook !== 'function') return;
      try {
        const result: unknown = hook.call(this);
        if (isThenable(result)) return Promise.resolve(result).then(afterHook, fail);
        afterHook(result);
      } catch (error) {
        fail(error);
      }
    };
    try {
      const value = field.disabled
        ? this.getInitialForField(field, name)
        : field.widget.valueFromDatadict(this.data, this.files, this.addPrefix(name));
      const result: unknown = field.clean(value, this.getInitialForField(field, name));
      if (isThenable(result)) return Promise.resolve(result).then(afterField, fail);
      return afterField(result);
    } catch (error) {
      fail(error);
    }
  }

  private _cleanForm(): Promise<void> | void {
    const fail = (error: unknown): void => {
      if (!(error instanceof ValidationError)) throw error;
      this.addError(null, error);
    };
    const keep = (result: unknown): void => {
      if (result !== undefined && result !== null) this.cleanedData = result as CleanedData<F>;
    };
    try {
      const result: unknown = this.clean();
      if (isThenable(result)) return Promise.resolve(result).then(keep, fail);
      keep(result);
    } catch (error) {
      fail(error);
    }
  }

  /** A hook after `clean()` (ModelForm validates its instance here). */
  protected postClean(): MaybePromise<void> {}

  /**
   * Form-wide validation after every field is clean: throw a ValidationError (it becomes a
   * non-field error) or call `addError()`; return nothing or the new clean data.
   */
  clean(): MaybePromise<Partial<CleanedData<F>> | Record<string, unknown> | void> {
    return this.cleanedData;
  }

  /** Whether any value differs from its initial one. */
  hasChanged(): boolean {
    return this.changedData.length > 0;
  }

  /** The names of the fields whose value differs from the initial one. */
  get changedData(): string[] {
    if (this._changedData === null) {
      const changed: string[] = [];
      for (const name of Object.keys(this.fields)) {
        const field = this.fields[name] as Field<any>;
        const prefixed = this.addPrefix(name);
        const dataValue = field.widget.valueFromDatadict(this.data, this.files, prefixed);
        let initialValue: unknown;
        if (!field.showHiddenInitial) initialValue = (this[GET_ITEM](name) as BoundField).initial;
        else {
          const hidden = new field.hiddenWidget();
          try {
            initialValue = field.toPython(
              hidden.valueFromDatadict(this.data, this.files, this.addInitialPrefix(name)),
            );
          } catch (error) {
            if (!(error instanceof ValidationError)) throw error;
            changed.push(name);
            continue;
          }
        }
        if (field.hasChanged(initialValue, dataValue)) changed.push(name);
      }
      this._changedData = changed;
    }
    return this._changedData;
  }

  /** Whether the form has a file input (and must be sent as `multipart/form-data`). */
  isMultipart(): boolean {
    return Object.values(this.fields).some((field) => field.widget.needsMultipartForm);
  }

  /** The BoundFields of hidden fields, for laying a form out by hand. */
  hiddenFields(): BoundField[] {
    return [...this].filter((field) => field.isHidden);
  }

  /** The BoundFields of visible fields. */
  visibleFields(): BoundField[] {
    return [...this].filter((field) => !field.isHidden);
  }

  /** The initial value of a field: the form's `initial`, else the field's; functions are called. */
  getInitialForField(field: Field, fieldName: string): unknown {
    const value = hasOwn(this.initial, fieldName) ? this.initial[fieldName] : field.initial;
    return typeof value === 'function' ? (value as () => unknown)() : value;
  }

  /** Loads what the fields need to render (model choices); rendering calls it. */
  async load(): Promise<void> {
    for (const field of Object.values(this.fields)) await field.load();
  }

  /** The form as table rows (`<tr>`s, without the `<table>`). */
  async asTable(): Promise<SafeString> {
    await this.load();
    return htmlOutput(this, {
      normalRow: (r) =>
        `<tr${r.htmlClassAttr}><th>${r.label}</th><td>${r.errors}${r.field}${r.helpText}</td></tr>`,
      errorRow: (errors) => `<tr><td colspan="2">${errors}</td></tr>`,
      rowEnder: '</td></tr>',
      helpTextHtml: (text) => `<br><span class="helptext">${text}</span>`,
      errorsOnSeparateRow: false,
    });
  }

  /** The form as list items (`<li>`s, without the `<ul>`). */
  async asUl(): Promise<SafeString> {
    await this.load();
    return htmlOutput(this, {
      normalRow: (r) => `<li${r.htmlClassAttr}>${r.errors}${r.label} ${r.field}${r.helpText}</li>`,
      errorRow: (errors) => `<li>${errors}</li>`,
      rowEnder: '</li>',
      helpTextHtml: (text) => ` <span class="helptext">${text}</span>`,
      errorsOnSeparateRow: false,
    });
  }

  /** The form as paragraphs. */
  async asP(): Promise<SafeString> {
    await this.load();
    return htmlOutput(this, {
      normalRow: (r) => `<p${r.htmlClassAttr}>${r.label} ${r.field}${r.helpText}</p>`,
      errorRow: (errors) => errors,
      rowEnder: '</p>',
      helpTextHtml: (text) => ` <span class="helptext">${text}</span>`,
      errorsOnSeparateRow: true,
    });
  }

  /** The form as `<div>`s, through `django/forms/div.html` (Django 4.1's layout). */
  async asDiv(): Promise<SafeString> {
    await this.load();
    return divOutput(this);
  }

  /** `{{ form }}` in a template: the table rows, as in Django 3.2. */
  async __html__(): Promise<string> {
    return (await this.asTable()).value;
  }
}
