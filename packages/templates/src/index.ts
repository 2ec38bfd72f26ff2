/**
 * @stack/templates: the Django template language on liquidjs.
 *
 * Everything public is exported here by name; internals live under `src/internal/`.
 */
export { Engine, Template } from './engine.js';
export type { ContextProcessor, EngineOptions, TemplateRenderedHook } from './engine.js';
export { Library } from './library.js';
export type { CustomFilter, FilterOptions, TagFunction, TagOptions } from './library.js';
export type { TemplateContext } from './template-context.js';
export type {
  CompileFunction,
  CompiledFilter,
  NodeList,
  TagParser,
  TemplateNode,
  TemplateToken,
} from './compile-tag.js';
export { SafeString, markSafe, isSafe, escape, conditionalEscape } from '@stack/utils';
export { TemplateError, TemplateDoesNotExist, TemplateSyntaxError } from './errors.js';
export { NaiveDate, NaiveDateTime } from './internal/dateformat.js';
export type { WallTime } from './internal/dateformat.js';
export type { SourceLocation } from './errors.js';
export { requestContextProcessor, debugContextProcessor } from './context-processors.js';
export type { DebugContextProcessorOptions } from './context-processors.js';
export type { ReverseFunction } from './internal/engine-core.js';
