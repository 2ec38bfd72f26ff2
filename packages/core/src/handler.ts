import { compose, type MiddlewareChain } from '@stack/middleware';
import {
  getScriptName,
  HttpRequest,
  type HttpResponseBase,
  requestSettings,
  type RequestSettings,
} from '@stack/request';
import { resolve, setScriptPrefix, setUrlconf, type Urlconf } from '@stack/urls';
import type { Application, Body, Environ, StartResponse } from '@stack/wsgi';
import { isThenable } from '@stack/utils';
import { middlewareName } from './internal/builtin-checks.js';
import { mailAdminsAboutResponse } from './internal/admin-email.js';
import {
  type ErrorContext,
  loggedResponses,
  responseForException,
} from './internal/exception-response.js';
import {
  builtinExtras,
  type LoadedUrlconf,
  loadMiddleware,
  loadUrlconf,
} from './internal/load-modules.js';
import { sessionEngineFor } from './internal/session-engine.js';
import { clientFromProxy } from './internal/trusted-proxies.js';
import { coreVersion } from './internal/version.js';
import type { SessionEngine } from '@stack/contrib-sessions';
import type { Settings, UserSettings } from './settings-types.js';
import { setup } from './setup.js';
import { requestFinished, requestStarted, sendRobust } from './signals.js';

/** Options of `getWsgiApplication` (all optional: by default the current settings). */
export interface HandlerOptions {
  /** Settings to configure first, instead of `STACK_SETTINGS_MODULE`. */
  settings?: UserSettings;
  /** Where handler errors are logged. Default: `console.error`. */
  log?: (line: string, error?: unknown) => void;
  /** Hosts accepted besides `allowedHosts` (the test client adds `testserver`). */
  extraAllowedHosts?: string[];
}

type CreateOptions = Pick<HandlerOptions, 'log' | 'extraAllowedHosts'>;

const EMPTY: Body = [];

function hasBody(environ: Environ): boolean {
  const length = environ.CONTENT_LENGTH;
  if (length !== undefined && length !== '' && length !== '0') return true;
  return typeof environ.HTTP_TRANSFER_ENCODING === 'string';
}

function noop(): void {}

function defaultLog(line: string, error?: unknown): void {
  if (error === undefined) console.warn(line);
  else console.error(line, error);
}

/**
 * Django's `WSGIHandler`: built once from the settings (the middleware chain, the URLconf, the
 * request limits), then called for every request through `application`. Use
 * `getWsgiApplication()` unless you need the handler itself (the test `Client` does).
 *
 * @example
 * ```ts
 * const handler = await WsgiHandler.create(settings);
 * serve(handler.application, { port: 8000 });
 * ```
 */
export class WsgiHandler {
  readonly application: Application;
  #chain!: MiddlewareChain<HttpRequest, HttpResponseBase>;
  #requestSettings: RequestSettings;
  #errors: ErrorContext;
  #sessionEngine: Promise<SessionEngine> | undefined;
  #trustedProxies: ReadonlySet<string>;

