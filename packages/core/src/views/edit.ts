import type { BaseModelForm } from '@stack/forms';
import {
  modelformFactory,
  type BaseForm,
  type FormOptions,
  type ModelClassLike,
} from '@stack/forms';
import { HttpResponseRedirect, type HttpResponseBase } from '@stack/request';
import { ImproperlyConfigured } from '../errors.js';
import type { RequestLike } from '../internal/types.js';
import { View } from './base.js';
import {
  ContextMixin,
  SingleObjectMixin,
  SingleObjectTemplateResponseMixin,
  TemplateResponseMixin,
  type Constructor,
} from './mixins.js';

/** A form class a view builds its form from. */
export type FormClassLike = new (options?: any) => BaseForm<any>;

type MaybePromise<T> = T | Promise<T>;
type ContextView = View & {
  getContextData(extra?: Record<string, unknown>): Promise<Record<string, unknown>>;
  renderToResponse(context: Record<string, unknown>): HttpResponseBase;
};

/** Python's `str.format(**obj.__dict__)` of a success URL: `'/posts/{id}/'`. */
function formatUrl(url: string, object: unknown): string {
  return url.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = (object as Record<string, unknown> | null)?.[key];
    if (value === undefined)
      throw new ImproperlyConfigured(`successUrl needs "${key}", which the object lacks.`);
    return String(value);
  });
}

/**
 * Django's `FormMixin`: builds the form (`formClass`, `getFormKwargs()` with the request's data
 * on POST and PUT, `getInitial()`, `getPrefix()`), redirects to `successUrl` when it is valid and
 * renders it again with its errors when not.
 *
 * @example
 * ```ts
 * class Contact extends FormView {
 *   override formClass = ContactForm;
 *   override successUrl = '/thanks/';
 * }
 * ```
 */
export function FormMixin<B extends Constructor<ContextView>>(Base: B) {
  abstract class FormMixinView extends Base {
    initial: Record<string, unknown> = {};
    formClass: FormClassLike | null = null;
    successUrl: string | null = null;
    prefix: string | null = null;

    getInitial(): Record<string, unknown> {
      return { ...this.initial };
    }

    getPrefix(): string | null {
      return this.prefix;
    }

    getFormClass(): FormClassLike {
      if (!this.formClass)
        throw new ImproperlyConfigured(`${this.constructor.name} is missing formClass.`);
      return this.formClass;
    }

    /** The form, built with `getFormKwargs()`. */
    getForm(formClass: FormClassLike | null = null): BaseForm<any> {
      const Klass = formClass ?? this.getFormClass();
      return new Klass(this.getFormKwargs());
    }

    getFormKwargs(): FormOptions & Record<string, unknown> {
      const kwargs: FormOptions & Record<string, unknown> = {
        initial: this.getInitial(),
        prefix: this.getPrefix(),
      };
      const method = this.request.method;
      if (method === 'POST' || method === 'PUT') {
        kwargs.data = this.request.POST;
        kwargs.files = this.request.FILES;
      }
      return kwargs;
    }

    getSuccessUrl(): string {
      if (!this.successUrl)
        throw new ImproperlyConfigured('No URL to redirect to. Provide a successUrl.');
      return String(this.successUrl);
    }

    /** The form is valid: redirect to the success URL. */
    formValid(_form: BaseForm<any>): MaybePromise<HttpResponseBase> {
      return new HttpResponseRedirect(this.getSuccessUrl());
    }

    /** The form is not valid: show it again, with its errors. */
    async formInvalid(form: BaseForm<any>): Promise<HttpResponseBase> {
      return this.renderToResponse(await this.getContextData({ form }));
    }

    override async getContextData(
      extra: Record<string, unknown> = {},
    ): Promise<Record<string, unknown>> {
      const context = { ...extra };
      if (!('form' in context)) context.form = this.getForm();
      return super.getContextData(context);
    }
  }
  return FormMixinView;
}

/**
 * Django's `ProcessFormView`: GET shows the form, POST (and PUT) validates it and calls
 * `formValid` or `formInvalid`.
 *
 * @example
 * ```ts
 * class Search extends ProcessFormView(FormMixin(…)) {}
 * ```
 */
