import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, TemplateDoesNotExist, TemplateSyntaxError } from './index.js';

let root: string;
let dirA: string;
let dirB: string;
let app: string;

function write(dir: string, name: string, source: string): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, source);
  return path;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'stack-templates-'));
  dirA = join(root, 'a');
  dirB = join(root, 'b');
  app = join(root, 'shop');
  write(dirA, 'page.html', 'A page');
  write(dirB, 'page.html', 'B page');
  write(dirB, 'only-b.html', 'only in B');
  write(join(app, 'templates'), 'shop/item.html', 'item {{ name }}');
  write(root, 'secret.txt', 'TOP SECRET');
  write(dirA, 'base.html', '<{% block a %}base-a{% endblock %}|{% block b %}base-b{% endblock %}>');
  write(
    dirA,
    'middle.html',
    '{% extends "base.html" %}{% block a %}middle-a[{{ block.super }}]{% endblock %}',
  );
  write(
    dirA,
    'child.html',
    'ignored{% extends "middle.html" %}ignored{% block a %}child-a[{{ block.super }}]{% endblock %}{% block b %}{{ block.super }}+child-b{% endblock %}',
  );
  write(dirA, 'loop1.html', '{% extends "loop2.html" %}');
  write(dirA, 'loop2.html', '{% extends "loop1.html" %}');
  write(dirA, 'self-include.html', 'x{% include "self-include.html" %}');
  write(dirA, 'inc.html', '[{{ who }}|{{ extra }}]');
  write(dirA, 'bad.html', 'one\ntwo\n{% for %}\nfour');
  write(dirA, 'escape.html', '{% include "../secret.txt" %}');
  write(dirA, 'dyn.html', '{% extends parent %}{% block a %}dyn{% endblock %}');
  write(
    dirA,
    'nested-blocks.html',
    '{% extends "base.html" %}{% block a %}{% if x %}{% block inner %}{% endblock %}{% endif %}{% endblock %}',
  );
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the loaders', () => {
  it('search dirs in order, then each app templates/ folder', async () => {
    const engine = new Engine({ dirs: [dirA, dirB], appDirs: [app] });
    expect(await engine.getTemplate('page.html').render()).toBe('A page');
    expect(await engine.getTemplate('only-b.html').render()).toBe('only in B');
    expect(await engine.getTemplate('shop/item.html').render({ name: 'hat' })).toBe('item hat');
  });

  it('throw TemplateDoesNotExist listing every path tried', () => {
    const engine = new Engine({ dirs: [dirA, dirB], appDirs: [app] });
    try {
      engine.getTemplate('nope.html');
      expect.unreachable();
    } catch (error) {
      const e = error as TemplateDoesNotExist;
      expect(e).toBeInstanceOf(TemplateDoesNotExist);
      expect(e.tried).toEqual([
        `${join(dirA, 'nope.html')} (Source does not exist)`,
        `${join(dirB, 'nope.html')} (Source does not exist)`,
        `${join(app, 'templates', 'nope.html')} (Source does not exist)`,
      ]);
      expect(e.message).toContain(join(dirB, 'nope.html'));
    }
  });

  it('refuse names escaping the template directories: ../, absolute paths, NUL bytes', async () => {
    const engine = new Engine({ dirs: [dirA] });
    for (const name of [
      '../secret.txt',
      'sub/../../secret.txt',
      join(root, 'secret.txt'),
      '/etc/passwd',
      'page.html\0.txt',
      '..\\secret.txt',
      'C:\\x',
      '',
    ]) {
      expect(() => engine.getTemplate(name), JSON.stringify(name)).toThrow(TemplateDoesNotExist);
    }
    // As Django: a relative include that leaves the template's folder does not compile.
    expect(() => engine.getTemplate('escape.html')).toThrow(/points outside the file hierarchy/);
    await expect(
      engine.fromString('{% include name %}').render({ name: '../secret.txt' }),
    ).rejects.toThrow(TemplateDoesNotExist);
    await expect(
      engine.fromString('{% extends name %}').render({ name: '/etc/passwd' }),
    ).rejects.toThrow(TemplateDoesNotExist);
  });

  it('selectTemplate returns the first template found', async () => {
    const engine = new Engine({ dirs: [dirA, dirB] });
    expect(await engine.selectTemplate(['missing.html', 'only-b.html']).render()).toBe('only in B');
    expect(() => engine.selectTemplate(['x.html', 'y.html'])).toThrow(TemplateDoesNotExist);
  });

  it('cache compiled templates, and recompile a changed file only with debug', async () => {
    const dir = join(root, 'changing');
    const path = write(dir, 't.html', 'one');
    const cached = new Engine({ dirs: [dir] });
    const debug = new Engine({ dirs: [dir], debug: true });
    expect(await cached.getTemplate('t.html').render()).toBe('one');
    expect(await debug.getTemplate('t.html').render()).toBe('one');
    expect(cached.getTemplate('t.html').compiled).toBe(cached.getTemplate('t.html').compiled);
    writeFileSync(path, 'two');
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    expect(await cached.getTemplate('t.html').render()).toBe('one');
    expect(await debug.getTemplate('t.html').render()).toBe('two');
  });

  it('report syntax errors with the template name, line and excerpt', () => {
    const engine = new Engine({ dirs: [dirA] });
    try {
      engine.getTemplate('bad.html');
      expect.unreachable();
    } catch (error) {
      const e = error as TemplateSyntaxError;
      expect(e).toBeInstanceOf(TemplateSyntaxError);
      expect(e.file).toBe('bad.html');
      expect(e.line).toBe(3);
      expect(e.excerpt).toBe('   1 | one\n   2 | two\n>> 3 | {% for %}\n   4 | four');
    }
  });
});

