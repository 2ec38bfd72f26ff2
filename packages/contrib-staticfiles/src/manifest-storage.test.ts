import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TREE } from '../test/django/tree.js';
import { collectstatic } from './collectstatic.js';
import { FileSystemFinder } from './finders.js';
import { ManifestStaticFilesStorage } from './manifest-storage.js';

const here = import.meta.dirname;
const PYTHON = '/usr/bin/python3';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'stack-manifest-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeTree(root: string, tree: Record<string, string>): void {
  for (const [name, text] of Object.entries(tree)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
}

async function collect(
  tree: Record<string, string>,
  options: { strict?: boolean; passes?: number } = {},
) {
  const src = path.join(dir, 'src');
  const out = path.join(dir, 'out');
  writeTree(src, tree);
  const storage = new ManifestStaticFilesStorage({
    location: out,
    baseUrl: '/static/',
    ...(options.strict !== undefined && { manifestStrict: options.strict }),
    ...(options.passes !== undefined && { maxPostProcessPasses: options.passes }),
  });
  const result = await collectstatic({
    finders: [new FileSystemFinder([src])],
    storage,
    interactive: false,
    verbosity: 0,
  });
  return { out, storage, result };
}

/** Real Django 3.2's output for TREE: run live when Debian's python3-django is here, else recorded. */
function djangoOutput(): { manifest: string; files: Record<string, string> } {
  const django = spawnSync(PYTHON, ['-c', 'import django'], { encoding: 'utf8' });
  if (django.status !== 0) {
    return JSON.parse(readFileSync(path.join(here, '../test/django/expected.json'), 'utf8'));
  }
  const src = path.join(dir, 'django-src');
  const out = path.join(dir, 'django-out');
  writeTree(src, TREE);
  const run = spawnSync(PYTHON, [path.join(here, '../test/django/collect.py'), src, out], {
    encoding: 'utf8',
  });
  expect(run.stderr).toBe('');
  const manifest = readFileSync(path.join(out, 'staticfiles.json'), 'utf8');
  const files: Record<string, string> = {};
  for (const hashed of Object.values(JSON.parse(manifest).paths as Record<string, string>))
    files[hashed] = readFileSync(path.join(out, hashed)).toString('base64');
  return { manifest, files };
}

describe('ManifestStaticFilesStorage', () => {
  it('writes the hashed files and the manifest byte for byte as Django 3.2 does', async () => {
    const expected = djangoOutput();
    const { out } = await collect(TREE);
    expect(readFileSync(path.join(out, 'staticfiles.json'), 'utf8')).toBe(expected.manifest);
    for (const [hashed, base64] of Object.entries(expected.files))
      expect(readFileSync(path.join(out, hashed)).toString('base64'), hashed).toBe(base64);
  });

  it('names the hashed file in url(), keeping query and fragment', async () => {
    const { storage } = await collect(TREE);
    expect(storage.url('css/img/logo.png')).toBe('/static/css/img/logo.72f47984a1ce.png');
    expect(storage.url('css/img/logo.png#top')).toBe('/static/css/img/logo.72f47984a1ce.png#top');
    expect(storage.url('css/')).toBe('/static/css/');
    const reopened = new ManifestStaticFilesStorage({ location: storage.location, baseUrl: '/s/' });
    expect(reopened.url('site.css')).toBe('/s/site.57ad33996b1b.css');
  });

  it('names the plain file in debug, as Django does', async () => {
    const { out } = await collect(TREE);
    const storage = new ManifestStaticFilesStorage({
      location: out,
      baseUrl: '/static/',
      debug: true,
    });
    expect(storage.url('site.css')).toBe('/static/site.css');
  });

  it('in strict mode, refuses a name missing from the manifest', async () => {
    const { storage } = await collect(TREE);
    expect(() => storage.url('missing.css')).toThrow(
      "Missing staticfiles manifest entry for 'missing.css'",
    );
  });

  it('without strict mode, hashes a file missing from the manifest from its content', async () => {
    const { out } = await collect(TREE);
    writeFileSync(path.join(out, 'late.js'), 'late');
    const storage = new ManifestStaticFilesStorage({
      location: out,
      baseUrl: '/static/',
      manifestStrict: false,
    });
    expect(storage.url('late.js')).toMatch(/^\/static\/late\.[0-9a-f]{12}\.js$/);
  });

  it('fails collectstatic on a reference to a file that does not exist', async () => {
    await expect(collect({ 'a.css': 'x { background: url(missing.png); }' })).rejects.toThrow(
      "The file 'missing.png' could not be found",
    );
  });

  it('fails on a reference that climbs out of the storage', async () => {
    await expect(
      collect({ 'a.css': 'x { background: url(../../etc/passwd); }' }),
    ).rejects.toThrow();
  });

  it('rewrites sourceMappingURL comments in CSS and JavaScript (Django 4.0)', async () => {
    const { out, storage } = await collect({
      'app.js': 'run();\n//# sourceMappingURL=app.js.map\n',
      'app.js.map': '{}',
      'x.css': 'a{}\n/*# sourceMappingURL=x.css.map */\n',
      'x.css.map': '{"x":1}',
    });
    const js = readFileSync(path.join(out, storage.storedName('app.js')), 'utf8');
    expect(js).toBe(`run();\n//# sourceMappingURL=${storage.storedName('app.js.map')}\n`);
    const css = readFileSync(path.join(out, storage.storedName('x.css')), 'utf8');
    expect(css).toBe(`a{}\n/*# sourceMappingURL=${storage.storedName('x.css.map')} */\n`);
  });

  it('leaves fragment-only references (url(#filter)) alone', async () => {
    const { out, storage } = await collect({ 'f.css': 'a { filter: url(#blur); }' });
    expect(readFileSync(path.join(out, storage.storedName('f.css')), 'utf8')).toBe(
      'a { filter: url(#blur); }',
    );
  });

  it('reports when references keep changing past maxPostProcessPasses', async () => {
    // Two stylesheets naming each other change each other's hash at every pass.
    await expect(
      collect({ 'a.css': '@import "b.css";', 'b.css': '@import "a.css";' }, { passes: 2 }),
    ).rejects.toThrow('Max post-process passes exceeded.');
  });

  it('refuses a damaged manifest', async () => {
    const { out } = await collect(TREE);
    writeFileSync(path.join(out, 'staticfiles.json'), '{"version": "9"}');
    const storage = new ManifestStaticFilesStorage({ location: out, baseUrl: '/static/' });
    expect(() => storage.url('site.css')).toThrow("Couldn't load manifest 'staticfiles.json'");
  });

  it('escapes non-ASCII names in the manifest as Python does', async () => {
    const { out } = await collect({ 'café.txt': 'x' });
    const text = readFileSync(path.join(out, 'staticfiles.json'), 'utf8');
    expect(text).toMatch(
      /^\{"paths": \{"caf\\u00e9\.txt": "caf\\u00e9\.[0-9a-f]{12}\.txt"\}, "version": "1\.0"\}$/,
    );
    expect(existsSync(path.join(out, 'café.txt'))).toBe(true);
  });
});
