import { Http404, type HttpResponseBase } from '@stack/request';
import { ImproperlyConfigured, InvalidPage } from '../errors.js';
import { Paginator, type Page, type Pageable } from '../paginator.js';
import { TemplateResponse } from '../template-response.js';
import type { View } from './base.js';

/** Any class constructor, for mixins. */
export type Constructor<T = object> = abstract new (...args: any[]) => T;

/** What a generic view needs of a model: its name, `_meta` and default manager. */
export interface ModelLike {
  name: string;
  _meta?: { modelName: string; appLabel: string };
  objects: { all(): any };
}

function metaOf(model: ModelLike): { modelName: string; appLabel: string } {
  return model._meta ?? { modelName: model.name.toLowerCase(), appLabel: model.name.toLowerCase() };
}

/**
 * Django's `ContextMixin`: `getContextData()` merges the keyword arguments, `extraContext` and
 * `view` into the template context.
 *
 * @example
 * ```ts
 * class About extends TemplateView { override extraContext = { title: 'About' }; }
 * ```
 */
export function ContextMixin<B extends Constructor<View>>(Base: B) {
  abstract class ContextMixinView extends Base {
    extraContext: Record<string, unknown> | null = null;

    async getContextData(extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
      return { view: this, ...extra, ...this.extraContext };
    }
  }
  return ContextMixinView;
}

/**
 * Django's `TemplateResponseMixin`: renders `templateName` (or `getTemplateNames()`) as a
 * `TemplateResponse`, so `processTemplateResponse` middleware can still change it.
 *
 * @example
 * ```ts
 * class Home extends TemplateView { override templateName = 'home.html'; }
 * ```
 */
export function TemplateResponseMixin<B extends Constructor<View>>(Base: B) {
  abstract class TemplateResponseMixinView extends Base {
    templateName: string | null = null;
    contentType: string | undefined = undefined;

    getTemplateNames(): string[] {
      if (this.templateName === null) {
        throw new ImproperlyConfigured(
          `${this.constructor.name} requires either a definition of templateName or an implementation of getTemplateNames().`,
        );
      }
      return [this.templateName];
    }

    renderToResponse(
      context: Record<string, unknown>,
      options: { status?: number } = {},
    ): HttpResponseBase {
      return new TemplateResponse(this.request, this.getTemplateNames(), context, {
        ...(this.contentType && { contentType: this.contentType }),
        ...options,
      });
    }
  }
  return TemplateResponseMixinView;
}

/**
 * Django's `SingleObjectMixin`: finds one object by `pk` or `slug` from the URL, in `queryset`
 * or the model's default manager, and puts it in the context as `object` and `<model_name>`.
 *
 * @example
 * ```ts
 * class PostDetail extends DetailView { override model = Post; override slugField = 'slug'; }
 * ```
 */
export function SingleObjectMixin<
  B extends Constructor<
    View & { getContextData(e?: Record<string, unknown>): Promise<Record<string, unknown>> }
  >,
>(Base: B) {
  abstract class SingleObjectMixinView extends Base {
    model: ModelLike | null = null;
    queryset: any = null;
    slugField = 'slug';
    contextObjectName: string | null = null;
    slugUrlKwarg = 'slug';
    pkUrlKwarg = 'pk';
    queryPkAndSlug = false;
    object: unknown = null;

    getQueryset(): any {
      if (this.queryset !== null) return this.queryset.all ? this.queryset.all() : this.queryset;
      if (this.model) return this.model.objects.all();
      throw new ImproperlyConfigured(
        `${this.constructor.name} is missing a QuerySet. Define ${this.constructor.name}.model, ` +
          `${this.constructor.name}.queryset, or override ${this.constructor.name}.getQueryset().`,
      );
    }

    getSlugField(): string {
      return this.slugField;
    }

    async getObject(queryset?: any): Promise<unknown> {
      let qs = queryset ?? this.getQueryset();
      const pk = this.kwargs[this.pkUrlKwarg];
      const slug = this.kwargs[this.slugUrlKwarg];
      if (pk !== undefined) qs = qs.filter({ pk });
      if (slug !== undefined && (pk === undefined || this.queryPkAndSlug))
        qs = qs.filter({ [this.getSlugField()]: slug });
      if (pk === undefined && slug === undefined) {
        throw new ImproperlyConfigured(
          `Generic detail view ${this.constructor.name} must be called with either an object pk or a slug in the URLconf.`,
        );
      }
      const found = await qs.slice(0, 2);
      if (found.length === 0) {
        const name = this.model?._meta?.modelName ?? qs.model?._meta?.modelName ?? 'object';
        throw new Http404(`No ${name} found matching the query`);
      }
      return found[0];
    }

    getContextObjectName(obj: unknown): string | null {
      if (this.contextObjectName) return this.contextObjectName;
      const model = (obj as { constructor?: ModelLike } | null)?.constructor;
      return model && (model as unknown) !== Object ? metaOf(model).modelName : null;
    }

    override async getContextData(
      extra: Record<string, unknown> = {},
    ): Promise<Record<string, unknown>> {
      const context: Record<string, unknown> = {};
      if (this.object) {
        context.object = this.object;
        const name = this.getContextObjectName(this.object);
        if (name) context[name] = this.object;
      }
      return super.getContextData({ ...context, ...extra });
    }
  }
  return SingleObjectMixinView;
}

