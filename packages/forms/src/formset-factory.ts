import { BaseFormSet } from './formsets.js';
import type { BaseForm } from './forms.js';
import { DEFAULT_MAX_NUM } from './management-form.js';

/** The options of `formsetFactory`. */
export interface FormsetFactoryOptions {
  formset?: typeof BaseFormSet<any>;
  extra?: number;
  canOrder?: boolean;
  canDelete?: boolean;
  maxNum?: number | null;
  validateMax?: boolean;
  minNum?: number | null;
  validateMin?: boolean;
  /** The most forms ever built (default `maxNum + 1000`). */
  absoluteMax?: number | null;
  canDeleteExtra?: boolean;
}

/**
 * Django's `formset_factory`: a formset class for `form`.
 *
 * @example
 * ```ts
 * const ArticleFormSet = formsetFactory(ArticleForm, { extra: 1, maxNum: 5, validateMax: true });
 * ```
 */
export function formsetFactory<F extends BaseForm<any>>(
  form: new (options?: any) => F,
  options: FormsetFactoryOptions = {},
): typeof BaseFormSet<F> {
  const minNum = options.minNum ?? 0;
  const maxNum = options.maxNum ?? DEFAULT_MAX_NUM;
  const absoluteMax = options.absoluteMax ?? maxNum + DEFAULT_MAX_NUM;
  if (maxNum > absoluteMax)
    throw new Error("'absolute_max' must be greater or equal to 'max_num'.");
  const base = options.formset ?? BaseFormSet;
  const FormSet = class extends base {
    static override form = form;
    static override extra = options.extra ?? 1;
    static override canOrder = options.canOrder ?? false;
    static override canDelete = options.canDelete ?? false;
    static override canDeleteExtra = options.canDeleteExtra ?? true;
    static override minNum = minNum;
    static override maxNum = maxNum;
    static override absoluteMax = absoluteMax;
    static override validateMin = options.validateMin ?? false;
    static override validateMax = options.validateMax ?? false;
  };
  Object.defineProperty(FormSet, 'name', { value: `${form.name}FormSet` });
  return FormSet as unknown as typeof BaseFormSet<F>;
}

/**
 * Django's `all_valid`: validates every formset (all of them, not stopping at the first).
 *
 * @example
 * ```ts
 * if (await allValid([addresses, phones])) { … }
 * ```
 */
export async function allValid(formsets: Iterable<BaseFormSet<any>>): Promise<boolean> {
  const results: boolean[] = [];
  for (const formset of formsets) results.push(await formset.isValid());
  return results.every(Boolean);
}
