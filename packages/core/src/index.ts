/**
 * @stack/core: the glue (Django's `django.conf`, `django.core`, `django.views`,
 * `django.shortcuts`, `django.test`): settings, apps, the handler, shortcuts, views, the test
 * client and the `stack` command.
 *
 * Everything public is exported here by name; internals live under `src/internal/`.
 */
export {
  CoreError,
  ImproperlyConfigured,
  AppRegistryNotReady,
  CommandError,
  InvalidPage,
  PageNotAnInteger,
  EmptyPage,
} from './errors.js';
export type {
  Settings,
  UserSettings,
  MiddlewareFactory,
  MiddlewareSetting,
  UrlconfSetting,
  TemplateSetting,
  DatabaseSetting,
  InstalledAppSetting,
  AppConfigLike,
  PluginSetting,
  PasswordValidatorSetting,
  ChannelLayerSetting,
} from './settings-types.js';
export {
  defineSettings,
  configure,
  loadSettings,
  getSettings,
  settings,
  settingsConfigured,
  settingsModule,
  overrideSettings,
  modifySettings,
  resolveSettings,
  registerSettingDefaults,
} from './settings.js';
export type { ListChange, SettingsDecorator } from './settings.js';
export { env } from './env.js';
export {
  CheckLevel,
  checkError,
  checkWarning,
  registerCheck,
  runChecks,
  formatCheckMessages,
} from './checks.js';
export type { CheckMessage, CheckFunction } from './checks.js';
export { AppConfig, Apps, apps } from './apps.js';
export { setup } from './setup.js';
export { registerCommand, getCommands } from './command.js';
export type {
  Command,
  CommandContext,
  CommandOption,
  CommandArgument,
  CommandOutput,
} from './command.js';
export { Progress } from './progress.js';
export { execute } from './cli.js';
export type { CliIO } from './cli.js';
export { View, httpMethodNames } from './views/base.js';
export { TemplateView, RedirectView, ListView, DetailView } from './views/generic.js';
export {
  ContextMixin,
  TemplateResponseMixin,
  SingleObjectMixin,
  SingleObjectTemplateResponseMixin,
  MultipleObjectMixin,
} from './views/mixins.js';
export {
  FormMixin,
  ProcessFormView,
  FormView,
  ModelFormMixin,
  CreateView,
  UpdateView,
  DeletionMixin,
  DeleteView,
} from './views/edit.js';
export type { FormClassLike } from './views/edit.js';
export type { Constructor, ModelLike } from './views/mixins.js';
export { Paginator, Page } from './paginator.js';
export type { Pageable, PaginatorOptions } from './paginator.js';
export { requireHttpMethods, requireGet, requirePost, requireSafe } from './decorators.js';
export { csrfExempt } from '@stack/middleware';
export type { RequestLike, ViewFunction } from './internal/types.js';
export { WsgiHandler, getWsgiApplication, getHandler } from './handler.js';
export { getAsgiApplication } from './asgi/application.js';
export { URLRouter } from './asgi/routing.js';
export type { UrlRoute } from './asgi/routing.js';
export { AuthMiddlewareStack, SessionMiddlewareStack } from './asgi/auth.js';
export { AllowedHostsOriginValidator, OriginValidator } from './asgi/origin.js';
export type { HandlerOptions } from './handler.js';
export {
  render,
  renderToString,
  redirect,
  resolveUrl,
  getObjectOr404,
  getListOr404,
} from './shortcuts.js';
export type { RedirectOptions, Queryable } from './shortcuts.js';
export { TemplateResponse, ContentNotRenderedError } from './template-response.js';
export { getTemplateEngine, csrfContextProcessor } from './template-engine.js';
export { debugContextProcessor } from './context-processors.js';
export { authUrls, authViewHelpers } from './auth-urls.js';
export { staticPatterns } from './static-urls.js';
export type { StaticPatternsOptions } from './static-urls.js';
export {
  requestStarted,
  requestFinished,
  gotRequestException,
  templateRendered,
} from './signals.js';
export { Client, RedirectCycleError } from './test/client.js';
export type { ClientRequestOptions, TestResponse } from './test/client.js';
export { RequestFactory } from './test/request-factory.js';
export type { TestRequestOptions } from './test/request-factory.js';
export type { FormData, UploadFile } from './test/encode.js';
export { liveServer } from './test/live-server.js';
export type { LiveServer } from './test/live-server.js';
