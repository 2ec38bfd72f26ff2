import type { Model, QuerySet } from '@stack/orm';
import { ValidationError } from '../errors.js';
import { BaseChoiceField, type ChoiceFieldOptions } from '../fields/choice.js';
import { pyEquals } from '../fields/field.js';
import { isEmptyValue } from '../internal/data.js';
import { pyStr } from '../internal/py.js';
import { RadioSelect, SelectMultiple, type Choice } from '../widgets/choice.js';
import { MultipleHiddenInput } from '../widgets/multi.js';
import type { WidgetClass } from '../widgets/widget.js';

/** What a model choice field needs of a queryset (an `@stack/orm` QuerySet, or a Manager's). */
export type QuerySetLike<M extends Model> = Pick<QuerySet<M>, 'filter' | 'get'> & PromiseLike<M[]>;

/** The options of `ModelChoiceField`. */
export interface ModelChoiceFieldOptions<M extends Model> extends Omit<
  ChoiceFieldOptions,
  'choices'
> {
  /** The rows to choose from. */
  queryset: QuerySetLike<M> | { all(): QuerySetLike<M> };
  /** The empty option's label (`null` for none; default `'---------'`). */
  emptyLabel?: string | null;
  /** The field whose value identifies a row (default: the primary key). */
  toFieldName?: string | null;
  /** Whether the model field allows blank (keeps the empty radio button). */
  blank?: boolean;
}

function querysetOf<M extends Model>(
  queryset: ModelChoiceFieldOptions<M>['queryset'],
): QuerySetLike<M> {
  const withAll = queryset as { all?: () => QuerySetLike<M>; filter?: unknown };
  return typeof withAll.filter === 'function' ? (queryset as QuerySetLike<M>) : withAll.all!();
}

function isModel(value: unknown): value is Model {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value.constructor as { _meta?: unknown } | undefined)?._meta === 'object'
  );
}

/** Lookups fail on malformed keys in many ways (a ValidationError, a TypeError…): all mean "no such row". */
function notARow(error: unknown): boolean {
  const name =
    (error as { name?: string; constructor?: { name?: string } })?.constructor?.name ?? '';
  return (
    error instanceof TypeError ||
    error instanceof RangeError ||
    /DoesNotExist|ValidationError|FieldError|MultipleObjectsReturned/.test(name) ||
    (error as { status?: number })?.status === 400 ||
    (error as { status?: number })?.status === 404
  );
}

/** What both model choice fields share: the queryset, its rows as choices, the lookups. */
export abstract class ModelChoiceBase<M extends Model, T> extends BaseChoiceField<T> {
  emptyLabel: string | null;
  toFieldName: string | null;
  queryset: QuerySetLike<M>;
  private loaded: M[] | null = null;

  constructor(options: ModelChoiceFieldOptions<M> & { required?: boolean }) {
    super({ ...options, choices: [] });
    this.queryset = querysetOf(options.queryset);
    this.toFieldName = options.toFieldName ?? null;
    const required = options.required ?? true;
    const radio =
      options.widget === RadioSelect ||
      (options.widget !== undefined &&
        options.widget !== null &&
        options.widget instanceof RadioSelect);
    this.emptyLabel =
      (required && options.initial !== undefined && options.initial !== null) ||
      (radio && !options.blank)
        ? null
        : options.emptyLabel === undefined
          ? '---------'
          : options.emptyLabel;
  }

  /** Reads the rows and turns them into choices (once per form). */
  override async load(): Promise<void> {
    if (this.loaded !== null) return;
    this.loaded = await this.queryset;
    const choices: Choice[] = this.emptyLabel === null ? [] : [['', this.emptyLabel]];
    for (const row of this.loaded)
      choices.push([this.prepareValue(row), this.labelFromInstance(row)]);
    this.choices = choices;
  }

  /** The label of a row (its `toString()`); override to show something else. */
  labelFromInstance(obj: M): string {
    return pyStr(obj);
  }

  override prepareValue(value: unknown): unknown {
    if (isModel(value)) {
      if (this.toFieldName) return (value as unknown as Record<string, unknown>)[this.toFieldName];
      return value.pk;
    }
    return value;
  }

  /** The key a value is looked up by, or null when it cannot be one. */
  protected keyOf(value: unknown): unknown {
    if (isModel(value)) return this.prepareValue(value);
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint')
      return value;
    return undefined;
  }

  override clone(): this {
    const copy = super.clone();
    copy.loaded = null;
    return copy;
  }
}

/**
 * Django's `ModelChoiceField`: one row of a queryset, chosen by primary key (or `toFieldName`);
 * the clean value is the model instance. The rows are read when the form is rendered or cleaned.
 *
 * @example
 * ```ts
 * category: new ModelChoiceField({ queryset: Category.objects.all(), emptyLabel: '(none)' })
 * ```
 */
export class ModelChoiceField<
  M extends Model = Model,
  R extends boolean = true,