export function ProcessFormView<
  B extends Constructor<
    ContextView & {
      getForm(): BaseForm<any>;
      formValid(form: BaseForm<any>): MaybePromise<HttpResponseBase>;
      formInvalid(form: BaseForm<any>): MaybePromise<HttpResponseBase>;
    }
  >,
>(Base: B) {
  abstract class ProcessFormViewView extends Base {
    async get(_request: RequestLike, ..._rest: unknown[]): Promise<HttpResponseBase> {
      return this.renderToResponse(await this.getContextData());
    }

    async post(_request: RequestLike, ..._rest: unknown[]): Promise<HttpResponseBase> {
      const form = this.getForm();
      if (await form.isValid()) return this.formValid(form);
      return this.formInvalid(form);
    }

    put(request: RequestLike, ...rest: unknown[]): Promise<HttpResponseBase> {
      return this.post(request, ...rest);
    }
  }
  return ProcessFormViewView;
}

/**
 * Django's `FormView`: a template with a form; on a valid POST, `formValid` (by default a
 * redirect to `successUrl`).
 *
 * @example
 * ```ts
 * class ContactView extends FormView {
 *   override templateName = 'contact.html';
 *   override formClass = ContactForm;
 *   override successUrl = '/thanks/';
 *   override async formValid(form: ContactForm) {
 *     await sendMail(form.cleanedData);
 *     return super.formValid(form);
 *   }
 * }
 * ```
 */
export class FormView extends ProcessFormView(
  FormMixin(TemplateResponseMixin(ContextMixin(View))),
) {}

/**
 * Django's `ModelFormMixin`: the form is a ModelForm of the view's model (from `fields`, or
 * `formClass`), editing `this.object`; a valid form is saved, then the view redirects to
 * `successUrl` (`{id}`-style placeholders filled from the object) or the object's
 * `getAbsoluteUrl()`.
 *
 * @example
 * ```ts
 * class PostCreate extends CreateView { override model = Post; override fields = ['title', 'body']; }
 * ```
 */
export function ModelFormMixin<
  B extends Constructor<
    ContextView & {
      model: any;
      object: unknown;
      getQueryset(): any;
      formClass: FormClassLike | null;
      successUrl: string | null;
      getFormKwargs(): FormOptions & Record<string, unknown>;
      formValid(form: BaseForm<any>): MaybePromise<HttpResponseBase>;
    }
  >,
>(Base: B) {
  abstract class ModelFormMixinView extends Base {
    fields: readonly string[] | '__all__' | null = null;

    getFormClass(): FormClassLike {
      if (this.fields !== null && this.formClass)
        throw new ImproperlyConfigured(
          "Specifying both 'fields' and 'formClass' is not permitted.",
        );
      if (this.formClass) return this.formClass;
      const model: ModelClassLike | undefined =
        this.model ??
        ((this.object as { constructor?: unknown } | null)?.constructor as
          ModelClassLike | undefined) ??
        this.getQueryset()?.model;
      if (this.fields === null) {
        throw new ImproperlyConfigured(
          `Using ModelFormMixin (base class of ${this.constructor.name}) without the 'fields' attribute is prohibited.`,
        );
      }
      return modelformFactory(model as ModelClassLike, {
        fields: this.fields as never,
      }) as FormClassLike;
    }

    override getFormKwargs(): FormOptions & Record<string, unknown> {
      const kwargs = super.getFormKwargs();
      if (this.object !== undefined) kwargs.instance = this.object;
      return kwargs;
    }

    getSuccessUrl(): string {
      if (this.successUrl) return formatUrl(this.successUrl, this.object);
      const getUrl = (this.object as { getAbsoluteUrl?: () => string } | null)?.getAbsoluteUrl;
      if (typeof getUrl !== 'function') {
        throw new ImproperlyConfigured(
          'No URL to redirect to.  Either provide a url or define a getAbsoluteUrl method on the Model.',
        );
      }
      return getUrl.call(this.object);
    }

    /** Saves the form into `this.object`, then redirects. */
    override async formValid(form: BaseForm<any>): Promise<HttpResponseBase> {
      this.object = await (form as BaseModelForm).save();
      return super.formValid(form);
    }
  }
  return ModelFormMixinView;
}

