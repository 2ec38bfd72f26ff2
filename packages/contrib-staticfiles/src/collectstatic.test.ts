import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectstatic, type CollectstaticOptions } from './collectstatic.js';
import { AppDirectoriesFinder, FileSystemFinder, find } from './finders.js';
import { findstatic } from './findstatic.js';
import { StaticFilesStorage } from './storage.js';

let dir: string;
let out: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'stack-collect-'));
  out = path.join(dir, 'collected');
  write('project/static/css/site.css', 'body {}');
  write('project/static/.hidden', 'secret');
  write('project/static/notes.txt~', 'backup');
  write('vendor/jquery.js', 'jq');
  write('polls/static/polls/style.css', 'li {}');
  write('polls/static/css/site.css', 'shadowed by the project');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  writeFileSync(path.join(dir, name), text);
}

function finders() {
  return [
    new FileSystemFinder([path.join(dir, 'project/static'), ['vendor', path.join(dir, 'vendor')]]),
    new AppDirectoriesFinder([{ name: 'polls', path: path.join(dir, 'polls') }]),
  ];
}

function sink() {
  const lines: string[] = [];
  return { write: (t: string) => void lines.push(t), text: () => lines.join('') };
}

async function run(options: Partial<CollectstaticOptions> = {}) {
  const stdout = sink();
  const result = await collectstatic({
    finders: finders(),
    storage: new StaticFilesStorage({ location: out, baseUrl: '/static/' }),
    interactive: false,
    stdout,
    ...options,
  });
  return { result, stdout: stdout.text() };
}

describe('finders', () => {
  it('find the first match in finder order, prefixes included, or all of them', () => {
    expect(find(finders(), 'css/site.css')).toBe(path.join(dir, 'project/static/css/site.css'));
    expect(find(finders(), 'css/site.css', true)).toEqual([
      path.join(dir, 'project/static/css/site.css'),
      path.join(dir, 'polls/static/css/site.css'),
    ]);
    expect(find(finders(), 'vendor/jquery.js')).toBe(path.join(dir, 'vendor/jquery.js'));
    expect(find(finders(), 'jquery.js')).toBeNull();
    expect(find(finders(), 'polls/style.css')).toBe(path.join(dir, 'polls/static/polls/style.css'));
  });

  it('never find a name outside their roots', () => {
    for (const name of ['../vendor/jquery.js', '/etc/passwd', 'css/../../vendor/jquery.js', 'a\0b'])
      expect(find(finders(), name), name).toBeNull();
  });

  it('accept a custom finder with find() and list()', async () => {
    const custom = {
      find: (name: string, options?: { all?: boolean }) =>
        name === 'custom.txt' ? (options?.all ? ['/x'] : '/x') : options?.all ? [] : null,
      list: () => [],
    };
    expect(find([custom as never, ...finders()], 'custom.txt')).toBe('/x');
  });

  it('report a prefix with a trailing slash and staticRoot among the folders', () => {
    const finder = new FileSystemFinder([out, ['p/', dir]], { staticRoot: out });
    expect(finder.check().join(' ')).toMatch(/should not contain the staticRoot/);
  });
});

