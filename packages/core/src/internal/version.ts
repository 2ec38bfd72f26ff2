import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: { version: string; folder: string | null } | undefined;

function corePackage(): { version: string; folder: string | null } {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@stack/core')
        return (cached = { version: pkg.version ?? '0.0.0', folder: dir });
    }
    dir = path.dirname(dir);
  }
  return (cached = { version: '0.0.0', folder: null });
}

/** The version of `@stack/core`, read from its package.json (from src/ or from dist/). */
export function coreVersion(): string {
  return corePackage().version;
}

/**
 * The `packages/framework` folder of the Stack checkout this code runs from, or null when it
 * runs from an installed package (under `node_modules`).
 */
export function checkoutFramework(): string | null {
  const { folder } = corePackage();
  if (!folder || folder.split(path.sep).includes('node_modules')) return null;
  const framework = path.resolve(folder, '..', 'framework');
  const file = path.join(framework, 'package.json');
  if (!existsSync(file)) return null;
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string };
  return pkg.name === '@stack/framework' ? framework : null;
}