const EditBase = ProcessFormView(
  ModelFormMixin(
    FormMixin(
      SingleObjectTemplateResponseMixin(
        TemplateResponseMixin(SingleObjectMixin(ContextMixin(View))),
      ),
    ),
  ),
);

/**
 * Django's `CreateView`: a ModelForm for a new object, rendered with
 * `<app_label>/<model_name>_form.html`; a valid POST saves it and redirects.
 *
 * @example
 * ```ts
 * class PostCreateView extends LoginRequiredMixin(CreateView) {
 *   override model = Post;
 *   override fields = ['title', 'content', 'category'];
 *   override formValid(form: BaseModelForm<Post>) {
 *     form.instance.slug = slugify(form.cleanedData.title);
 *     return super.formValid(form);
 *   }
 * }
 * ```
 */
export class CreateView extends EditBase {
  override templateNameSuffix = '_form';

  override get(request: RequestLike, ...rest: unknown[]): Promise<HttpResponseBase> {
    this.object = null;
    return super.get(request, ...rest);
  }

  override post(request: RequestLike, ...rest: unknown[]): Promise<HttpResponseBase> {
    this.object = null;
    return super.post(request, ...rest);
  }
}

/**
 * Django's `UpdateView`: a ModelForm for the object the URL names (`pk` or `slug`), rendered
 * with `<app_label>/<model_name>_form.html`; a valid POST saves it and redirects.
 *
 * @example
 * ```ts
 * path('<int:pk>/edit/', UpdateView.asView({ model: Post, fields: ['title'], successUrl: '/posts/{id}/' }));
 * ```
 */
export class UpdateView extends EditBase {
  override templateNameSuffix = '_form';

  override async get(request: RequestLike, ...rest: unknown[]): Promise<HttpResponseBase> {
    this.object = await this.getObject();
    return super.get(request, ...rest);
  }

  override async post(request: RequestLike, ...rest: unknown[]): Promise<HttpResponseBase> {
    this.object = await this.getObject();
    return super.post(request, ...rest);
  }
}

/**
 * Django's `DeletionMixin`: DELETE (and POST) deletes `this.object` and redirects to
 * `successUrl`.
 *
 * @example
 * ```ts
 * class Remove extends DeletionMixin(…) { override successUrl = '/posts/'; }
 * ```
 */
export function DeletionMixin<
  B extends Constructor<View & { object: unknown; getObject(): Promise<unknown> }>,
>(Base: B) {
  abstract class DeletionMixinView extends Base {
    successUrl: string | null = null;

    async delete(_request: RequestLike, ..._rest: unknown[]): Promise<HttpResponseBase> {
      this.object = await this.getObject();
      const successUrl = this.getSuccessUrl();
      await (this.object as { delete(): Promise<unknown> }).delete();
      return new HttpResponseRedirect(successUrl);
    }

    post(request: RequestLike, ...rest: unknown[]): Promise<HttpResponseBase> {
      return this.delete(request, ...rest);
    }

    getSuccessUrl(): string {
      if (this.successUrl) return formatUrl(this.successUrl, this.object);
      throw new ImproperlyConfigured('No URL to redirect to. Provide a successUrl.');
    }
  }
  return DeletionMixinView;
}

/**
 * Django 3.2's `DeleteView`: GET shows `<app_label>/<model_name>_confirm_delete.html`, POST
 * deletes the object and redirects to `successUrl`.
 *
 * @example
 * ```ts
 * path('<int:pk>/delete/', DeleteView.asView({ model: Post, successUrl: '/posts/' }));
 * ```
 */
export class DeleteView extends SingleObjectTemplateResponseMixin(
  TemplateResponseMixin(DeletionMixin(SingleObjectMixin(ContextMixin(View)))),
) {
  override templateNameSuffix = '_confirm_delete';

  async get(_request: RequestLike, ..._rest: unknown[]): Promise<HttpResponseBase> {
    this.object = await this.getObject();
    return this.renderToResponse(await this.getContextData());
  }
}
