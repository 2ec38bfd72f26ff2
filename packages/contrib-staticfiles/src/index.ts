/**
 * @stack/contrib-staticfiles: Django's django.contrib.staticfiles: finders, manifest storage with hashed names, collectstatic, development serving.
 *
 * Everything public is exported here by name; internals live under `src/internal/`.
 */
export { CommandError, ImproperlyConfigured } from './errors.js';
export { FileSystemStorage, StaticFilesStorage } from './storage.js';
export type { FoundFile, PostProcessed, StaticStorageOptions, StorageOptions } from './storage.js';
export { ManifestStaticFilesStorage } from './manifest-storage.js';
export type { ManifestStorageOptions } from './manifest-storage.js';
export { CompressedManifestStaticFilesStorage } from './compressed-storage.js';
export { compressStaticFiles, SKIP_COMPRESS_EXTENSIONS } from './compress.js';
export type { CompressResult } from './compress.js';
export {
  AppDirectoriesFinder,
  DEFAULT_IGNORE_PATTERNS,
  FileSystemFinder,
  find,
  getFiles,
} from './finders.js';
export type { AppLocation, Finder, StaticfilesDir } from './finders.js';
export { collectstatic } from './collectstatic.js';
export type { CollectstaticOptions, CollectstaticResult } from './collectstatic.js';
export { findstatic } from './findstatic.js';
export type { FindstaticOptions } from './findstatic.js';
export { guessType, serve, serveFile, wasModifiedSince } from './serve.js';
export type { StaticServeOptions } from './serve.js';
export { staticFilesHandler } from './handler.js';
export type { StaticFilesHandlerOptions } from './handler.js';
export { StaticFilesMiddleware } from './middleware.js';
export type { StaticFilesMiddlewareSettings } from './middleware.js';
export { getStaticfilesStorage, setStaticfilesStorage, static_ as static } from './static-url.js';
export { nginxConfig } from './nginx.js';
export type { NginxConfigOptions } from './nginx.js';
