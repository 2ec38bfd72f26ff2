import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The root README's package table is the newcomer's map: it must name every published package
// of packages/ and nothing else, each linked to its folder.
const root = fileURLToPath(new URL('../../../', import.meta.url));

function publishedPackages(): string[] {
  const names: string[] = [];
  for (const dir of readdirSync(`${root}packages`)) {
    const pkg = JSON.parse(readFileSync(`${root}packages/${dir}/package.json`, 'utf8')) as {
      name: string;
      private?: boolean;
    };
    if (!pkg.private) names.push(`${pkg.name} packages/${dir}`);
  }
  return names.sort();
}

function tableRows(): string[] {
  const readme = readFileSync(`${root}README.md`, 'utf8');
  const section = readme.slice(readme.indexOf('## Packages'), readme.indexOf('## Contributing'));
  return [...section.matchAll(/^\| \[`(@stack\/[\w-]+)`\]\((packages\/[\w-]+)\)/gm)]
    .map(([, name, folder]) => `${name} ${folder}`)
    .sort();
}

describe('the README package table', () => {
  it('lists every published package, linked to its own folder', () => {
    expect(tableRows()).toEqual(publishedPackages());
  });
});
