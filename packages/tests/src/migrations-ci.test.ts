import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { run, stackBin as stack, stackEnv as env, testsDir as here } from './support/project.js';

// `makemigrations --check` as CI runs it: the real `stack` binary, in the project's folder.
const hello = fileURLToPath(new URL('../../../apps/hello', import.meta.url));
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('makemigrations --check in CI', () => {
  it('passes for apps/hello: its models and committed migrations agree', async () => {
    const { stdout } = await run(process.execPath, [stack, 'makemigrations', '--check'], {
      cwd: hello,
      env,
    });
    expect(stdout).toContain('No changes detected');
  });
});

describe('a new project from startproject', () => {
  it('migrates at once, as manage.py migrate does on a new Django project', async () => {
    const root = mkdtempSync(path.join(here, '.tmp-newproject-'));
    dirs.push(root);
    await run(process.execPath, [stack, 'startproject', 'newsite'], { cwd: root, env });
    const project = path.join(root, 'newsite');
    const migrated = await run(process.execPath, [stack, 'migrate'], { cwd: project, env });
    expect(migrated.stdout).toContain('Running migrations:');
    expect(existsSync(path.join(project, 'db.sqlite3'))).toBe(true);
    const shown = await run(process.execPath, [stack, 'showmigrations'], { cwd: project, env });
    expect(shown.stderr).toBe('');
    const checked = await run(process.execPath, [stack, 'makemigrations', '--check'], {
      cwd: project,
      env,
    });
    expect(checked.stdout).toContain('No changes detected');
  }, 60_000);

  it("loads migration files importing '@stack/orm' in the binary's own ORM instance", async () => {
    const root = mkdtempSync(path.join(here, '.tmp-ormproject-'));
    dirs.push(root);
    await run(process.execPath, [stack, 'startproject', 'shop'], { cwd: root, env });
    const project = path.join(root, 'shop');
    const pkgFile = path.join(project, 'package.json');
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
    pkg.dependencies['@stack/orm'] = pkg.dependencies['@stack/framework'];
    writeFileSync(pkgFile, JSON.stringify(pkg, null, 2));
    await run(process.execPath, [stack, 'startapp', 'catalog'], { cwd: project, env });
    const settingsFile = path.join(project, 'shop/settings.ts');
    writeFileSync(
      settingsFile,
      readFileSync(settingsFile, 'utf8').replace(
        'installedApps: [',
        "installedApps: ['./catalog', ",
      ),
    );
    writeFileSync(
      path.join(project, 'catalog/models.ts'),
      [
        "import { CharField, defineModel } from '@stack/orm';",
        "export class Item extends defineModel<Item>()('catalog.Item', {",
        '  name: new CharField({ maxLength: 50 }),',
        '}) {}',
        '',
      ].join('\n'),
    );
    await run(process.execPath, [stack, 'makemigrations', '--noinput'], { cwd: project, env });
    const file = readFileSync(path.join(project, 'catalog/migrations/0001_initial.ts'), 'utf8');
    expect(file).toContain("from '@stack/orm'");
    const migrated = await run(process.execPath, [stack, 'migrate'], { cwd: project, env });
    expect(migrated.stdout).toContain('Applying catalog.0001_initial... OK');
    const shown = await run(process.execPath, [stack, 'showmigrations', 'catalog'], {
      cwd: project,
      env,
    });
    expect(shown.stdout).toContain('[X] 0001_initial');
  }, 60_000);
});
