/**
 * The seed's custom error pages: `404.html` and `500.html` for browsers, JSON for API clients.
 * Installed as `handler404`/`handler500` in the root URLconf; as in Django they answer only
 * with `debug` off (with it on, the technical pages show instead).
 */
import { renderToString } from '@stack/framework';
import { HttpResponse, JsonResponse, type HttpRequest } from '@stack/framework/request';
import { wantsJson } from './posts.ts';

export async function handler404(request: HttpRequest, _exception?: unknown) {
  if (wantsJson(request)) return new JsonResponse({ error: 'Not found' }, { status: 404 });
  return new HttpResponse(
    await renderToString('404.html', { request_path: request.path }, request),
    {
      status: 404,
    },
  );
}

export async function handler500(request: HttpRequest) {
  if (wantsJson(request)) return new JsonResponse({ error: 'Server error' }, { status: 500 });
  // Django renders 500.html without a request context: nothing that might fail again.
  return new HttpResponse(await renderToString('500.html', {}), { status: 500 });
}
