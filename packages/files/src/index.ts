/**
 * @stack/files: Django's `django.core.files`: the storage API, `FileSystemStorage` and the
 * default storage, shared by `@stack/orm`'s file fields and `@stack/forms`' uploads.
 *
 * Everything public is exported here by name; internals live under `src/internal/`.
 */
export { Storage, getValidFilename, validateFileName } from './storage.js';
export type { StorableContent } from './storage.js';
export { FileSystemStorage } from './filesystem.js';
export type { FileSystemStorageOptions } from './filesystem.js';
export { setDefaultStorage, getDefaultStorage, NoDefaultStorage } from './default-storage.js';
