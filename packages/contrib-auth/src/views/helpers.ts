import type { HttpRequest } from '@stack/request';
import { urlHasAllowedHostAndScheme } from '@stack/utils';

/**
 * What the auth views need from the layers above them, injected by `@stack/core` (this package
 * may not import the template engine or the URL resolver).
 */
export interface AuthViewHelpers {
  /** Renders a template to a string (Django's `render_to_string`). */
  renderToString(
    templateName: string,
    context: Record<string, unknown>,
    request?: HttpRequest,
  ): Promise<string>;
  /** Builds a URL from a route name (Django's `reverse`). */
  reverse(name: string, options?: { kwargs?: Record<string, string> }): string;
}

/** A minimal bound form for templates: field values and errors, as Django's form renders. */
export interface FormContext {
  isBound: boolean;
  data: Record<string, string>;
  errors: Record<string, string[]>;
  nonFieldErrors: string[];
}

export function formContext(
  data: Record<string, string> = {},
  errors: Record<string, string[]> = {},
  isBound = false,
): FormContext {
  const { __all__: nonFieldErrors = [], ...fieldErrors } = errors;
  const safeData = Object.fromEntries(
    Object.entries(data).filter(([key]) => !key.toLowerCase().includes('password')),
  );
  return { isBound, data: safeData, errors: fieldErrors, nonFieldErrors };
}

/** The POST fields of a request (the body is read first). */
export async function postData(
  request: HttpRequest,
  names: readonly string[],
): Promise<Record<string, string>> {
  await request.load();
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = request.POST.get(name);
    out[name] = typeof value === 'string' ? value : '';
  }
  return out;
}

/** The `next` URL of a request when it is safe to redirect to, else ''. */
export function safeNext(
  request: HttpRequest,
  fieldName: string,
  extraHosts: readonly string[] = [],
): string {
  const fromPost = request.method === 'POST' ? request.POST.get(fieldName) : undefined;
  const candidate = (typeof fromPost === 'string' && fromPost) || request.GET.get(fieldName);
  if (typeof candidate !== 'string') return '';
  const hosts = new Set([
    request.getHost().toLowerCase(),
    ...extraHosts.map((h) => h.toLowerCase()),
  ]);
  return urlHasAllowedHostAndScheme(candidate, hosts, { requireHttps: request.isSecure() })
    ? candidate
    : '';
}