/**
 * Django's `MultipleObjectMixin`: the list from `queryset` or the model, optionally ordered and
 * paginated (`paginateBy`, `?page=` or a `page` URL capture, `last`), put in the context as
 * `object_list`, `<model_name>_list`, `paginator`, `page_obj` and `is_paginated`.
 *
 * @example
 * ```ts
 * class PostList extends ListView { override model = Post; override paginateBy = 10; }
 * ```
 */
export function MultipleObjectMixin<
  B extends Constructor<
    View & { getContextData(e?: Record<string, unknown>): Promise<Record<string, unknown>> }
  >,
>(Base: B) {
  abstract class MultipleObjectMixinView extends Base {
    allowEmpty = true;
    model: ModelLike | null = null;
    queryset: any = null;
    paginateBy: number | null = null;
    paginateOrphans = 0;
    contextObjectName: string | null = null;
    pageKwarg = 'page';
    ordering: string | string[] | null = null;
    objectList: any = null;

    getQueryset(): any {
      let qs: any;
      if (this.queryset !== null)
        qs = Array.isArray(this.queryset) ? this.queryset : this.queryset.all();
      else if (this.model) qs = this.model.objects.all();
      else {
        throw new ImproperlyConfigured(
          `${this.constructor.name} is missing a QuerySet. Define ${this.constructor.name}.model, ` +
            `${this.constructor.name}.queryset, or override ${this.constructor.name}.getQueryset().`,
        );
      }
      const ordering = this.ordering;
      if (ordering && !Array.isArray(qs))
        qs = qs.orderBy(...(typeof ordering === 'string' ? [ordering] : ordering));
      return qs;
    }

    async paginateQueryset(queryset: Pageable<unknown>, pageSize: number) {
      const paginator = new Paginator(queryset, pageSize, {
        orphans: this.paginateOrphans,
        allowEmptyFirstPage: this.allowEmpty,
      });
      const raw =
        this.kwargs[this.pageKwarg] ??
        (this.request.GET as { get(k: string): unknown } | undefined)?.get(this.pageKwarg) ??
        1;
      let number: unknown = raw;
      if (raw === 'last') number = await paginator.numPages();
      else if (!/^\d+$/.test(String(raw)))
        throw new Http404('Page is not “last”, nor can it be converted to an int.');
      try {
        const page: Page<unknown> = await paginator.page(number);
        return { paginator, page, objectList: page.objectList, isPaginated: page.hasOtherPages() };
      } catch (error) {
        if (error instanceof InvalidPage)
          throw new Http404(`Invalid page (${String(number)}): ${error.message}`);
        throw error;
      }
    }

    getContextObjectName(objectList: any): string | null {
      if (this.contextObjectName) return this.contextObjectName;
      const model: ModelLike | undefined = this.model ?? objectList?.model;
      return model ? `${metaOf(model).modelName}_list` : null;
    }

    override async getContextData(
      extra: Record<string, unknown> = {},
    ): Promise<Record<string, unknown>> {
      const queryset = 'objectList' in extra ? extra.objectList : this.objectList;
      const rest = { ...extra };
      delete rest.objectList;
      const name = this.getContextObjectName(queryset);
      let context: Record<string, unknown>;
      if (this.paginateBy) {
        const { paginator, page, objectList, isPaginated } = await this.paginateQueryset(
          queryset,
          this.paginateBy,
        );
        context = { paginator, page_obj: page, is_paginated: isPaginated, object_list: objectList };
      } else {
        const rows = Array.isArray(queryset) ? queryset : await queryset;
        context = { paginator: null, page_obj: null, is_paginated: false, object_list: rows };
      }
      if (name) context[name] = context.object_list;
      return super.getContextData({ ...context, ...rest });
    }
  }
  return MultipleObjectMixinView;
}

/**
 * Django's `SingleObjectTemplateResponseMixin`: the template is `templateName`, then the one
 * `templateNameField` of the object names, then `<app_label>/<model_name><templateNameSuffix>.html`.
 *
 * @example
 * ```ts
 * class PostEdit extends UpdateView { override templateNameSuffix = '_edit'; }
 * ```
 */
export function SingleObjectTemplateResponseMixin<
  B extends Constructor<
    View & {
      templateName: string | null;
      model: ModelLike | null;
      object: unknown;
      getTemplateNames(): string[];
    }
  >,
>(Base: B) {
  abstract class SingleObjectTemplateResponseMixinView extends Base {
    templateNameSuffix = '_detail';
    templateNameField: string | null = null;

    override getTemplateNames(): string[] {
      const names: string[] = [];
      if (this.templateName) names.push(this.templateName);
      if (this.object && this.templateNameField) {
        const value = (this.object as Record<string, unknown>)[this.templateNameField];
        if (value) names.push(String(value));
      }
      const model = this.model ?? (this.object as { constructor?: any } | null)?.constructor;
      if (model && model !== Object) {
        const meta = metaOf(model);
        names.push(`${meta.appLabel}/${meta.modelName}${this.templateNameSuffix}.html`);
      }
      if (names.length === 0) return super.getTemplateNames();
      return names;
    }
  }
  return SingleObjectTemplateResponseMixinView;
}

export { metaOf };
