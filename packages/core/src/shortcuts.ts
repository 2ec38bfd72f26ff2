import {
  Http404,
  HttpResponse,
  HttpResponsePermanentRedirect,
  HttpResponseRedirect,
  type ResponseOptions,
} from '@stack/request';
import { NoReverseMatch, reverse } from '@stack/urls';
import { renderTemplate, renderTemplateText } from './template-response.js';

/**
 * Renders a template with a context into an `HttpResponse` (Django's `render`); with a request,
 * the engine's context processors run.
 *
 * @example
 * ```ts
 * return render(request, 'polls/index.html', { latest: await Poll.objects.orderBy('-pubDate') });
 * ```
 */
export function render(
  request: unknown,
  templateName: string | readonly string[],
  context: Record<string, unknown> = {},
  options: ResponseOptions = {},
): Promise<HttpResponse> {
  // One promise for the response, made when the page is ready (not an async function awaiting
  // the page's own promise); every error still comes as a rejection.
  try {
    const text = renderTemplateText(templateName, context, request);
    if (typeof text === 'string') return Promise.resolve(new HttpResponse(text, options));
    return text.then((page) => new HttpResponse(page, options));
  } catch (error) {
    return Promise.reject(error as Error);
  }
}

/**
 * Renders a template to a string (Django's `render_to_string`).
 *
 * @example
 * ```ts
 * const body = await renderToString('emails/welcome.txt', { user });
 * ```
 */
export function renderToString(
  templateName: string | readonly string[],
  context: Record<string, unknown> = {},
  request?: unknown,
): Promise<string> {
  return renderTemplate(templateName, context, request);
}

/** Options of `redirect`, given as its last argument. */
export interface RedirectOptions {
  /** 301 (or 308 with `preserveRequest`) instead of 302 (or 307). */
  permanent?: boolean;
  /** 307/308: the client repeats the method and body. */
  preserveRequest?: boolean;
  /** Keyword arguments for reversing a view name. */
  kwargs?: Record<string, unknown>;
}

function isOptions(value: unknown): value is RedirectOptions {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype &&
    Object.keys(value).every((k) => k === 'permanent' || k === 'preserveRequest' || k === 'kwargs')
  );
}

/**
 * The URL for a redirect target (Django's `resolve_url`): an object's `getAbsoluteUrl()`, a
 * view name reversed with the arguments, or the string itself when it looks like a URL.
 *
 * @example
 * ```ts
 * resolveUrl('polls:detail', [poll.id]); // '/polls/3/'
 * ```
 */
export function resolveUrl(
  to: unknown,
  args: unknown[] = [],
  kwargs: Record<string, unknown> = {},
): string {
  const target = to as { getAbsoluteUrl?: () => string };
  if (target && typeof target.getAbsoluteUrl === 'function') return String(target.getAbsoluteUrl());
  if (typeof to === 'string' && (to.startsWith('./') || to.startsWith('../'))) return to;
  try {
    return reverse(to, {
      ...(args.length > 0 && { args }),
      ...(Object.keys(kwargs).length > 0 && { kwargs }),
    } as never);
  } catch (error) {
    if (
      typeof to === 'string' &&
      error instanceof NoReverseMatch &&
      (to.includes('/') || to.includes('.'))
    ) {
      return to;
    }
    throw error;
  }
}

/**
 * A redirect to a URL, a view name (reversed with the arguments), or an object with
 * `getAbsoluteUrl()`; 302 unless `{ permanent: true }` is the last argument.
 *
 * @example
 * ```ts
 * return redirect('polls:results', question.id);
 * return redirect(post, { permanent: true });
 * return redirect('https://example.com/');
 * ```
 */
export function redirect(
  to: unknown,
  ...rest: unknown[]
): HttpResponseRedirect | HttpResponsePermanentRedirect {
  const options =
    rest.length > 0 && isOptions(rest[rest.length - 1]) ? (rest.pop() as RedirectOptions) : {};
  const url = resolveUrl(to, rest, options.kwargs ?? {});
  if (options.preserveRequest) {
    const response = options.permanent
      ? new HttpResponsePermanentRedirect(url)
      : new HttpResponseRedirect(url);
    response.status = options.permanent ? 308 : 307;
    return response;
  }
  return options.permanent ? new HttpResponsePermanentRedirect(url) : new HttpResponseRedirect(url);
}

/** A model class, its manager, or a queryset: anything `getObjectOr404` can query. */
export type Queryable<T> =
  | { objects: { get(filters?: any): PromiseLike<T>; filter(filters?: any): PromiseLike<T[]> } }
  | {
      get(filters?: any): PromiseLike<T>;
      filter(filters?: any): PromiseLike<T[]>;
      model?: { name: string };
    };

function queryset(klass: Queryable<unknown>): {
  get: (f?: unknown) => PromiseLike<unknown>;
  filter: (f?: unknown) => PromiseLike<unknown[]>;
} {
  const candidate = (klass as { objects?: unknown }).objects ?? klass;
  if (typeof (candidate as { get?: unknown }).get !== 'function') {
    const name = (klass as { name?: string }).name ?? typeof klass;
    throw new TypeError(
      `First argument to getObjectOr404() must be a Model, Manager, or QuerySet, not '${name}'.`,
    );
  }
  return candidate as never;
}

function modelName(klass: unknown): string {
  const k = klass as { name?: string; model?: { name?: string }; objects?: unknown };
  if (k.objects && k.name) return k.name;
  return k.model?.name ?? 'object';
}

function isDoesNotExist(error: unknown): boolean {
  for (let proto = error; proto; proto = Object.getPrototypeOf(proto)) {
    const name = (proto as { constructor?: { name?: string } }).constructor?.name;
    if (name === 'ObjectDoesNotExist' || name === 'DoesNotExist') return true;
  }
  return (error as { name?: string } | null)?.name === 'DoesNotExist';
}

/**
 * The one object matching the filters, or `Http404` (Django's `get_object_or_404`); a second
 * match is still an error (`MultipleObjectsReturned`).
 *
 * @example
 * ```ts
 * const question = await getObjectOr404(Question, { pk: kwargs.id });
 * ```
 */
export async function getObjectOr404<T>(
  klass: Queryable<T>,
  filters?: Record<string, unknown>,
): Promise<T> {
  const qs = queryset(klass as Queryable<unknown>);
  try {
    return (await qs.get(filters)) as T;
  } catch (error) {
    if (isDoesNotExist(error)) throw new Http404(`No ${modelName(klass)} matches the given query.`);
    throw error;
  }
}

/**
 * The objects matching the filters, or `Http404` when there are none (Django's
 * `get_list_or_404`).
 *
 * @example
 * ```ts
 * const choices = await getListOr404(Choice, { question: q });
 * ```
 */
export async function getListOr404<T>(
  klass: Queryable<T>,
  filters?: Record<string, unknown>,
): Promise<T[]> {
  const qs = queryset(klass as Queryable<unknown>);
  const rows = (await qs.filter(filters)) as T[];
  if (rows.length === 0) throw new Http404(`No ${modelName(klass)} matches the given query.`);
  return [...rows];
}
