import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FileField, ImageField } from '../../src/fields/files.js';
import { JSONField } from '../../src/fields/misc.js';
import { CharField } from '../../src/fields/text.js';
import { Q } from '../../src/query/q.js';
import { CheckConstraint } from '../../src/model/options.js';
import { fieldSignature } from '../../src/migrations/deconstruct.js';
import type { Migration } from '../../src/migrations/migration.js';
import { AddField } from '../../src/migrations/operations/fields.js';
import { AddConstraint } from '../../src/migrations/operations/indexes.js';
import { RunCode, RunSQL } from '../../src/migrations/operations/special.js';
import { ProjectState } from '../../src/migrations/state.js';
import { CreateModel } from '../../src/migrations/operations/models.js';
import { renderMigration } from '../../src/migrations/writer.js';
import { tempProject } from './testing/history.js';

const project = tempProject();
afterAll(() => project.cleanup());

async function roundTrip(source: string, name: string): Promise<Migration> {
  const path = join(project.dir, `${name}.ts`);
  writeFileSync(path, source);
  const module = (await import(pathToFileURL(path).href)) as { default: Migration };
  return module.default;
}

describe('renderMigration', () => {
  it('writes hostile strings as inert literals that read back unchanged', async () => {
    const hostile = "'); process.exit(1); ('\n\\ */ ${x} \u2028";
    const op = new AddField({
      modelName: 'Item',
      name: 'label',
      field: new CharField({ maxLength: 10, default: hostile }),
    });
    const source = renderMigration(
      { app: 'shop', dependencies: [], operations: [op] },
      { ormModule: project.ormModule },
    );
    const migration = await roundTrip(source, 'hostile');
    const field = (migration.operations[0] as AddField).field;
    expect(field.options.default).toBe(hostile);
  });

  it('keeps a __proto__ key as data, never as a prototype', async () => {
    const op = new CreateModel({
      name: 'Doc',
      fields: {
        data: new JSONField({ default: JSON.parse('{"__proto__": {"polluted": true}}') as object }),
      },
    });
    const source = renderMigration(
      { app: 'shop', dependencies: [], operations: [op] },
      { ormModule: project.ormModule },
    );
    expect(source).toContain("['__proto__']");
    const migration = await roundTrip(source, 'proto');
    const value = (migration.operations[0] as CreateModel).fields.data!.options.default as object;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads back the same state it wrote', async () => {
    const ops = [
      new CreateModel({
        name: 'Item',
        fields: { name: new CharField({ maxLength: 20, null: true, unique: true }) },
        options: {
          constraints: [
            new CheckConstraint({
              check: Q({ name__startswith: 'a' })
                .or(Q({ name: null }))
                .not(),
              name: 'c',
            }),
          ],
        },
      }),
      new AddConstraint({
        modelName: 'Item',
        constraint: new CheckConstraint({ check: Q({ name__isnull: false }), name: 'd' }),
      }),
      new RunSQL({ sql: ['SELECT 1', "SELECT 'x'"], reverseSql: RunSQL.noop }),
    ];
    const source = renderMigration(
      { app: 'shop', dependencies: [['shop', '0001_initial']], operations: ops },
      { ormModule: project.ormModule },
    );
    const migration = await roundTrip(source, 'same');
    const a = new ProjectState();
    const b = new ProjectState();
    for (const op of ops) op.stateForwards('shop', a);
    migration.app = 'shop';
    migration.mutateState(b);
    const item = (s: ProjectState) => s.model('shop', 'Item');
    expect(fieldSignature(item(b).field('name'), 'shop')).toBe(
      fieldSignature(item(a).field('name'), 'shop'),
    );
    expect(JSON.stringify(item(b).options)).toBe(JSON.stringify(item(a).options));
    expect(migration.dependencies).toEqual([['shop', '0001_initial']]);
  });

  it('writes file fields as Django does: uploadTo and dimensions kept, storage left out', async () => {
    const op = new CreateModel({
      name: 'Photo',
      fields: {
        file: new FileField({ uploadTo: 'docs/%Y/', storage: {} as never }),
        image: new ImageField({
          uploadTo: 'img/',
          widthField: 'w',
          heightField: 'h',
          maxLength: 200,
        }),
      },
    });
    const source = renderMigration(
      { app: 'shop', dependencies: [], operations: [op] },
      { ormModule: project.ormModule },
    );
    expect(source).toContain("file: new FileField({ uploadTo: 'docs/%Y/' })");
    expect(source).not.toContain('storage');
    const migration = await roundTrip(source, 'files');
    const fields = (migration.operations[0] as CreateModel).fields;
    expect(fields.file).toBeInstanceOf(FileField);
    expect(fields.file!.columnType()).toEqual({ kind: 'varchar', maxLength: 100 });
    const image = fields.image as ImageField;
    expect([image.uploadTo, image.widthField, image.heightField]).toEqual(['img/', 'w', 'h']);
    expect(image.columnType()).toEqual({ kind: 'varchar', maxLength: 200 });
  });

  it('imports uploadTo functions that share a name under distinct local names', async () => {
    // Two modules export `uploadTo`, a third a function named like an ORM export it also imports.
    writeFileSync(join(project.dir, 'paths_a.ts'), "export const uploadTo = () => 'a/';\n");
    writeFileSync(join(project.dir, 'paths_b.ts'), "export const uploadTo = () => 'b/';\n");
    writeFileSync(join(project.dir, 'paths_c.ts'), "export const FileField = () => 'c/';\n");
    const where = new Map<unknown, { name: string; module: string }>();
    const load = async (module: string) => {
      const exports = (await import(pathToFileURL(join(project.dir, `${module}.ts`)).href)) as {
        [name: string]: () => string;
      };
      const [name, fn] = Object.entries(exports)[0]!;
      where.set(fn, { name, module: `./${module}.js` });
      return fn;
    };
    const [a, b, c] = [await load('paths_a'), await load('paths_b'), await load('paths_c')];
    const op = new CreateModel({
      name: 'Doc',
      fields: {
        first: new FileField({ uploadTo: a as never }),
        second: new FileField({ uploadTo: b as never }),
        third: new FileField({ uploadTo: c as never }),
        again: new FileField({ uploadTo: a as never }),
      },
    });
    const source = renderMigration(
      { app: 'shop', dependencies: [], operations: [op] },
      { ormModule: project.ormModule, resolveFunction: (fn) => where.get(fn) },
    );
    expect(source).toContain("import { uploadTo } from './paths_a.js';");
    expect(source).toContain("import { uploadTo as uploadTo_2 } from './paths_b.js';");
    expect(source).toContain("import { FileField as FileField_2 } from './paths_c.js';");
    const fields = ((await roundTrip(source, 'same_names')).operations[0] as CreateModel)
      .fields as Record<string, FileField>;
    expect(['first', 'second', 'third', 'again'].map((n) => fields[n]!.uploadTo)).toEqual([
      a,
      b,
      c,
      a,
    ]);
  });

  it('refuses to write a function (RunCode is written by hand)', () => {
    const op = new RunCode({ code: () => undefined });
    expect(() => renderMigration({ app: 'shop', dependencies: [], operations: [op] })).toThrow(
      /Cannot write a function/,
    );
  });
});
