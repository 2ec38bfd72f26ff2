import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getStaticfilesStorage, setStaticfilesStorage } from '@stack/contrib-staticfiles';
import { connections } from '@stack/orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChecks } from '../checks.js';
import { execute } from '../cli.js';
import { configure, overrideSettings } from '../settings.js';
import { setup } from '../setup.js';
import { staticPatterns } from '../static-urls.js';
import { getTemplateEngine } from '../template-engine.js';
import { Client } from '../test/client.js';

const dir = mkdtempSync(path.join(tmpdir(), 'stack-staticfiles-'));
const css = 'li { background: url("../img/dot.png"); }\n';

function write(name: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  writeFileSync(path.join(dir, name), text);
}

async function stack(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await execute(argv, {
    stdout: { write: (chunk: string) => void (out += chunk) },
    stderr: { write: (chunk: string) => void (err += chunk) },
    cwd: dir,
  });
  return { code, out, err };
}

const base = {
  secretKey: 'staticfiles-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz',
  baseDir: dir,
  allowedHosts: ['testserver'],
  installedApps: ['@stack/contrib-staticfiles', './polls'],
  databases: { default: { engine: 'sqlite' as const, name: path.join(dir, 'db.sqlite3') } },
  templates: [{ backend: '@stack/templates', appDirs: true }],
  staticUrl: 'static/',
  staticRoot: 'collected',
  staticfilesDirs: ['assets', ['vendor', 'node_modules/lib'] as [string, string]],
  staticfilesStorage: '@stack/contrib-staticfiles:ManifestStaticFilesStorage',
  mediaUrl: '/media/',
  mediaRoot: 'uploads',
};

