import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { optionalRequire } from './index.js';

describe('optionalRequire', () => {
  let folder: string;
  let from: URL;
  beforeEach(() => {
    // A package folder of its own: `node_modules/present` loads, `node_modules/broken` throws
    // while loading because one of its own imports is missing.
    folder = mkdtempSync(join(tmpdir(), 'stack-optional-'));
    for (const [name, source] of [
      ['present', 'module.exports = { answer: 42 };'],
      ['broken', "require('not-installed-either');"],
    ]) {
      mkdirSync(join(folder, 'node_modules', name!), { recursive: true });
      writeFileSync(join(folder, 'node_modules', name!, 'index.js'), source!);
    }
    from = pathToFileURL(join(folder, 'caller.js'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it("loads a package from the caller's own dependencies", () => {
    expect(optionalRequire(from)<{ answer: number }>('present', 'a test')).toEqual({ answer: 42 });
  });

  it('names a missing package and what needs it, as Django names psycopg2', () => {
    expect(() => optionalRequire(from)('absent', "the 'postgres' database engine")).toThrow(
      new Error(
        "Error loading absent module (needed by the 'postgres' database engine): is it installed?",
      ),
    );
  });

  it('builds the error with the given factory, the original as its cause', () => {
    class Configured extends Error {}
    const load = optionalRequire(from, (message, options) => new Configured(message, options));
    let caught: unknown;
    try {
      load('absent', 'a test');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(Configured);
    expect((caught as Error).cause).toMatchObject({ code: 'MODULE_NOT_FOUND' });
  });

  it('rethrows a failure inside the package as it is (one of its own imports missing)', () => {
    expect(() => optionalRequire(from)('broken', 'a test')).toThrow(
      /Cannot find module 'not-installed-either'/,
    );
  });
});
