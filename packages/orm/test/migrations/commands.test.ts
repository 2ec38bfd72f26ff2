import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connections } from '../../src/connections.js';
import { FileField, ImageField } from '../../src/fields/files.js';
import { CharField } from '../../src/fields/text.js';
import { IntegerField } from '../../src/fields/numeric.js';
import { CASCADE, ForeignKey, ManyToManyField } from '../../src/fields/related.js';
import { apps as registry } from '../../src/model/registry.js';
import { defineModel } from '../../src/model/model.js';
import type { AnyModelClass } from '../../src/model/types.js';
import { migrate, showmigrations, sqlmigrate } from '../../src/migrations/commands.js';
import { ConflictError, IrreversibleError, MigrationError } from '../../src/migrations/errors.js';
import { makemigrations } from '../../src/migrations/make.js';
import type { MigrationProgress } from '../../src/migrations/executor.js';
import { squashmigrations } from '../../src/migrations/squash.js';
import { type TempProject, rows, tempProject } from './testing/history.js';
import type { AppInfo } from '../../src/migrations/loader.js';

let project: TempProject;
let counter = 0;

beforeEach(async () => {
  project = tempProject();
  await connections.configure({
    default: { engine: 'sqlite', name: join(project.dir, `db${counter++}.sqlite3`) },
  });
});
afterEach(async () => {
  await connections.closeAll();
  project.cleanup();
});
afterAll(async () => {
  await connections.closeAll();
});

function shop(extra: Record<string, object> = {}): AnyModelClass {
  return defineModel()('shop.Item', {
    name: new CharField({ maxLength: 20 }),
    ...extra,
  }) as unknown as AnyModelClass;
}

function apps(...models: AnyModelClass[]): AppInfo[] {
  return [project.app('shop', models)];
}

function writeMigration(app: string, name: string, body: string): void {
  const folder = join(project.dir, app, 'migrations');
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(folder, `${name}.ts`),
    `import * as orm from ${JSON.stringify(project.ormModule)};\nexport default ${body};\n`,
  );
}

const make = (a: AppInfo[], options: Partial<Parameters<typeof makemigrations>[0]> = {}) =>
  makemigrations({ apps: a, ormModule: project.ormModule, ...options });

describe('makemigrations', () => {
  it('reports a difference in check mode without writing anything', async () => {
    const result = await make(apps(shop()), { check: true });
    expect(result.ok).toBe(false);
    expect(result.migrations.map((m) => m.name)).toEqual(['0001_initial']);
    expect(existsSync(join(project.dir, 'shop'))).toBe(false);
  });

  it('passes the check once the files match the models', async () => {
    await make(apps(shop()));
    expect((await make(apps(shop()), { check: true })).ok).toBe(true);
    expect(
      (await make(apps(shop({ price: new IntegerField({ default: 0 }) })), { check: true })).ok,
    ).toBe(false);
  });

  it('prints what it would write in dry-run mode', async () => {
    const lines: string[] = [];
    const result = await make(apps(shop()), { dryRun: true, stdout: (l) => lines.push(l) });
    expect(lines[0]).toBe("Migrations for 'shop':");
    expect(lines).toContain('    + Create model Item');
    expect(existsSync(result.migrations[0]!.path)).toBe(false);
  });

  it('uses the given name and writes empty migrations', async () => {
    await make(apps(shop()), { name: 'start' });
    const empty = await make(apps(shop()), { empty: true, name: 'fill_names' });
    expect(readdirSync(join(project.dir, 'shop', 'migrations')).sort()).toEqual([
      '0001_start.ts',
      '0002_fill_names.ts',
    ]);
    expect(empty.migrations[0]!.source).toContain("dependencies: [['shop', '0001_start']]");
  });

  it('refuses a name that is not letters, digits and underscores', async () => {
    await expect(make(apps(shop()), { name: '../../escape' })).rejects.toThrow(MigrationError);
    await expect(make(apps(shop()), { name: 'x; rm -rf' })).rejects.toThrow(/letters, digits/);
  });

  it('refuses an unknown app label', async () => {
    await expect(make(apps(shop()), { appLabels: ['__proto__'] })).rejects.toThrow(
      /No installed app/,
    );
  });

  it('asks before guessing a rename, and without input removes and adds', async () => {
    const item = (name: string) =>
      defineModel()('shop.Item', {
        [name]: new CharField({ maxLength: 20, default: '' }),
      }) as unknown as AnyModelClass;
    await make(apps(item('name')));
    const questions: string[] = [];
    const title = item('title');
    const dry = await make(apps(title), { dryRun: true, ask: (q) => (questions.push(q), true) });
    expect(questions).toEqual(['Was Item.name renamed to Item.title (a CharField)? [y/N]']);
    expect(dry.migrations[0]!.operations).toEqual(['Rename field name on Item to title']);
    const noinput = await make(apps(title), { dryRun: true });
    expect(noinput.migrations[0]!.operations).toEqual([
      'Remove field name from Item',
      'Add field title to Item',
    ]);
  });

  it('refuses a non-nullable field without a default', async () => {
    await make(apps(shop()));
    await expect(make(apps(shop({ price: new IntegerField() })))).rejects.toThrow(
      /without a default/,
    );
  });

  it('depends on the other app when a relation crosses apps', async () => {
    const Customer = defineModel()('crm.Customer', { name: new CharField({ maxLength: 20 }) });
    const Order = defineModel()('shop.Order', {
      customer: new ForeignKey(() => Customer, { onDelete: CASCADE }),
    }) as unknown as AnyModelClass;
    const all = [
      project.app('shop', [Order]),
      project.app('crm', [Customer as unknown as AnyModelClass]),
    ];
    const result = await make(all);
    const order = result.migrations.find((m) => m.app === 'shop')!;
    expect(order.source).toContain("dependencies: [['crm', '0001_initial']]");
    expect(order.source).toContain(
      "customer: new ForeignKey('crm.Customer', { onDelete: 'CASCADE' })",
    );
    const plan = await migrate({ apps: all, plan: true });
    expect(plan.plan.map((s) => s.migration)).toEqual(['crm.0001_initial', 'shop.0001_initial']);
  });
  it('leaves automatic join models to their many-to-many field', async () => {
    const Tag = defineModel()('shop.Tag', { name: new CharField({ maxLength: 20 }) });
    const Item = shop({ tags: new ManyToManyField(() => Tag) });
    const wanted = ['shop.Tag', 'shop.Item', 'shop.Item_tags'];
    const registered = registry.getModels('shop').filter((m) => wanted.includes(m.label ?? ''));
    expect(registered.map((m) => m.label)).toContain('shop.Item_tags');
    expect(registered).toHaveLength(3);
    const result = await make(apps(...registered), { dryRun: true });
    expect(result.migrations[0]!.operations).toEqual(['Create model Tag', 'Create model Item']);
    void Item;
  });
});