> extends ModelChoiceBase<M, R extends false ? M | null : M> {
  static override defaultErrorMessages: Readonly<Record<string, string>> = {
    invalid_choice: 'Select a valid choice. That choice is not one of the available choices.',
  };

  constructor(options: ModelChoiceFieldOptions<M> & { required?: R }) {
    super(options);
  }

  override toPython(_value: unknown): never {
    throw new Error('ModelChoiceField cleans asynchronously: call clean().');
  }

  override async clean(value: unknown): Promise<any> {
    if (isEmptyValue(value)) {
      if (this.required)
        throw new ValidationError(this.errorMessages.required as string, { code: 'required' });
      return null;
    }
    const key = this.keyOf(value);
    const invalid = () =>
      new ValidationError(this.errorMessages.invalid_choice as string, {
        code: 'invalid_choice',
        params: { value },
      });
    if (key === undefined) throw invalid();
    let row: M;
    try {
      row = await this.queryset.get({ [this.toFieldName ?? 'pk']: key } as never);
    } catch (error) {
      if (notARow(error)) throw invalid();
      throw error;
    }
    this.runValidators(row);
    return row;
  }

  override validate(value: unknown): void {
    if (this.required && isEmptyValue(value))
      throw new ValidationError(this.errorMessages.required as string, { code: 'required' });
  }

  override hasChanged(initial: unknown, data: unknown): boolean {
    if (this.disabled) return false;
    const initialValue = initial === null || initial === undefined ? '' : initial;
    const dataValue = data === null || data === undefined ? '' : data;
    return pyStr(this.prepareValue(initialValue)) !== pyStr(dataValue);
  }
}

/**
 * Django's `ModelMultipleChoiceField`: several rows of a queryset, cleaned to the list of model
 * instances (Django returns a queryset). Values are checked against the database in batches.
 *
 * @example
 * ```ts
 * tags: new ModelMultipleChoiceField({ queryset: Tag.objects.all(), required: false })
 * ```
 */
export class ModelMultipleChoiceField<M extends Model = Model> extends ModelChoiceBase<M, M[]> {
  static override widget: WidgetClass = SelectMultiple;
  static override hiddenWidget: WidgetClass = MultipleHiddenInput;
  static override defaultErrorMessages: Readonly<Record<string, string>> = {
    invalid_list: 'Enter a list of values.',
    invalid_choice: 'Select a valid choice. %(value)s is not one of the available choices.',
    invalid_pk_value: '“%(pk)s” is not a valid value.',
  };

  constructor(options: Omit<ModelChoiceFieldOptions<M>, 'emptyLabel'>) {
    super({ ...options, emptyLabel: null });
  }

  override prepareValue(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => super.prepareValue(v));
    return super.prepareValue(value);
  }

  override toPython(_value: unknown): never {
    throw new Error('ModelMultipleChoiceField cleans asynchronously: call clean().');
  }

  override async clean(value: unknown): Promise<any> {
    const values = this.prepareValue(value);
    if (!values || (Array.isArray(values) && values.length === 0)) {
      if (this.required)
        throw new ValidationError(this.errorMessages.required as string, { code: 'required' });
      return [];
    }
    if (!Array.isArray(values))
      throw new ValidationError(this.errorMessages.invalid_list as string, {
        code: 'invalid_list',
      });
    const rows = await this.checkValues(values);
    this.runValidators(values);
    return rows;
  }

  /** Every value must name a row; the rows come back in the queryset's order. */
  protected async checkValues(values: unknown[]): Promise<M[]> {
    const key = this.toFieldName ?? 'pk';
    const distinct = [
      ...new Set(values.map((v) => (typeof v === 'object' && v !== null ? v : pyStr(v)))),
    ];
    for (const pk of distinct) {
      if (typeof pk === 'object')
        throw new ValidationError(this.errorMessages.invalid_list as string, {
          code: 'invalid_list',
        });
    }
    const rows: M[] = [];
    // In batches, so a long list never exceeds the database's limit on bound parameters.
    for (let at = 0; at < distinct.length; at += 500) {
      const batch = distinct.slice(at, at + 500);
      try {
        rows.push(...(await this.queryset.filter({ [`${key}__in`]: batch } as never)));
      } catch (error) {
        if (!notARow(error)) throw error;
        for (const pk of batch) {
          try {
            await this.queryset.filter({ [key]: pk } as never);
          } catch (inner) {
            if (notARow(inner))
              throw new ValidationError(this.errorMessages.invalid_pk_value as string, {
                code: 'invalid_pk_value',
                params: { pk },
              });
            throw inner;
          }
        }
        throw error;
      }
    }
    const found = new Set(
      rows.map((row) => pyStr((row as Record<string, unknown>)[key === 'pk' ? 'pk' : key])),
    );
    for (const value of distinct) {
      if (!found.has(value as string))
        throw new ValidationError(this.errorMessages.invalid_choice as string, {
          code: 'invalid_choice',
          params: { value },
        });
    }
    return rows;
  }

  override hasChanged(initial: unknown, data: unknown): boolean {
    if (this.disabled) return false;
    const a = ((initial ?? []) as unknown[]).map((v) => pyStr(this.prepareValue(v)));
    const b = ((data ?? []) as unknown[]).map(pyStr);
    if (a.length !== b.length) return true;
    const setA = new Set(a);
    return !pyEquals(new Set(b).size, setA.size) || b.some((v) => !setA.has(v));
  }
}
