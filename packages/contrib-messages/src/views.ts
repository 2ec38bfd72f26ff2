import type { HttpResponseBase } from '@stack/request';
import { success } from './api.js';
import { percentFormat } from './internal/percent-format.js';

/** What the mixin needs from a form view: the request and `formValid`. */
export interface FormValidView {
  request: unknown;
  formValid(form: { cleanedData: unknown }): HttpResponseBase | Promise<HttpResponseBase>;
}

type Constructor<T> = abstract new (...args: any[]) => T;

/**
 * Django's `SuccessMessageMixin` for the editing views (`FormView`, `CreateView`,
 * `UpdateView`): after a valid form, adds `successMessage` as a `SUCCESS` message, formatted
 * with the cleaned data the Python way (`'%(title)s was created'`). Override
 * `getSuccessMessage(cleanedData)` for anything else.
 *
 * @example
 * ```ts
 * class AuthorCreate extends SuccessMessageMixin(CreateView) {
 *   override model = Author;
 *   override fields = ['name'];
 *   override successMessage = '%(name)s was created successfully';
 * }
 * ```
 */
export function SuccessMessageMixin<B extends Constructor<FormValidView>>(Base: B) {
  abstract class SuccessMessageView extends Base {
    /** The message; empty for none. */
    successMessage = '';

    override async formValid(form: { cleanedData: unknown }): Promise<HttpResponseBase> {
      const response = await super.formValid(form);
      const message = this.getSuccessMessage((form.cleanedData ?? {}) as Record<string, unknown>);
      if (message) success(this.request, message);
      return response;
    }

    /** The message for this form's cleaned data. */
    getSuccessMessage(cleanedData: Record<string, unknown>): string {
      return percentFormat(this.successMessage, cleanedData);
    }
  }
  return SuccessMessageView;
}