beforeAll(() => {
  write('polls/static/polls/style.css', css);
  write('polls/static/img/dot.png', 'png');
  write('assets/site.js', 'site()');
  write('node_modules/lib/lib.js', 'lib()');
  write('uploads/photo.txt', 'a photo');
  write('secret.txt', 'SECRET');
});
afterAll(async () => {
  setStaticfilesStorage(null);
  await connections.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

describe('stack collectstatic and findstatic', () => {
  let collected: Awaited<ReturnType<typeof stack>>;
  beforeAll(async () => {
    await setup({ ...base, debug: false, rootUrlconf: [] });
    collected = await stack('collectstatic', '--noinput');
  });

  it('collects the finders’ files with hashed names that {% static %} then names', async () => {
    const { code, out } = collected;
    expect(code).toBe(0);
    expect(out).toContain(
      `4 static files copied to '${path.join(dir, 'collected')}', 4 post-processed.`,
    );
    const manifest = JSON.parse(readFileSync(path.join(dir, 'collected/staticfiles.json'), 'utf8'));
    const hashedCss = manifest.paths['polls/style.css'] as string;
    expect(hashedCss).toMatch(/^polls\/style\.[0-9a-f]{12}\.css$/);
    expect(readFileSync(path.join(dir, 'collected', hashedCss), 'utf8')).toContain(
      `url("../${manifest.paths['img/dot.png']}")`,
    );
    expect(manifest.paths['vendor/lib.js']).toMatch(/^vendor\/lib\.[0-9a-f]{12}\.js$/);

    const html = await getTemplateEngine()
      .fromString(
        "{% load static %}{% static 'polls/style.css' %} {% get_static_prefix %} {% get_media_prefix %}",
      )
      .render({});
    expect(html).toBe(`/static/${hashedCss} /static/ /media/`);
    expect(getStaticfilesStorage()?.url('vendor/lib.js')).toBe(
      `/static/${manifest.paths['vendor/lib.js']}`,
    );
  });

  it('follows overrideSettings: debug names the plain file, another storage is used at once', async () => {
    const render = () =>
      getTemplateEngine().fromString("{% load static %}{% static 'polls/style.css' %}").render({});
    expect(await render()).toMatch(/^\/static\/polls\/style\.[0-9a-f]{12}\.css$/);
    expect(await overrideSettings({ debug: true }, render)).toBe('/static/polls/style.css');
    expect(
      await overrideSettings(
        { staticfilesStorage: '@stack/contrib-staticfiles:StaticFilesStorage', staticUrl: '/s/' },
        render,
      ),
    ).toBe('/s/polls/style.css');
    expect(await render()).toMatch(/^\/static\/polls\/style\.[0-9a-f]{12}\.css$/);
  });

  it('--dry-run, --ignore and --clear reach the collection', async () => {
    const dry = await stack('collectstatic', '--noinput', '--clear', '--dry-run', '-i', '*.js');
    expect(dry.out).toContain('Pretending to delete');
    expect(dry.out).toContain(
      "0 static files copied to '" + path.join(dir, 'collected') + "', 2 unmodified.",
    );
    expect(existsSync(path.join(dir, 'collected/staticfiles.json'))).toBe(true);
  });

  it('--no-post-process copies without hashing; --no-default-ignore keeps dot files', async () => {
    write('assets/.well-known/security.txt', 'contact');
    const { out } = await stack(
      'collectstatic',
      '--noinput',
      '--no-post-process',
      '--no-default-ignore',
      '-v',
      '2',
    );
    expect(out).toContain("Copying '" + path.join(dir, 'assets/.well-known/security.txt') + "'");
    expect(out).not.toContain('post-processed');
    expect(existsSync(path.join(dir, 'collected/.well-known/security.txt'))).toBe(true);
    rmSync(path.join(dir, 'assets/.well-known'), { recursive: true });
  });

  it('findstatic --first prints only the first match', async () => {
    write('assets/polls/style.css', 'shadow');
    const { out } = await stack('findstatic', '--first', 'polls/style.css');
    expect(out).toBe(
      `Found 'polls/style.css' here:\n  ${path.join(dir, 'assets/polls/style.css')}\n`,
    );
    rmSync(path.join(dir, 'assets/polls'), { recursive: true });
  });

  it('findstatic prints where each file comes from', async () => {
    const { out, err } = await stack('findstatic', 'vendor/lib.js', 'nope.css');
    expect(out).toBe(
      `Found 'vendor/lib.js' here:\n  ${path.join(dir, 'node_modules/lib/lib.js')}\n`,
    );
    expect(err).toContain("No matching file found for 'nope.css'.");
  });

  it('nginxconfig prints the project’s static and media folders', async () => {
    const { out } = await stack(
      'nginxconfig',
      '--upstream',
      '127.0.0.1:9000',
      '--server-name',
      'example.com',
    );
    expect(out).toContain('server_name example.com;');
    expect(out).toContain(`location /static/ {\n        alias ${path.join(dir, 'collected')}/;`);
    expect(out).toContain(`alias ${path.join(dir, 'uploads')}/;`);
    expect(out).toContain('server 127.0.0.1:9000;');
  });

  it('refuses to run without contrib-staticfiles installed', async () => {
    // Only for this test: configure() here left the other tests of the block without the app.
    const { code, err } = await overrideSettings({ installedApps: [] }, () =>
      stack('collectstatic', '--noinput'),
    );
    expect(code).toBe(1);
    expect(err).toContain("collectstatic needs '@stack/contrib-staticfiles' in installedApps");
  });
});

describe('staticPatterns (media in development)', () => {
  it('serves mediaRoot under mediaUrl with debug, and never a file outside it', async () => {
    await setup({ ...base, debug: true, rootUrlconf: [] });
    configure({
      ...base,
      debug: true,
      rootUrlconf: staticPatterns('/media/', { documentRoot: 'uploads' }) as never,
    });
    const client = new Client();
    const photo = await client.get('/media/photo.txt');
    expect(photo.status).toBe(200);
    expect(photo.get('Last-Modified')).toMatch(/GMT$/);
    for (const bad of ['/media/../secret.txt', '/media/%2e%2e/secret.txt', '/media//etc/passwd']) {
      const response = await client.get(bad);
      expect(response.status, bad).toBe(404);
    }
  });

  it('gives no pattern without debug, and refuses an empty prefix', async () => {
    configure({ ...base, debug: false, rootUrlconf: [] });
    expect(staticPatterns('/media/', { documentRoot: 'uploads' })).toEqual([]);
    expect(() => staticPatterns('', { documentRoot: 'uploads' })).toThrow(
      'Empty static prefix not permitted',
    );
  });
});

describe('custom finders', () => {
  it('are built from a module of the project with the settings, or used as given', async () => {
    write(
      'finder.mjs',
      `export class PrefixedFinder {
  constructor(settings) { this.file = settings.baseDir + '/secret-free.txt'; }
  find(name, options) { const hit = name === 'custom.txt' ? [this.file] : []; return options?.all ? hit : (hit[0] ?? null); }
  list() { return []; }
}
`,
    );
    write('secret-free.txt', 'custom');
    const object = {
      find: (name: string, options?: { all?: boolean }) =>
        name === 'object.txt'
          ? options?.all
            ? ['/from/object']
            : '/from/object'
          : options?.all
            ? []
            : null,
      list: () => [],
    };
    await setup({
      ...base,
      debug: false,
      rootUrlconf: [],
      staticfilesFinders: ['./finder.mjs:PrefixedFinder', object],
    });
    const { out } = await stack('findstatic', 'custom.txt', 'object.txt');
    expect(out).toContain(`Found 'custom.txt' here:\n  ${path.join(dir, 'secret-free.txt')}\n`);
    expect(out).toContain("Found 'object.txt' here:\n  /from/object\n");
    configure({
      ...base,
      debug: false,
      rootUrlconf: [],
      staticfilesFinders: [{ find: () => null }] as never,
    });
    const broken = await stack('findstatic', 'x.txt');
    expect(broken.err).toContain('staticfilesFinders: an entry has no list() method.');
  });
});

describe('the staticfiles checks and settings', () => {
  it('report Django’s staticfiles errors, and others only when the app is installed', async () => {
    const ids = async (more: Record<string, unknown>) =>
      (await runChecks(configure({ ...base, debug: true, rootUrlconf: [], ...more } as never)))
        .map((m) => m.id)
        .filter((id) => id?.startsWith('staticfiles.'));
    expect(await ids({})).toEqual([]);
    expect(await ids({ staticfilesDirs: ['collected', ['pre/', 'assets']] })).toEqual([
      'staticfiles.E002',
      'staticfiles.E003',
    ]);
    expect(await ids({ staticfilesDirs: 'assets' })).toEqual(['staticfiles.E001']);
    expect(await ids({ staticUrl: null })).toEqual(['staticfiles.E004']);
    expect(await ids({ mediaUrl: 'static/', mediaRoot: 'collected' })).toEqual([
      'staticfiles.E005',
      'staticfiles.E006',
    ]);
    expect(await ids({ installedApps: [], staticUrl: null })).toEqual([]);
  });

  it('builds the storage on first use, so a project without staticUrl still sets up', async () => {
    await setup({ ...base, staticUrl: null, debug: false, rootUrlconf: [] });
    expect(() => getStaticfilesStorage()).toThrow('without having set the required staticUrl');
  });

  it('shows a progress bar on a terminal for a large tree', async () => {
    for (let i = 0; i < 210; i++) write(`many/f${i}.txt`, String(i));
    await setup({
      ...base,
      debug: false,
      rootUrlconf: [],
      staticfilesDirs: ['many'],
      staticRoot: 'collected-many',
      staticfilesStorage: '@stack/contrib-staticfiles:StaticFilesStorage',
    });
    let out = '';
    const tty = { isTTY: true, write: (chunk: string) => void (out += chunk) };
    expect(
      await execute(['collectstatic', '--noinput'], { stdout: tty, stderr: tty, cwd: dir }),
    ).toBe(0);
    expect(out).toContain('Copying static files [');
    expect(out).toContain('212 static files copied'); // and the polls app's two
  });
});
