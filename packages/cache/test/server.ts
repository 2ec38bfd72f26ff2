import { compose, type Middleware, type View } from '@stack/middleware';
import { HttpRequest, type HttpResponseBase } from '@stack/request';
import { serve, type Application } from '@stack/wsgi';
import { request as undiciRequest } from 'undici';

type AnyView = View<HttpRequest, HttpResponseBase>;

/** A real server on a free loopback port running `view` inside `middleware`. */
export async function startServer(
  view: AnyView,
  middleware: readonly Middleware<HttpRequest, HttpResponseBase>[] = [],
) {
  const chain = compose<HttpRequest, HttpResponseBase>(middleware, (request, c) =>
    c.runView(request, view, []),
  );
  const app: Application = async (environ, startResponse) => {
    const request = new HttpRequest(environ, { allowedHosts: ['127.0.0.1'] });
    const response = await chain.handler(request);
    return response.toWsgi(startResponse);
  };
  const handle = serve(app, { host: '127.0.0.1', port: 0, log: false, handleSignals: false });
  const { port } = await handle.listening;
  const origin = `http://127.0.0.1:${port}`;
  const fetch = async (
    path: string,
    init: { method?: string; headers?: Record<string, string> } = {},
  ) => {
    const response = await undiciRequest(origin + path, {
      method: (init.method ?? 'GET') as 'GET',
      headers: init.headers,
    });
    const body = await response.body.text();
    const header = (name: string) => {
      const value = response.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(', ') : value;
    };
    return { status: response.statusCode, body, header };
  };
  return { origin, fetch, close: () => handle.close() };
}

/** A real `HttpRequest` over a hand-built environ, as the gateway would produce it. */
export function makeRequest(
  spec: { method?: string; path?: string; query?: string; headers?: Record<string, string> } = {},
): HttpRequest {
  const environ: Record<string, unknown> = {
    REQUEST_METHOD: spec.method ?? 'GET',
    SCRIPT_NAME: '',
    PATH_INFO: spec.path ?? '/',
    QUERY_STRING: spec.query ?? '',
    SERVER_NAME: 'testserver',
    SERVER_PORT: '80',
    SERVER_PROTOCOL: 'HTTP/1.1',
    REMOTE_ADDR: '127.0.0.1',
    HTTP_HOST: 'testserver',
    'wsgi.url_scheme': 'http',
    'wsgi.input': (async function* () {})(),
  };
  for (const [name, value] of Object.entries(spec.headers ?? {})) {
    environ[`HTTP_${name.toUpperCase().replace(/-/g, '_')}`] = value;
  }
  return new HttpRequest(environ, { allowedHosts: ['testserver'] });
}
