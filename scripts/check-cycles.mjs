#!/usr/bin/env node
// No package's files may import each other in a cycle (value imports: `import type` is erased at
// compile time), and a package that declares internal layers (`packages/<pkg>/layers.mjs`) imports
// values only downwards through them. dpdm parses the imports; this script only judges them.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseCircular, parseDependencyTree } from 'dpdm';

function sourceFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (/\.m?ts$/.test(entry.name) && !/\.test\.m?ts$/.test(entry.name)) out.push(path);
  }
  return out;
}

/** The index of the first layer listing `file` (a path or a folder prefix); -1 when none does. */
function layerOf(layers, file) {
  return layers.findIndex((layer) =>
    layer.files.some((f) => (f.endsWith('/') ? file.startsWith(f) : file === f)),
  );
}

// Cycles found when this check was introduced, left to their packages' owners: each is reported
// on every run, and any other cycle fails. Remove an entry once its cycle is gone.
const knownCycles = {
  // User.hasPerm asks the configured backends, whose default ModelBackend loads the user model.
  'packages/contrib-auth': [
    ['src/backends.ts', 'src/model-backend.ts', 'src/models/user-model.ts', 'src/models/user.ts'],
  ],
};

function isKnown(where, cycle) {
  const files = [...cycle].sort().join();
  return (knownCycles[where] ?? []).some((known) => [...known].sort().join() === files);
}

let failures = 0;
for (const group of ['packages', 'apps']) {
  if (!existsSync(group)) continue;
  for (const name of readdirSync(group)) {
    const dir = resolve(group, name);
    const src = join(dir, 'src');
    if (!existsSync(src)) continue;
    const files = sourceFiles(src);
    if (files.length === 0) continue;
    const tree = await parseDependencyTree(files, {
      context: dir,
      transform: true,
      // Only this package's own files: siblings are reached through their entries, and the layer
      // table (layers.config.mjs) already orders the packages.
      include: new RegExp(`^${src.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/`),
      skipDynamicImports: false,
      onProgress: () => undefined,
    });
    const local = (id) => id !== null && !id.startsWith('..') && !id.includes('node_modules');
    for (const cycle of parseCircular(tree).filter((c) => c.every(local))) {
      const where = `${group}/${name}`;
      const known = isKnown(where, cycle);
      console[known ? 'warn' : 'error'](
        `${where}: ${known ? 'known ' : ''}import cycle ${[...cycle, cycle[0]].join(' -> ')}`,
      );
      if (!known) failures++;
    }
    const layersFile = join(dir, 'layers.mjs');
    if (!existsSync(layersFile)) continue;
    const { layers } = await import(pathToFileURL(layersFile).href);
    for (const [file, deps] of Object.entries(tree)) {
      if (!local(file) || deps === null) continue;
      const from = layerOf(layers, file);
      if (from < 0) {
        console.error(`${group}/${name}: ${file} is in no layer of layers.mjs; add it to one.`);
        failures++;
        continue;
      }
      for (const dep of deps) {
        if (!local(dep.id)) continue;
        const to = layerOf(layers, dep.id);
        if (to > from) {
          console.error(
            `${group}/${name}: ${file} (${layers[from].name}) imports ${dep.id} (${layers[to].name}), a layer above it.`,
          );
          failures++;
        }
      }
    }
  }
}
if (failures) process.exit(1);
console.log('cycles: no import cycle inside any package; the ORM imports only down its layers');