describe('conflicts', () => {
  beforeEach(async () => {
    await make(apps(shop()));
    writeMigration(
      'shop',
      '0002_a',
      "new orm.Migration({ dependencies: [['shop', '0001_initial']], operations: [new orm.AddField({ modelName: 'Item', name: 'a', field: new orm.IntegerField({ null: true }) })] })",
    );
    writeMigration(
      'shop',
      '0002_b',
      "new orm.Migration({ dependencies: [['shop', '0001_initial']], operations: [new orm.AddField({ modelName: 'Item', name: 'b', field: new orm.IntegerField({ null: true }) })] })",
    );
  });

  it('refuses to migrate or make migrations with two leaves', async () => {
    await expect(migrate({ apps: apps(shop()) })).rejects.toThrow(ConflictError);
    await expect(make(apps(shop()))).rejects.toThrow(
      /multiple leaf nodes.*0002_a, 0002_b in shop.*--merge/,
    );
  });

  it('merges the branches so both apply', async () => {
    const merged = await make(apps(shop()), { merge: true });
    expect(merged.migrations[0]!.name).toBe('0003_merge_0002_0002');
    expect(merged.migrations[0]!.source).toContain(
      "dependencies: [['shop', '0002_a'], ['shop', '0002_b']]",
    );
    await migrate({ apps: apps(shop()) });
    expect(await rows('SELECT "a", "b" FROM "shop_item"')).toEqual([]);
  });
});

