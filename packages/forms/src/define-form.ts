import type { Field } from './fields/field.js';
import {
  BaseForm,
  type DeclaredFields,
  type FormClassSettings,
  type FormOptions,
} from './forms.js';
import { dict } from './internal/py.js';

/** A form class: its constructor and its static settings. */
export type FormClass<F extends DeclaredFields, I extends BaseForm<any> = BaseForm<F>> = (new (
  options?: FormOptions,
) => I) &
  Omit<typeof BaseForm, 'prototype'>;

/**
 * Django's `Form`: the base of declared forms. Use `defineForm` to declare fields.
 *
 * @example
 * ```ts
 * class SearchForm extends defineForm({ q: new CharField({ required: false }) }) {}
 * ```
 */
export class Form<F extends DeclaredFields = DeclaredFields> extends BaseForm<F> {}

type Remove<F> = { [K in keyof F as F[K] extends null ? never : K]: F[K] };
type Merge<A, B> = Omit<A, keyof B> & Remove<B>;
type FieldsOf<C> = C extends new (...args: any[]) => BaseForm<infer F> ? F : never;

/**
 * Declares a form class from its fields, typed so `cleanedData` has each field's type
 * (Django's declarative `class ContactForm(forms.Form)`). Extend the result to add `clean()`
 * and `clean<Field>()` hooks; pass a base form to inherit its fields (a `null` removes one).
 *
 * @example
 * ```ts
 * class ContactForm extends defineForm({
 *   subject: new CharField({ maxLength: 100 }),
 *   message: new CharField({ widget: Textarea }),
 *   sender: new EmailField(),
 *   ccMyself: new BooleanField({ required: false }),
 * }) {
 *   cleanSubject() {
 *     return this.cleanedData.subject.trim();
 *   }
 * }
 * ```
 */
export function defineForm<const F extends Record<string, Field<any>>>(
  fields: F,
): FormClass<F, Form<F>>;
export function defineForm<
  const F extends Record<string, Field<any> | null>,
  B extends new (options?: FormOptions) => BaseForm<any>,
>(
  fields: F,
  base: B,
): Pick<B, keyof B> &
  (new (
    options?: FormOptions,
  ) => InstanceType<B> & BaseForm<Merge<FieldsOf<B>, F> & DeclaredFields>);
export function defineForm(
  fields: Record<string, Field<any> | null>,
  base: new (options?: FormOptions) => BaseForm<any> = Form,
): unknown {
  const inherited = (base as unknown as FormClassSettings).declaredFields;
  const declared = Object.assign(dict<Field<any>>(), inherited);
  for (const name of Object.keys(fields)) {
    const field = fields[name];
    if (field === null || field === undefined) delete declared[name];
    else declared[name] = field;
  }
  const Declared = class extends (base as typeof BaseForm) {
    static override declaredFields: DeclaredFields = declared;
  };
  Object.defineProperty(Declared, 'name', { value: base === Form ? 'DeclaredForm' : base.name });
  return Declared;
}
