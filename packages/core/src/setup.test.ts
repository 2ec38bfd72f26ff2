import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../test/temp-dirs.js';
import { apps } from './apps.js';
import { execute } from './cli.js';
import { getCommands } from './command.js';
import { discoverSettingsModule, setup } from './setup.js';

const tempDir = tempDirs('stack-setup-');

function project(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const command = (name: string) =>
  `export default { name: '${name}', help: 'Says ${name}.', requiresSettings: false, handle: ({ stdout }) => stdout.write('${name}!\\n') };`;

describe('setup', () => {
  it('loads the apps and the commands of their commands/ folders and of the commands setting', async () => {
    const dir = project({
      'blog/commands/publish.mjs': command('publish'),
      'blog/commands/publish.test.mjs': command('never'),
      'tools/extra.mjs': `export const commands = [${command('extra').replace('export default ', '').replace(/;$/, '')}];`,
    });
    await setup({ baseDir: dir, installedApps: ['./blog'], commands: ['./tools/extra.mjs'] });
    expect(apps.getAppConfig('blog').path).toBe(path.join(dir, 'blog'));
    expect(getCommands().has('publish')).toBe(true);
    expect(getCommands().has('extra')).toBe(true);
    expect(getCommands().has('never')).toBe(false);
    let out = '';
    const code = await execute(['publish'], {
      stdout: { write: (t: string) => (out += t) },
      stderr: { write: () => true },
      cwd: dir,
    });
    expect([code, out]).toEqual([0, 'publish!\n']);
  });
});

describe('discoverSettingsModule', () => {
  it('prefers package.json, then the only <folder>/settings.ts', () => {
    const withPkg = project({
      'package.json': JSON.stringify({ stack: { settings: 'conf/s.ts' } }),
    });
    expect(discoverSettingsModule(withPkg)).toBe(path.join(withPkg, 'conf/s.ts'));
    const one = project({ 'site/settings.ts': '', 'node_modules/x/settings.ts': '' });
    expect(discoverSettingsModule(one)).toBe(path.join(one, 'site/settings.ts'));
    const two = project({ 'a/settings.ts': '', 'b/settings.ts': '' });
    expect(discoverSettingsModule(two)).toBeNull();
  });
});
