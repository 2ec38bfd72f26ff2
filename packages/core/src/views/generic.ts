import {
  HttpResponseGone,
  HttpResponsePermanentRedirect,
  HttpResponseRedirect,
  type HttpResponseBase,
} from '@stack/request';
import { reverse } from '@stack/urls';
import { Http404 } from '@stack/request';
import type { RequestLike } from '../internal/types.js';
import { View } from './base.js';
import {
  ContextMixin,
  MultipleObjectMixin,
  SingleObjectMixin,
  SingleObjectTemplateResponseMixin,
  TemplateResponseMixin,
  metaOf,
} from './mixins.js';

/**
 * Django's `TemplateView`: renders `templateName` with the URL's keyword captures in the context.
 *
 * @example
 * ```ts
 * path('about/', TemplateView.asView({ templateName: 'about.html' }));
 * ```
 */
export class TemplateView extends TemplateResponseMixin(ContextMixin(View)) {
  async get(_request: RequestLike, ..._rest: unknown[]): Promise<HttpResponseBase> {
    return this.renderToResponse(await this.getContextData(this.kwargs));
  }
}

/**
 * Django's `RedirectView`: redirects to `url` (with `%(name)s` filled from the captures) or to
 * the reversed `patternName`; `permanent` for 301, `queryString` to keep the query; `null`
 * gives 410 Gone.
 *
 * @example
 * ```ts
 * path('old/<slug:slug>/', RedirectView.asView({ url: '/new/%(slug)s/' }));
 * ```
 */
export class RedirectView extends View {
  permanent = false;
  url: string | null = null;
  patternName: string | null = null;
  queryString = false;

  getRedirectUrl(): string | null {
    let url: string;
    if (this.url !== null) {
      url = this.url.replace(/%\(([^)]+)\)s/g, (_m, key: string) => {
        if (!(key in this.kwargs)) throw new Error(`RedirectView url needs the capture "${key}".`);
        return String(this.kwargs[key]);
      });
    } else if (this.patternName !== null) {
      url = reverse(this.patternName, {
        ...(this.args.length > 0 && { args: this.args }),
        ...(Object.keys(this.kwargs).length > 0 && { kwargs: this.kwargs }),
      } as never);
    } else {
      return null;
    }
    const query = String(this.request.META.QUERY_STRING ?? '');
    if (query && this.queryString) url = `${url}?${query}`;
    return url;
  }

  get(request: RequestLike): HttpResponseBase {
    const url = this.getRedirectUrl();
    if (url === null) {
      console.warn(`Gone: ${request.path}`);
      return new HttpResponseGone();
    }
    return this.permanent ? new HttpResponsePermanentRedirect(url) : new HttpResponseRedirect(url);
  }

  head(request: RequestLike): HttpResponseBase {
    return this.get(request);
  }

  post(request: RequestLike): HttpResponseBase {
    return this.get(request);
  }

  override options(request: RequestLike): HttpResponseBase {
    return this.get(request);
  }

  delete(request: RequestLike): HttpResponseBase {
    return this.get(request);
  }

  put(request: RequestLike): HttpResponseBase {
    return this.get(request);
  }

  patch(request: RequestLike): HttpResponseBase {
    return this.get(request);
  }
}

/**
 * Django's `DetailView`: one object by `pk` or `slug` from the URL, rendered with
 * `<app_label>/<model_name>_detail.html` unless `templateName` says otherwise.
 *
 * @example
 * ```ts
 * path('<int:pk>/', DetailView.asView({ model: Question }), { name: 'detail' });
 * ```
 */
export class DetailView extends SingleObjectTemplateResponseMixin(
  TemplateResponseMixin(SingleObjectMixin(ContextMixin(View))),
) {
  async get(_request: RequestLike, ..._rest: unknown[]): Promise<HttpResponseBase> {
    this.object = await this.getObject();
    return this.renderToResponse(await this.getContextData());
  }
}

/**
 * Django's `ListView`: the model's objects (or `queryset`), optionally ordered and paginated,
 * rendered with `<app_label>/<model_name>_list.html` unless `templateName` says otherwise. An
 * invalid page is a 404; an empty list is one too when `allowEmpty` is false.
 *
 * @example
 * ```ts
 * path('', ListView.asView({ model: Question, paginateBy: 10, ordering: '-pubDate' }));
 * ```
 */
export class ListView extends TemplateResponseMixin(MultipleObjectMixin(ContextMixin(View))) {
  templateNameSuffix = '_list';

  override getTemplateNames(): string[] {
    const names: string[] = [];
    if (this.templateName) names.push(this.templateName);
    const model = this.model ?? this.objectList?.model;
    if (model) {
      const meta = metaOf(model);
      names.push(`${meta.appLabel}/${meta.modelName}${this.templateNameSuffix}.html`);
    }
    if (names.length === 0) return super.getTemplateNames();
    return names;
  }

  async get(_request: RequestLike, ..._rest: unknown[]): Promise<HttpResponseBase> {
    this.objectList = this.getQueryset();
    if (!this.allowEmpty) {
      const empty = Array.isArray(this.objectList)
        ? this.objectList.length === 0
        : typeof this.objectList.exists === 'function'
          ? !(await this.objectList.exists())
          : (await this.objectList).length === 0;
      if (empty)
        throw new Http404(`Empty list and “${this.constructor.name}.allowEmpty” is False.`);
    }
    return this.renderToResponse(await this.getContextData());
  }
}
