import { ValidationError } from '../errors.js';
import { isEmptyValue } from '../internal/data.js';
import type { MultiWidget } from '../widgets/multi.js';
import { Field, type FieldOptions } from './field.js';

/**
 * Django's `ComboField`: the value must pass every one of `fields`, in order; the last one's
 * clean value is kept.
 *
 * @example
 * ```ts
 * new ComboField({ fields: [new CharField({ maxLength: 20 }), new EmailField()] }).clean('a@b.co');
 * ```
 */
export class ComboField<T = unknown> extends Field<T> {
  fields: Field[];

  constructor(options: FieldOptions & { fields: Field[] }) {
    super(options);
    for (const field of options.fields) field.required = false;
    this.fields = options.fields;
  }

  override clean(value: unknown, initial?: unknown): T {
    super.clean(value, initial);
    let result: unknown = value;
    for (const field of this.fields) result = field.clean(result);
    return result as T;
  }

  override clone(): this {
    const copy = super.clone();
    copy.fields = this.fields.map((field) => field.clone());
    return copy;
  }
}

/** The options of `MultiValueField`. */
export interface MultiValueFieldOptions extends FieldOptions {
  fields: readonly Field[];
  /** Every sub-field must be filled (default true); otherwise each one's `required` counts. */
  requireAllFields?: boolean;
}

/**
 * Django's `MultiValueField`: one value from several fields (usually with a `MultiWidget`);
 * each part is cleaned by its field, then `compress()` joins the clean parts.
 *
 * @example
 * ```ts
 * class PhoneField extends MultiValueField<string> {
 *   constructor() { super({ fields: [new CharField(), new CharField()], widget: PhoneWidget }); }
 *   override compress(parts: unknown[]) { return parts.join('-'); }
 * }
 * ```
 */
export abstract class MultiValueField<T = unknown> extends Field<T> {
  static override defaultErrorMessages: Readonly<Record<string, string>> = {
    invalid: 'Enter a list of values.',
    incomplete: 'Enter a complete value.',
  };
  requireAllFields: boolean;
  fields: Field[];

  constructor(options: MultiValueFieldOptions) {
    super(options);
    this.requireAllFields = options.requireAllFields ?? true;
    for (const field of options.fields) {
      field.errorMessages.incomplete ??= this.errorMessages.incomplete as string;
      if (this.disabled) field.disabled = true;
      if (this.requireAllFields) field.required = false;
    }
    this.fields = [...options.fields];
  }

  override clone(): this {
    const copy = super.clone();
    copy.fields = this.fields.map((field) => field.clone());
    return copy;
  }

  override validate(_value: unknown): void {}

  override clean(value: unknown, _initial?: unknown): T {
    const cleanData: unknown[] = [];
    const errors: ValidationError[] = [];
    const messages = new Set<string>();
    let parts = value;
    if (this.disabled && !Array.isArray(parts))
      parts = (this.widget as MultiWidget).decompress(parts);
    if (!parts || Array.isArray(parts)) {
      const list = (parts ?? []) as unknown[];
      if (list.length === 0 || list.every((v) => isEmptyValue(v))) {
        if (this.required)
          throw new ValidationError(this.errorMessages.required as string, { code: 'required' });
        return this.compress([]);
      }
    } else throw new ValidationError(this.errorMessages.invalid as string, { code: 'invalid' });
    const list = parts as unknown[];
    const add = (error: ValidationError) => {
      const text = error.messages[0] as string;
      if (!messages.has(text)) {
        messages.add(text);
        errors.push(error);
      }
    };
    this.fields.forEach((field, i) => {
      const fieldValue = i < list.length ? list[i] : null;
      if (isEmptyValue(fieldValue)) {
        if (this.requireAllFields) {
          if (this.required)
            throw new ValidationError(this.errorMessages.required as string, { code: 'required' });
        } else if (field.required) {
          add(
            new ValidationError(field.errorMessages.incomplete as string, { code: 'incomplete' }),
          );
          return;
        }
      }
      try {
        cleanData.push(field.clean(fieldValue));
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        for (const item of error.errorList) add(item);
      }
    });
    if (errors.length > 0) throw new ValidationError(errors);
    const out = this.compress(cleanData);
    this.validate(out);
    this.runValidators(out);
    return out;
  }

  /** Joins the clean parts into one value (an empty list when nothing was given). */
  abstract compress(dataList: unknown[]): T;

  override hasChanged(initial: unknown, data: unknown): boolean {
    if (this.disabled) return false;
    const dataList = (data ?? []) as unknown[];
    const initialList =
      initial === null || initial === undefined
        ? dataList.map(() => '')
        : Array.isArray(initial)
          ? initial
          : (this.widget as MultiWidget).decompress(initial);
    const count = Math.min(this.fields.length, initialList.length, dataList.length);
    for (let i = 0; i < count; i++) {
      const field = this.fields[i] as Field;
      let initialValue: unknown;
      try {
        initialValue = field.toPython(initialList[i]);
      } catch (error) {
        if (error instanceof ValidationError) return true;
        throw error;
      }
      if (field.hasChanged(initialValue, dataList[i])) return true;
    }
    return false;
  }
}
