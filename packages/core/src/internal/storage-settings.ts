import path from 'node:path';
import { FileSystemStorage, setDefaultStorage } from '@stack/files';
import type { Settings } from '../settings-types.js';
import { linkPrefix } from './staticfiles.js';

/**
 * Sets `@stack/files`' default storage (what model `FileField`s use) from `mediaRoot` (relative
 * to `baseDir`), `mediaUrl` (a relative one under the script prefix, as Django 3.1+) and
 * `fileUploadPermissions`. An empty `mediaRoot` sets none, so a
 * file field says what to configure instead of writing into the working directory as Django does.
 */
export function configureStorageSettings(settings: Settings): void {
  if (!settings.mediaRoot) {
    setDefaultStorage(null);
    return;
  }
  setDefaultStorage(
    new FileSystemStorage({
      location: path.resolve(settings.baseDir, settings.mediaRoot),
      baseUrl: linkPrefix(settings.mediaUrl || null, settings),
      filePermissionsMode: settings.fileUploadPermissions,
    }),
  );
}
