import type { Model } from '@stack/orm';
import { BooleanField, NullBooleanField, TypedChoiceField } from '../fields/choice.js';
import type { Field as FormField, FieldOptions } from '../fields/field.js';
import { DecimalField, FloatField, IntegerField } from '../fields/numeric.js';
import { DateField, DateTimeField, DurationField, TimeField } from '../fields/temporal.js';
import {
  CharField,
  EmailField,
  GenericIPAddressField,
  JSONField,
  SlugField,
  URLField,
  UUIDField,
} from '../fields/text.js';
import { FileField, ImageField } from '../fields/file.js';
import { capfirst } from '../internal/py.js';
import { Textarea } from '../widgets/widget.js';
import { ModelChoiceField, ModelMultipleChoiceField } from './model-choice.js';

/**
 * What ModelForm reads of a model field (an `@stack/orm` field): read by shape, so this
 * package never loads the ORM itself.
 */
export interface ModelFieldLike {
  readonly name: string;
  readonly attname: string;
  readonly null: boolean;
  readonly primaryKey: boolean;
  readonly isRelation: boolean;
  readonly hasDefault: boolean;
  readonly options: {
    blank?: boolean;
    choices?: ReadonlyArray<readonly [unknown, string]>;
    verboseName?: string;
    helpText?: string;
    editable?: boolean;
    default?: unknown;
  };
  getDefault(): unknown;
  toPython(value: unknown): unknown;
  readonly maxLength?: number;
  readonly maxDigits?: number;
  readonly decimalPlaces?: number;
  readonly target?: any;
  readonly autoNow?: boolean;
  readonly autoNowAdd?: boolean;
}

/** What ModelForm reads of a model class. */
export interface ModelClassLike<M = Model> {
  readonly name: string;
  readonly _meta: {
    readonly fields: readonly ModelFieldLike[];
    readonly concreteFields: readonly ModelFieldLike[];
    readonly manyToMany: readonly ModelFieldLike[];
    readonly objectName: string;
    readonly verboseName: string;
    getField(name: string): ModelFieldLike | undefined;
    readonly options: { uniqueTogether?: ReadonlyArray<readonly string[]> };
  };
  readonly objects: { all(): any };
  new (values?: object): M;
}

/** The class names of a model field, from its own up (`PositiveIntegerField`, `IntegerField`, …). */
export function kindsOf(field: object): string[] {
  const kinds: string[] = [];
  for (
    let proto = Object.getPrototypeOf(field) as object | null;
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto) as object | null
  )
    kinds.push((proto.constructor as { name: string }).name);
  return kinds;
}

/** Django's `verbose_name` of a model field: given, or the name in words (`pubDate` → `pub date`). */
export function verboseNameOf(field: ModelFieldLike): string {
  return (
    field.options.verboseName ??
    field.name
      .replace(/_/g, ' ')
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .toLowerCase()
  );
}

/** Whether ModelForm shows the field: editable, not an auto primary key. */
export function isEditable(field: ModelFieldLike): boolean {
  if (field.options.editable === false) return false;
  const kinds = kindsOf(field);
  return !kinds.some((k) => k === 'AutoField' || k === 'BigAutoField' || k === 'SmallAutoField');
}

/** Options a ModelForm's `widgets`, `labels`, … add for one field. */
export type FormfieldOverrides = Partial<FieldOptions> & Record<string, unknown>;

/**
 * Django's `Field.formfield()`: the form field for a model field: required unless `blank`,
 * labelled with the capitalised verbose name, its help text and default, choices as a typed
 * select, relations as model choices.
 *
 * @example
 * ```ts
 * formfieldFor(Post._meta.getField('title')!); // CharField({ maxLength: 200, label: 'Title' })
 * ```
 */