describe('migrate', () => {
  it('fakes, plans and reports progress', async () => {
    const a = apps(shop());
    await make(a);
    const planned = await migrate({ apps: a, plan: true });
    expect(planned.plan).toEqual([
      { migration: 'shop.0001_initial', backwards: false, operations: ['Create model Item'] },
    ]);
    const events: MigrationProgress[] = [];
    await migrate({ apps: a, fake: true, progress: (e) => events.push(e) });
    expect(events.map((e) => e.action)).toEqual(['applyStart', 'applySuccess']);
    expect(events[0]!.fake).toBe(true);
    await expect(rows('SELECT * FROM "shop_item"')).rejects.toThrow(/no such table/);
    expect((await showmigrations({ apps: a })).shop).toEqual([
      { name: '0001_initial', applied: true },
    ]);
    await migrate({ apps: a, app: 'shop', target: 'zero', fake: true });
    expect((await migrate({ apps: a })).unmigrated).toEqual([]);
    expect(await rows('SELECT COUNT(*) FROM "shop_item"')).toEqual([[0]]);
    const lines: string[] = [];
    const changed = apps(shop({ price: new IntegerField({ null: true }) }));
    expect((await migrate({ apps: changed, stdout: (l) => lines.push(l) })).unmigrated).toEqual([
      'shop',
    ]);
    expect(lines).toContain(
      "  Your models in app(s): 'shop' have changes that are not yet reflected in a migration, and so won't be applied.",
    );
  });

  it('names a missing migration or dependency clearly', async () => {
    const a = apps(shop());
    await make(a);
    await expect(migrate({ apps: a, app: 'shop', target: '0009' })).rejects.toThrow(
      /Cannot find a migration matching '0009'/,
    );
    writeMigration(
      'shop',
      '0002_x',
      "new orm.Migration({ dependencies: [['ghost', '0001_initial']] })",
    );
    await expect(migrate({ apps: a })).rejects.toThrow(
      /depends on ghost.0001_initial, which does not exist/,
    );
  });

  it('refuses a file that does not export a Migration', async () => {
    writeMigration('shop', '0001_bad', '{ operations: [] }');
    await expect(migrate({ apps: apps(shop()) })).rejects.toThrow(
      /must `export default new Migration/,
    );
  });

  it('rolls a failing migration back whole', async () => {
    const a = apps(shop());
    await make(a);
    writeMigration(
      'shop',
      '0002_broken',
      "new orm.Migration({ dependencies: [['shop', '0001_initial']], operations: [new orm.AddField({ modelName: 'Item', name: 'n', field: new orm.IntegerField({ null: true }) }), new orm.RunSQL({ sql: 'NOT SQL' })] })",
    );
    await expect(migrate({ apps: a })).rejects.toThrow(/syntax error/);
    expect(
      (await rows(`SELECT name FROM pragma_table_info('shop_item')`)).map((r) => r[0]),
    ).toEqual(['id', 'name']);
    expect((await showmigrations({ apps: a })).shop!.map((m) => m.applied)).toEqual([true, false]);
  });
});

describe('RunSQL and RunCode', () => {
  it('run forwards and backwards, and refuse to reverse without a reverse', async () => {
    const a = apps(shop());
    await make(a);
    writeMigration(
      'shop',
      '0002_data',
      `new orm.Migration({ dependencies: [['shop', '0001_initial']], operations: [
        new orm.RunSQL({ sql: ["INSERT INTO shop_item (name) VALUES ('sql')"], reverseSql: "DELETE FROM shop_item WHERE name = 'sql'" }),
        new orm.RunCode({
          code: async ({ execute, query }) => { const [[n]] = await query('SELECT COUNT(*) FROM shop_item'); await execute('INSERT INTO shop_item (name) VALUES (?)', ['code' + n]); },
          reverseCode: ({ execute }) => execute("DELETE FROM shop_item WHERE name LIKE 'code%'"),
        }),
      ] })`,
    );
    writeMigration(
      'shop',
      '0003_oneway',
      "new orm.Migration({ dependencies: [['shop', '0002_data']], operations: [new orm.RunSQL({ sql: 'SELECT 1' })] })",
    );
    await migrate({ apps: a });
    expect(await rows('SELECT name FROM shop_item ORDER BY id')).toEqual([['sql'], ['code1']]);
    await expect(migrate({ apps: a, app: 'shop', target: '0001' })).rejects.toThrow(
      IrreversibleError,
    );
    await migrate({ apps: a, app: 'shop', target: '0003', fake: false });
    writeMigration(
      'shop',
      '0004_reversible',
      "new orm.Migration({ dependencies: [['shop', '0003_oneway']], operations: [new orm.RunSQL({ sql: 'SELECT 1', reverseSql: orm.RunSQL.noop })] })",
    );
    await migrate({ apps: a });
    await migrate({ apps: a, app: 'shop', target: '0003' });
    expect(await rows('SELECT COUNT(*) FROM shop_item')).toEqual([[2]]);
  });

  it('collects the statements for sqlmigrate without running them', async () => {
    const a = apps(shop());
    await make(a);
    const sql = await sqlmigrate({ apps: a, app: 'shop', name: '0001_initial' });
    expect(sql).toEqual([
      'BEGIN;',
      'CREATE TABLE "shop_item" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(20) NOT NULL);',
      'COMMIT;',
    ]);
    expect(await sqlmigrate({ apps: a, app: 'shop', name: '0001', backwards: true })).toContain(
      'DROP TABLE "shop_item";',
    );
  });
});

describe('file fields in migrations', () => {
  it('creates varchar(100) columns, and sees no change afterwards (storage aside)', async () => {
    const fields = () => ({
      doc: new FileField({ uploadTo: 'docs/%Y/', storage: {} as never }),
      photo: new ImageField({
        widthField: 'w',
        heightField: 'h',
        blank: true,
      }),
      w: new IntegerField({ null: true }),
      h: new IntegerField({ null: true }),
    });
    const a = apps(shop(fields()));
    const [written] = (await make(a)).migrations;
    expect(written!.source).toContain("doc: new FileField({ uploadTo: 'docs/%Y/' })");
    expect(written!.source).toContain(
      "photo: new ImageField({ heightField: 'h', widthField: 'w' })",
    );
    const sql = await sqlmigrate({ apps: a, app: 'shop', name: '0001_initial' });
    expect(sql[1]).toContain('"doc" varchar(100) NOT NULL, "photo" varchar(100) NOT NULL');
    expect((await make(apps(shop(fields())), { check: true })).ok).toBe(true);
    await migrate({ apps: a });
    expect((await migrate({ apps: a })).unmigrated).toEqual([]);
  });

  // Django's writer serialises a callable upload_to as a reference to the module-level function
  // (`upload_to=shop.models.photo_path`) and refuses one it cannot name (a lambda).
  it('writes an uploadTo function as an import from the app module exporting it', async () => {
    const modelsFile = join(project.dir, 'shop', 'models.ts');
    mkdirSync(join(project.dir, 'shop'), { recursive: true });
    writeFileSync(
      modelsFile,
      'export function photoPath(_: unknown, name: string): string {\n  return `p/${name}`;\n}\n',
    );
    const exports = (await import(pathToFileURL(modelsFile).href)) as Record<string, unknown>;
    const withModule = (model: AnyModelClass): AppInfo[] => [
      { ...project.app('shop', [model]), modules: [{ file: modelsFile, exports }] },
    ];
    const fields = () => ({ photo: new FileField({ uploadTo: exports.photoPath as never }) });
    const a = withModule(shop(fields()));
    const [written] = (await make(a)).migrations;
    expect(written!.source).toContain("import { photoPath } from '../models.js';");
    expect(written!.source).toContain('photo: new FileField({ uploadTo: photoPath })');
    // after the ORM's import, before the migration
    expect(written!.source).toMatch(
      /\n\} from '[^']+';\nimport \{ photoPath \} from '\.\.\/models\.js';\n\nexport default /,
    );
    expect((await make(withModule(shop(fields())), { check: true })).ok).toBe(true);
    await migrate({ apps: a });
    // A pattern instead of the function is a change to record.
    const changed = withModule(shop({ photo: new FileField({ uploadTo: 'p/' }) }));
    expect((await make(changed, { check: true })).migrations[0]!.operations).toEqual([
      'Alter field photo on Item',
    ]);
  });

  it('refuses an uploadTo function no app module exports, naming it', async () => {
    const inline = shop({ photo: new FileField({ uploadTo: (_: never, n: string) => `p/${n}` }) });
    await expect(make(apps(inline))).rejects.toThrow(
      /Cannot write the function 'uploadTo' \(in shop\.Item\) into a migration/,
    );
  });
});

describe('squashmigrations', () => {
  it('replaces a run of migrations with one that databases at either end accept', async () => {
    await make(apps(shop()));
    await make(apps(shop({ price: new IntegerField({ default: 1 }) })));
    await make(apps(shop({ price: new IntegerField({ default: 1, null: true }) })));
    const final = apps(shop({ price: new IntegerField({ default: 1, null: true }) }));
    await migrate({ apps: final, app: 'shop', target: '0002' });
    const squashed = await squashmigrations({
      apps: final,
      app: 'shop',
      to: '0003',
      ormModule: project.ormModule,
    });
    expect(squashed.name).toBe('0001_squashed_0003_alter_item_price');
    expect(squashed.source).toContain("replaces: [\n    ['shop', '0001_initial'],");
    expect(squashed.source).toContain('price: new IntegerField({ default: 1, null: true })');
    expect(squashed.source).not.toContain('AddField');
    // Partly applied: the originals still run.
    await migrate({ apps: final });
    expect((await showmigrations({ apps: final })).shop!.every((m) => m.applied)).toBe(true);
    // A fresh database runs the squashed migration alone.
    await connections.configure({
      default: { engine: 'sqlite', name: join(project.dir, 'fresh.sqlite3') },
    });
    const result = await migrate({ apps: final });
    expect(result.plan.map((s) => s.migration)).toEqual([
      'shop.0001_squashed_0003_alter_item_price',
    ]);
    expect((await rows('SELECT app, name FROM stack_migrations ORDER BY id')).length).toBe(4);
    expect((await make(final, { check: true })).ok).toBe(true);
  });

  it('refuses a hostile name and an unknown migration', async () => {
    const a = apps(shop());
    await make(a);
    await expect(
      squashmigrations({ apps: a, app: 'shop', to: '0001', name: '../../x' }),
    ).rejects.toThrow(/letters, digits/);
    await expect(squashmigrations({ apps: a, app: 'shop', to: '0042' })).rejects.toThrow(
      /Cannot find exactly one migration/,
    );
  });
});
