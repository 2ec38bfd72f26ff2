import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../test/temp-dirs.js';
import { AppConfig, Apps } from './apps.js';
import { AppRegistryNotReady, ImproperlyConfigured } from './errors.js';

const tempDir = tempDirs('stack-apps-');

function projectWith(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

describe('Apps.populate', () => {
  it('loads a folder app, its models, and runs ready() once every app is loaded', async () => {
    const dir = projectWith({
      'blog/apps.mjs': `
        import { AppConfig } from ${JSON.stringify(new URL('./apps.ts', import.meta.url).pathname)};
        export const calls = [];
        export default class BlogConfig extends AppConfig {
          verboseName = 'The blog';
          ready() { calls.push(globalThis.__otherLoaded ?? false); }
        }`,
      'blog/models.mjs': 'export class Post {}',
      'shop/models.mjs': 'globalThis.__otherLoaded = true; export class Item {}',
    });
    const registry = new Apps();
    await registry.populate(['./blog', 'shop'], dir);
    const blog = registry.getAppConfig('blog');
    expect(blog).toBeInstanceOf(AppConfig);
    expect(blog.verboseName).toBe('The blog');
    expect(blog.path).toBe(path.join(dir, 'blog'));
    expect(blog.templatesDir).toBe(path.join(dir, 'blog', 'templates'));
    expect(Object.keys(blog.modelsModule!)).toEqual(['Post']);
    expect(registry.getAppConfig('shop').verboseName).toBe('Shop');
    const mod = await import(path.join(dir, 'blog/apps.mjs'));
    expect(mod.calls).toEqual([true]);
    expect(registry.isInstalled('blog')).toBe(true);
    expect(registry.getAppConfigs().map((a) => a.label)).toEqual(['blog', 'shop']);
  });

  it('accepts app config objects from packages that do not import core', async () => {
    let ready = 0;
    const registry = new Apps();
    await registry.populate(
      [{ name: '@stack/contrib-auth', label: 'auth', ready: () => void ready++ }],
      '/',
    );
    expect(registry.getAppConfig('auth').name).toBe('@stack/contrib-auth');
    expect(ready).toBe(1);
  });

  it('refuses duplicate labels and names the label', async () => {
    const registry = new Apps();
    await expect(registry.populate([{ name: 'a/blog' }, { name: 'b/blog' }], '/')).rejects.toThrow(
      /duplicates: blog/,
    );
  });

  it('names an installed app that is neither a folder nor a package', async () => {
    const registry = new Apps();
    await expect(registry.populate(['./missing'], tempDir())).rejects.toThrow(ImproperlyConfigured);
    await expect(registry.populate(['no-such-package-xyz'], tempDir())).rejects.toThrow(
      /could not be imported/,
    );
  });

  it('is not usable before populate', () => {
    expect(() => new Apps().getAppConfigs()).toThrow(AppRegistryNotReady);
  });

  it('names the installed labels when one is missing', async () => {
    const registry = new Apps();
    await registry.populate([{ name: 'blog' }], '/');
    expect(() => registry.getAppConfig('shop')).toThrow(/installed: blog/);
  });
});