export function formfieldFor(
  field: ModelFieldLike,
  overrides: FormfieldOverrides = {},
): FormField | null {
  if (!isEditable(field)) return null;
  const kinds = kindsOf(field);
  const is = (kind: string) => kinds.includes(kind);
  const defaults: Record<string, unknown> = {
    required: !field.options.blank,
    label: capfirst(verboseNameOf(field)),
    helpText: field.options.helpText ?? '',
  };
  if (field.hasDefault) {
    const value = field.options.default;
    if (typeof value === 'function') {
      defaults.initial = value;
      defaults.showHiddenInitial = true;
    } else defaults.initial = field.getDefault();
  }
  if (is('ManyToManyField')) {
    return new ModelMultipleChoiceField({
      queryset: field.target!.objects.all(),
      ...defaults,
      ...overrides,
    } as never);
  }
  if (is('ForeignKey')) {
    return new ModelChoiceField({
      queryset: field.target!.objects.all(),
      blank: field.options.blank ?? false,
      ...defaults,
      ...overrides,
    } as never);
  }
  const choices = field.options.choices;
  if (choices !== undefined && !is('BooleanField')) {
    const includeBlank = field.options.blank || !(field.hasDefault || 'initial' in overrides);
    const list: [unknown, string][] = includeBlank ? [['', '---------']] : [];
    list.push(...choices.map(([v, l]) => [v, l] as [unknown, string]));
    const allowed = new Set([
      'coerce',
      'emptyValue',
      'choices',
      'required',
      'widget',
      'label',
      'initial',
      'helpText',
      'errorMessages',
      'showHiddenInitial',
      'disabled',
    ]);
    const kept = Object.fromEntries(Object.entries(overrides).filter(([k]) => allowed.has(k)));
    return new TypedChoiceField({
      ...defaults,
      choices: list,
      coerce: (value: string) => field.toPython(value),
      ...(field.null && { emptyValue: null }),
      ...kept,
    } as never);
  }
  const options = { ...defaults, ...overrides } as never;
  const withMax = (extra: Record<string, unknown>) =>
    ({ ...defaults, ...extra, ...overrides }) as never;
  if (is('BooleanField')) {
    const base = { ...defaults, required: false };
    if (choices !== undefined) {
      const includeBlank = !(field.hasDefault || 'initial' in overrides);
      const list: [unknown, string][] = includeBlank ? [['', '---------']] : [];
      list.push(...choices.map(([v, l]) => [v, l] as [unknown, string]));
      return new TypedChoiceField({
        ...base,
        choices: list,
        coerce: (v: string) => field.toPython(v),
        ...overrides,
      } as never);
    }
    return field.null
      ? new NullBooleanField({ ...base, ...overrides } as never)
      : new BooleanField({ ...base, ...overrides } as never);
  }
  if (is('ImageField')) return new ImageField(withMax({ maxLength: field.maxLength ?? null }));
  if (is('FileField')) return new FileField(withMax({ maxLength: field.maxLength ?? null }));
  if (is('EmailField'))
    return new EmailField(
      withMax({ maxLength: field.maxLength ?? 254, ...(field.null && { emptyValue: null }) }),
    );
  if (is('URLField'))
    return new URLField(
      withMax({ maxLength: field.maxLength ?? 200, ...(field.null && { emptyValue: null }) }),
    );
  if (is('SlugField'))
    return new SlugField(
      withMax({ maxLength: field.maxLength ?? 50, ...(field.null && { emptyValue: null }) }),
    );
  if (is('TextField'))
    return new CharField(withMax({ widget: Textarea, ...(field.null && { emptyValue: null }) }));
  if (is('CharField'))
    return new CharField(
      withMax({ maxLength: field.maxLength ?? null, ...(field.null && { emptyValue: null }) }),
    );
  if (is('GenericIPAddressField'))
    return new GenericIPAddressField(withMax({ ...(field.null && { emptyValue: null }) }));
  if (is('UUIDField')) return new UUIDField(options);
  if (is('JSONField')) return new JSONField(options);
  if (is('DecimalField'))
    return new DecimalField(
      withMax({ maxDigits: field.maxDigits ?? null, decimalPlaces: field.decimalPlaces ?? null }),
    );
  if (is('FloatField')) return new FloatField(options);
  if (
    is('PositiveIntegerField') ||
    is('PositiveSmallIntegerField') ||
    is('PositiveBigIntegerField')
  )
    return new IntegerField(withMax({ minValue: 0 }));
  if (is('IntegerField')) return new IntegerField(options);
  if (is('DateTimeField')) return new DateTimeField(options);
  if (is('DateField')) return new DateField(options);
  if (is('TimeField')) return new TimeField(options);
  if (is('DurationField')) return new DurationField(options);
  return new CharField(options);
}