describe('inheritance and inclusion', () => {
  let engine: Engine;
  beforeAll(() => {
    engine = new Engine({ dirs: [dirA] });
  });

  it('chains blocks and block.super through several levels, dropping text after extends outside blocks', async () => {
    expect(await engine.getTemplate('child.html').render()).toBe(
      'ignored<child-a[middle-a[base-a]]|base-b+child-b>',
    );
    expect(await engine.getTemplate('middle.html').render()).toBe('<middle-a[base-a]|base-b>');
  });

  it('extends a template named by a variable', async () => {
    expect(await engine.getTemplate('dyn.html').render({ parent: 'base.html' })).toBe(
      '<dyn|base-b>',
    );
  });

  it('refuses extends loops and runaway include recursion', async () => {
    await expect(engine.getTemplate('loop1.html').render()).rejects.toThrow(
      /extends loop: loop1.html -> loop2.html -> loop1.html/,
    );
    await expect(engine.getTemplate('self-include.html').render()).rejects.toThrow(
      /include nested more than 64 deep/,
    );
  });

  it('refuses a misplaced or repeated extends and duplicate blocks', () => {
    expect(() => engine.fromString('{% if x %}{% endif %}{% extends "base.html" %}')).toThrow(
      /must be the first tag/,
    );
    expect(() => engine.fromString('{% extends "base.html" %}{% extends "base.html" %}')).toThrow(
      /more than once/,
    );
    expect(() =>
      engine.fromString('{% block a %}{% endblock %}{% block a %}{% endblock %}'),
    ).toThrow(/appears more than once/);
    expect(() => engine.fromString('{% block a %}{% endblock b %}')).toThrow(/endblock/);
  });

  it('includes with the current context, extra values, or only the extra values', async () => {
    const ctx = { who: 'ann', extra: 'e' };
    expect(await engine.fromString('{% include "inc.html" %}').render(ctx)).toBe('[ann|e]');
    expect(
      await engine.fromString('{% include "inc.html" with who="bob" %}{{ who }}').render(ctx),
    ).toBe('[bob|e]ann');
    expect(
      await engine.fromString('{% include "inc.html" with who=who|upper only %}').render(ctx),
    ).toBe('[ANN|]');
    expect(
      await engine
        .fromString('{% include t %}')
        .render({ t: engine.getTemplate('inc.html'), who: 'x' }),
    ).toBe('[x|]');
  });

  it('an included template gets its own blocks', async () => {
    expect(
      await engine
        .fromString(
          '{% extends "base.html" %}{% block a %}{% include "middle.html" %}{% endblock %}',
        )
        .render(),
    ).toBe('<<middle-a[base-a]|base-b>|base-b>');
  });
});

describe('the in-memory loader', () => {
  it('serves templates from the templates option before the directories', async () => {
    const engine = new Engine({
      dirs: [dirA],
      templates: {
        'page.html': 'memory page',
        'mail/base.txt': 'Hi {% block body %}{% endblock %}',
      },
    });
    expect(await engine.getTemplate('page.html').render()).toBe('memory page');
    expect(
      await engine
        .fromString('{% extends "mail/base.txt" %}{% block body %}{{ n }}{% endblock %}')
        .render({ n: 'ann' }),
    ).toBe('Hi ann');
    expect(() => engine.getTemplate('../page.html')).toThrow(TemplateDoesNotExist);
  });
});