  private constructor(
    readonly settings: Settings,
    readonly urlconf: LoadedUrlconf,
    log: (line: string, error?: unknown) => void,
    extraAllowedHosts: string[],
  ) {
    this.#requestSettings = requestSettings({
      allowedHosts: extraAllowedHosts.length
        ? [...settings.allowedHosts, ...extraAllowedHosts]
        : settings.allowedHosts,
      debug: settings.debug,
      dataUploadMaxMemorySize: settings.dataUploadMaxMemorySize,
      dataUploadMaxNumberFields: settings.dataUploadMaxNumberFields,
      dataUploadMaxNumberFiles: settings.dataUploadMaxNumberFiles,
      fileUploadMaxMemorySize: settings.fileUploadMaxMemorySize,
      ...(settings.fileUploadTempDir && { fileUploadTempDir: settings.fileUploadTempDir }),
      defaultCharset: settings.defaultCharset,
      useXForwardedHost: settings.useXForwardedHost,
      useXForwardedPort: settings.useXForwardedPort,
      secureProxySslHeader: settings.secureProxySslHeader,
      secretKey: settings.secretKey,
      secretKeyFallbacks: settings.secretKeyFallbacks,
      forceScriptName: settings.forceScriptName,
    });
    const name = typeof settings.rootUrlconf === 'string' ? settings.rootUrlconf : '<urlpatterns>';
    this.#errors = { settings, urlconf, urlconfName: name, version: coreVersion(), log };
    this.#trustedProxies = new Set(settings.trustedProxies);
    this.application = (environ, startResponse) => this.#call(environ, startResponse);
  }

  /** Builds a handler: loads the URLconf and builds the middleware chain, once. */
  static async create(settings: Settings, options: CreateOptions = {}): Promise<WsgiHandler> {
    const urlconf = await loadUrlconf(settings.rootUrlconf, settings.baseDir);
    setUrlconf(urlconf as Urlconf<any>);
    const handler = new WsgiHandler(
      settings,
      urlconf,
      options.log ?? defaultLog,
      options.extraAllowedHosts ?? [],
    );
    const middleware = [];
    for (const entry of settings.middleware) {
      middleware.push(
        await loadMiddleware(entry, settings, (name) =>
          builtinExtras(settings, urlconf, name, () => handler.sessionEngine()),
        ),
      );
    }
    handler.#chain = compose<HttpRequest, HttpResponseBase>(
      middleware,
      (request, chain) => handler.#view(request, chain),
      {
        convertException: (error, request) => responseForException(request, error, handler.#errors),
      },
    );
    return handler;
  }

  /**
   * The session store of this handler, built once from `sessionEngine` and shared with its
   * `SessionMiddleware` (so the test client's `login` writes where the middleware reads).
   */
  sessionEngine(): Promise<SessionEngine> {
    this.#sessionEngine ??= sessionEngineFor(this.settings);
    return this.#sessionEngine;
  }

  /** The names of the middleware in the chain, outermost first. */
  get middlewareNames(): string[] {
    return this.settings.middleware.map(middlewareName);
  }

  /** Resolves the URL (after the request phase of the middleware) and runs the view's hooks. */
  #view(request: HttpRequest, chain: MiddlewareChain<HttpRequest, HttpResponseBase>) {
    const urlconf = (request.urlconf as Urlconf<any> | undefined) ?? this.urlconf;
    const match = resolve<any>(request.pathInfo, urlconf);
    request.resolverMatch = match;
    return chain.runView(request, match.func, match.args, match.kwargs);
  }

  /**
   * Runs one request through the whole chain and returns the response object. The caller sends
   * it, then calls `finish` (which closes the response and the request and sends
   * `requestFinished`).
   */
  async getResponse(
    environ: Environ,
  ): Promise<{ request: HttpRequest; response: HttpResponseBase; finish: () => void }> {
    this.#setScriptPrefix(environ);
    if (requestStarted.hasListeners()) await requestStarted.send(this, { environ });
    const request = this.#request(environ);
    // The test client's mark, read by CsrfViewMiddleware (Django's _dont_enforce_csrf_checks).
    // Only here, the test client's entry: the server's path never pays for reading it.
    if (environ['stack.dontEnforceCsrfChecks'] === true) request.dontEnforceCsrfChecks = true;
    const hadBody = hasBody(environ);
    // A body over the limits is not fatal here: reading request.POST raises the 400 later.
    if (hadBody) await request.load().catch(noop);
    const response = await this.#logged(request, await this.#chain.handler(request));
    return { request, response, finish: () => this.#finish(request, response, hadBody) };
  }

  /**
   * Django's `log_response` for a 5xx response nobody logged yet (a view returned it, rather
   * than raising): logged, and mailed to the admins. Other responses pass untouched.
   */
  #logged(
    request: HttpRequest,
    response: HttpResponseBase,
  ): HttpResponseBase | Promise<HttpResponseBase> {
    // The test alone here, the logging apart: a small method is inlined into the request's
    // path, which then has V8's inlining budget left for the request's constructor.
    return response.status < 500 ? response : this.#logServerError(request, response);
  }

  #logServerError(
    request: HttpRequest,
    response: HttpResponseBase,
  ): HttpResponseBase | Promise<HttpResponseBase> {
    if (loggedResponses.has(response)) return response;
    loggedResponses.add(response);
    this.#errors.log(`${response.reasonPhrase}: ${request.path}`);
    return mailAdminsAboutResponse(request, response, this.#errors).then(() => response);
  }

  /**
   * Django's handler sets the script prefix first thing in every request, so `reverse()` (and
   * `{% url %}`, `redirect()`) build paths under the mount point: `forceScriptName`, else the
   * request's `SCRIPT_NAME` (the gateway's `scriptName`).
   */
  #setScriptPrefix(environ: Environ): void {
    setScriptPrefix(getScriptName(environ, this.settings.forceScriptName));
  }

  #request(environ: Environ): HttpRequest {
    return new HttpRequest(environ, this.#requestSettings);
  }

  #finish(request: HttpRequest, response: HttpResponseBase, hadBody: boolean): void {
    response.close();
    // Only a request with a body can hold uploaded temporary files.
    if (hadBody) this.#closeRequest(request);
    if (requestFinished.hasListeners()) void sendRobust(requestFinished, this, {});
  }

  /**
   * Deletes a request's temporary upload files. Apart from `#finish`, which is inlined into the
   * response's path: its closure would cost a context there, and its bytecode V8's inlining budget.
   */
  #closeRequest(request: HttpRequest): void {
    void request
      .close()
      .catch((error: unknown) => this.#errors.log('Could not clean up request files', error));
  }

  /** The gateway call: stays synchronous until a layer is asynchronous, to spare promises. */
  #call(environ: Environ, startResponse: StartResponse): Body | Promise<Body> {
    clientFromProxy(environ, this.#trustedProxies);
    this.#setScriptPrefix(environ);
    if (requestStarted.hasListeners()) {
      return requestStarted.send(this, { environ }).then(() => this.#run(environ, startResponse));
    }
    return this.#run(environ, startResponse);
  }

  #run(environ: Environ, startResponse: StartResponse): Body | Promise<Body> {
    const request = this.#request(environ);
    if (hasBody(environ)) {
      return request
        .load()
        .catch(noop)
        .then(() => this.#chain.handler(request))
        .then((response) => this.#logged(request, response))
        .then((response) => this.#send(request, response, startResponse, true));
    }
    const response = this.#chain.handler(request);
    // An async view: one continuation, not one per step (issue 21).
    if (isThenable<HttpResponseBase>(response))
      return Promise.resolve(response).then((r) => this.#logAndSend(request, r, startResponse));
    // `#logged`'s test here, the 5xx path (logging, maybe asynchronous) in `#logAndSend`: the
    // usual response then costs V8's inlining budget only for `#send`, which leaves it room for
    // the request's field initialiser.
    if (response.status < 500) return this.#send(request, response, startResponse, false);
    return this.#logAndSend(request, response, startResponse);
  }

  /** Logs and sends the response of a request without a body; async only if logging is. */
  #logAndSend(
    request: HttpRequest,
    response: HttpResponseBase,
    startResponse: StartResponse,
  ): Body | Promise<Body> {
    const logged = this.#logged(request, response);
    if (logged instanceof Promise)
      return logged.then((r) => this.#send(request, r, startResponse, false));
    return this.#send(request, logged, startResponse, false);
  }

  #send(
    request: HttpRequest,
    response: HttpResponseBase,
    startResponse: StartResponse,
    hadBody: boolean,
  ): Body {
    const body = response.toWsgi(startResponse as never) as Body;
    const status = response.status;
    // 204 and 304 compared, not looked up in a Set: this runs on every response.
    if (request.method === 'HEAD' || status === 204 || status === 304 || status < 200) {
      this.#finish(request, response, hadBody);
      return EMPTY;
    }
    if (!(response as { streaming?: boolean }).streaming) {
      this.#finish(request, response, hadBody);
      return body;
    }
    return this.#closing(body, request, response, hadBody);
  }

  /**
   * A streamed body that finishes the request when it ends. Apart from `#send`: a closure there
   * over its arguments made V8 allocate their context on every call (64 bytes and about 20
   * instructions per response), streamed or not.
   */
  #closing(
    body: Body,
    request: HttpRequest,
    response: HttpResponseBase,
    hadBody: boolean,
  ): AsyncGenerator<Uint8Array | string> {
    return closing(body, () => this.#finish(request, response, hadBody));
  }
}

/** Streams a body and runs `finish` when it ends or the client goes away (the server calls `return()`). */
async function* closing(body: Body, finish: () => void): AsyncGenerator<Uint8Array | string> {
  try {
    yield* body as AsyncIterable<Uint8Array | string>;
  } finally {
    finish();
  }
}

/**
 * The gateway `Application` for the project: configures the settings (the ones passed, those
 * already configured, or `STACK_SETTINGS_MODULE`), loads the apps, builds the middleware chain
 * once, and returns the function a gateway server calls per request. Django's
 * `get_wsgi_application()`.
 *
 * @example
 * ```ts
 * import { serve } from '@stack/wsgi';
 * serve(await getWsgiApplication(), { port: 8000 });
 * ```
 */
export async function getWsgiApplication(options: HandlerOptions = {}): Promise<Application> {
  return (await getHandler(options)).application;
}

/** Like `getWsgiApplication`, but returns the handler (its settings, URLconf and `getResponse`). */
export async function getHandler(options: HandlerOptions = {}): Promise<WsgiHandler> {
  const settings = await setup(options.settings);
  const { log, extraAllowedHosts } = options;
  return WsgiHandler.create(settings, {
    ...(log && { log }),
    ...(extraAllowedHosts && { extraAllowedHosts }),
  });
}
