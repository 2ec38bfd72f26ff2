import { defineForm } from './define-form.js';
import { IntegerField } from './fields/numeric.js';
import { HiddenInput } from './widgets/widget.js';

export const TOTAL_FORM_COUNT = 'TOTAL_FORMS';
export const INITIAL_FORM_COUNT = 'INITIAL_FORMS';
export const MIN_NUM_FORM_COUNT = 'MIN_NUM_FORMS';
export const MAX_NUM_FORM_COUNT = 'MAX_NUM_FORMS';
export const ORDERING_FIELD_NAME = 'ORDER';
export const DELETION_FIELD_NAME = 'DELETE';
/** The default `maxNum`, and what `absoluteMax` adds to it: a bound on the forms built. */
export const DEFAULT_MAX_NUM = 1000;

/**
 * Django's `ManagementForm`: the hidden counts a formset travels with (`form-TOTAL_FORMS`…).
 * Only the total and initial counts are read back; missing or invalid ones count as 0.
 *
 * @example
 * ```ts
 * await formset.managementForm.asP(); // the four hidden inputs
 * ```
 */
export class ManagementForm extends defineForm({
  [TOTAL_FORM_COUNT]: new IntegerField({ widget: HiddenInput }),
  [INITIAL_FORM_COUNT]: new IntegerField({ widget: HiddenInput }),
  [MIN_NUM_FORM_COUNT]: new IntegerField({ required: false, widget: HiddenInput }),
  [MAX_NUM_FORM_COUNT]: new IntegerField({ required: false, widget: HiddenInput }),
}) {
  override clean(): Record<string, unknown> {
    const cleaned = this.cleanedData as Record<string, unknown>;
    cleaned[TOTAL_FORM_COUNT] ??= 0;
    cleaned[INITIAL_FORM_COUNT] ??= 0;
    return cleaned;
  }
}