describe('collectstatic', () => {
  it('copies every found file once, prefixes applied, default ignores skipped', async () => {
    const { result, stdout } = await run();
    expect(result.modified.sort()).toEqual(['css/site.css', 'polls/style.css', 'vendor/jquery.js']);
    expect(readFileSync(path.join(out, 'css/site.css'), 'utf8')).toBe('body {}');
    expect(existsSync(path.join(out, '.hidden'))).toBe(false);
    expect(existsSync(path.join(out, 'notes.txt~'))).toBe(false);
    expect(stdout).toContain(`\n3 static files copied to '${out}'.`);
  });

  it('skips unmodified files on a second run', async () => {
    await run();
    const { stdout } = await run();
    expect(stdout).toContain('0 static files copied');
    expect(stdout).toContain('3 unmodified');
  });

  it('recopies a source that changed since', async () => {
    await run();
    const later = new Date(Date.now() + 10_000);
    utimesSync(path.join(dir, 'vendor/jquery.js'), later, later);
    const { result } = await run();
    expect(result.modified).toEqual(['vendor/jquery.js']);
  });

  it('neither finds nor collects a symbolic link that points out of its folder', async () => {
    writeFileSync(path.join(dir, 'secret.txt'), 'SECRET');
    symlinkSync(path.join(dir, 'secret.txt'), path.join(dir, 'project/static/out.txt'));
    symlinkSync(path.join(dir, 'vendor'), path.join(dir, 'project/static/linked-dir'));
    expect(find(finders(), 'out.txt')).toBeNull();
    expect(find(finders(), 'linked-dir/jquery.js')).toBeNull();
    const { result } = await run();
    expect(result.modified.sort()).toEqual(['css/site.css', 'polls/style.css', 'vendor/jquery.js']);
  });

  it('--ignore skips matching files and folders', async () => {
    const { result } = await run({ ignorePatterns: ['polls', '*.js'] });
    expect(result.modified).toEqual(['css/site.css']);
  });

  it('--dry-run writes nothing', async () => {
    const { result, stdout } = await run({ dryRun: true });
    expect(result.modified).toHaveLength(3);
    expect(existsSync(out)).toBe(false);
    expect(stdout).toContain('Pretending to copy');
  });

  it('--clear deletes what was collected before', async () => {
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'stale.css'), 'old');
    const { stdout } = await run({ clear: true });
    expect(existsSync(path.join(out, 'stale.css'))).toBe(false);
    expect(stdout).toContain("Deleting 'stale.css'");
  });

  it('--link makes symbolic links to the sources, and a copy replaces them later', async () => {
    const { stdout } = await run({ link: true });
    expect(lstatSync(path.join(out, 'css/site.css')).isSymbolicLink()).toBe(true);
    expect(stdout).toContain('3 static files symlinked');
    await run();
    expect(lstatSync(path.join(out, 'css/site.css')).isSymbolicLink()).toBe(false);
    // Replacing the link never wrote through it into the source.
    expect(readFileSync(path.join(dir, 'project/static/css/site.css'), 'utf8')).toBe('body {}');
  });

  it('asks before overwriting, and stops unless the answer is yes', async () => {
    await run();
    let asked = '';
    await expect(
      run({ interactive: true, confirm: async (q) => ((asked = q), 'no') }),
    ).rejects.toThrow('Collecting static files cancelled.');
    expect(asked).toContain('This will overwrite existing files!');
    await run({ interactive: true, clear: true, confirm: async (q) => ((asked = q), 'yes') });
    expect(asked).toContain('This will DELETE ALL FILES in this location!');
  });

  it('reports progress for each file', async () => {
    const seen: string[] = [];
    await run({
      progress: {
        start: (total) => void seen.push(`start ${total}`),
        tick: (name) => void seen.push(name),
        done: () => void seen.push('done'),
      },
    });
    expect(seen[0]).toBe('start 4');
    expect(seen.at(-1)).toBe('done');
  });

  it('without staticRoot, fails with a clear message', async () => {
    await expect(
      run({ storage: new StaticFilesStorage({ location: null, baseUrl: '/static/' }) }),
    ).rejects.toThrow('without having set the staticRoot setting');
  });
});

describe('findstatic', () => {
  it('prints every match, or only the first, or says none was found', () => {
    const stdout = sink();
    const stderr = sink();
    findstatic(['css/site.css', 'nope.css'], { finders: finders(), stdout, stderr });
    expect(stdout.text()).toBe(
      `Found 'css/site.css' here:\n  ${path.join(dir, 'project/static/css/site.css')}\n  ${path.join(dir, 'polls/static/css/site.css')}\n`,
    );
    expect(stderr.text()).toBe("No matching file found for 'nope.css'.\n");
    const first = sink();
    findstatic(['css/site.css'], { finders: finders(), first: true, stdout: first, verbosity: 0 });
    expect(first.text()).toBe(`${path.join(dir, 'project/static/css/site.css')}\n`);
  });

  it('lists the folders searched at verbosity 2, and prints real paths', () => {
    symlinkSync(path.join(dir, 'vendor/jquery.js'), path.join(dir, 'vendor/jq.js'));
    const stdout = sink();
    const stderr = sink();
    findstatic(['vendor/jq.js', 'nope.css'], { finders: finders(), stdout, stderr, verbosity: 2 });
    const searched =
      '\nLooking in the following locations:\n' +
      [path.join(dir, 'project/static'), path.join(dir, 'vendor'), path.join(dir, 'polls/static')]
        .map((l) => `  ${l}`)
        .join('\n');
    expect(stdout.text()).toBe(
      `Found 'vendor/jq.js' here:\n  ${path.join(dir, 'vendor/jquery.js')}${searched}\n`,
    );
    expect(stderr.text()).toBe(`No matching file found for 'nope.css'.\n${searched}\n`);
  });

  // Django lists the folders the search went through: with --first, it stops at the match.
  // Same layout as a Django 3.2.25 project whose `findstatic -v 2 --first` printed these.
  it.each([
    ['css/site.css', ['project/static']],
    ['vendor/jquery.js', ['project/static', 'vendor']],
    ['polls/style.css', ['project/static', 'vendor', 'polls/static']],
  ])(
    'with --first at verbosity 2, lists the folders searched until %s was found',
    (name, folders) => {
      const stdout = sink();
      findstatic([name], { finders: finders(), first: true, stdout, verbosity: 2 });
      const searched = folders.map((f) => `  ${path.join(dir, f)}`).join('\n');
      expect(stdout.text()).toContain(`\nLooking in the following locations:\n${searched}\n`);
      expect(stdout.text().endsWith(`${searched}\n`)).toBe(true);
    },
  );

  it('with --first, lists every folder when nothing is found, each once', () => {
    const stderr = sink();
    const twice = [...finders(), new FileSystemFinder([path.join(dir, 'vendor')])];
    findstatic(['nope.css'], { finders: twice, first: true, stderr, verbosity: 2 });
    expect(stderr.text()).toBe(
      "No matching file found for 'nope.css'.\n\nLooking in the following locations:\n" +
        ['project/static', 'vendor', 'polls/static']
          .map((f) => `  ${path.join(dir, f)}`)
          .join('\n') +
        '\n',
    );
  });
});
