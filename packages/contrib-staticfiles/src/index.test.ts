import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('the public API of @stack/contrib-staticfiles', () => {
  it('exports exactly these names (changing them is a deliberate act with a changeset)', () => {
    expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
      [
        "AppDirectoriesFinder",
        "CommandError",
        "CompressedManifestStaticFilesStorage",
        "DEFAULT_IGNORE_PATTERNS",
        "FileSystemFinder",
        "FileSystemStorage",
        "ImproperlyConfigured",
        "ManifestStaticFilesStorage",
        "SKIP_COMPRESS_EXTENSIONS",
        "StaticFilesMiddleware",
        "StaticFilesStorage",
        "collectstatic",
        "compressStaticFiles",
        "find",
        "findstatic",
        "getFiles",
        "getStaticfilesStorage",
        "guessType",
        "nginxConfig",
        "serve",
        "serveFile",
        "setStaticfilesStorage",
        "static",
        "staticFilesHandler",
        "wasModifiedSince",
      ]
    `);
  });
});
