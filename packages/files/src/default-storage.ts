import type { Storage } from './storage.js';

let configured: Storage | null = null;

/** No default storage was set, and a file field without its own storage needs one. */
export class NoDefaultStorage extends Error {
  constructor() {
    super(
      'No default file storage: give the field a `storage`, or call ' +
        "setDefaultStorage(new FileSystemStorage({ location: '/srv/media', baseUrl: '/media/' })) " +
        '(a Stack project does it from the mediaRoot and mediaUrl settings).',
    );
    this.name = 'NoDefaultStorage';
  }
}

/**
 * Sets the storage file fields use when they name none (Django's `default_storage`, which
 * Django builds from `DEFAULT_FILE_STORAGE`, `MEDIA_ROOT` and `MEDIA_URL`). `@stack/core` calls
 * it from the settings; à la carte, call it once at start-up. `null` forgets it.
 *
 * @example
 * ```ts
 * setDefaultStorage(new FileSystemStorage({ location: '/srv/media', baseUrl: '/media/' }));
 * ```
 */
export function setDefaultStorage(storage: Storage | null): void {
  configured = storage;
}

/**
 * The default storage; throws `NoDefaultStorage` when none was set, rather than writing into
 * the working directory as Django does with an empty `MEDIA_ROOT`.
 *
 * @example
 * ```ts
 * const name = await getDefaultStorage().save('notes/todo.txt', 'milk');
 * ```
 */
export function getDefaultStorage(): Storage {
  if (configured === null) throw new NoDefaultStorage();
  return configured;
}
