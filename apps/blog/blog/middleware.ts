/**
 * The seed's two middleware: one logs every request (method, path, status, user agent), the
 * other measures how long the rest of the onion took and says so in `X-Response-Time`.
 */
import type { HttpRequest, HttpResponseBase } from '@stack/framework/request';

type GetResponse = (request: HttpRequest) => Promise<HttpResponseBase> | HttpResponseBase;

/** Where request lines go (the seed's `logging.getLogger('blog.requests')`); replaceable. */
export const requestLogger = {
  info(line: string): void {
    console.info(line);
  },
};

export function RequestLoggingMiddleware(getResponse: GetResponse) {
  return async (request: HttpRequest) => {
    const response = await getResponse(request);
    const agent = request.headers.get('User-Agent') ?? '-';
    requestLogger.info(
      `${request.method} ${request.getFullPath()} ${response.statusCode} "${agent.slice(0, 200)}"`,
    );
    return response;
  };
}

export function TimingMiddleware(getResponse: GetResponse) {
  return async (request: HttpRequest) => {
    const start = process.hrtime.bigint();
    const response = await getResponse(request);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    response.set('X-Response-Time', `${ms.toFixed(1)}ms`);
    return response;
  };
}
