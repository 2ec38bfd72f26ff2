import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CharField, TextField } from '../../../src/fields/text.js';
import { IntegerField } from '../../../src/fields/numeric.js';
import { ForeignKey, ManyToManyField, SET_NULL } from '../../../src/fields/related.js';
import { CheckConstraint, Index } from '../../../src/model/options.js';
import { defineModel } from '../../../src/model/model.js';
import type { AnyModelClass } from '../../../src/model/types.js';
import { Q } from '../../../src/query/q.js';
import { connections } from '../../../src/connections.js';
import type { AppInfo } from '../../../src/migrations/loader.js';

/** A temporary project: app folders, and a module the generated files import the ORM from. */
export interface TempProject {
  readonly dir: string;
  readonly ormModule: string;
  /**
   * The same module as generated migrations import it: relative from `<app>/migrations/`, so
   * what the writer prints (and wraps at its width) never depends on where the temp folder is.
   */
  readonly ormImport: string;
  app(label: string, models: readonly AnyModelClass[]): AppInfo;
  cleanup(): void;
}

/** Creates a temp dir with `orm.ts` re-exporting the ORM and its migrations from source. */
export function tempProject(prefix = 'stack-migrations-'): TempProject {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const src = resolve(import.meta.dirname, '..', '..', '..', 'src');
  const ormModule = join(dir, 'orm.ts');
  writeFileSync(
    ormModule,
    `export * from ${JSON.stringify(join(src, 'index.ts'))};\nexport * from ${JSON.stringify(join(src, 'migrations', 'index.ts'))};\n`,
  );
  return {
    dir,
    ormModule,
    ormImport: '../../orm.ts',
    app: (label, models) => ({ label, models, migrationsPath: join(dir, label, 'migrations') }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Rows of a query on the default connection. */
export async function rows(sql: string): Promise<unknown[][]> {
  return connections.get('default').session.all(sql, []);
}

/** Runs statements on the default connection. */
export async function exec(...sql: string[]): Promise<void> {
  for (const s of sql) await connections.get('default').session.exec(s);
}

/** The ten model histories: step N returns the models as they are after change N. */
export function historyStep(step: number): { blog: AnyModelClass[]; tags: AnyModelClass[] } {
  const tags: AnyModelClass[] = [];
  let Tag: AnyModelClass | undefined;
  if (step >= 6) {
    Tag = defineModel()('tags.Tag', {
      name: new CharField({ maxLength: 30 }),
    }) as unknown as AnyModelClass;
    tags.push(Tag);
  }
  const authorName = step >= 7 ? 'Writer' : 'Author';
  const Author = defineModel()(`blog.${authorName}`, {
    name: new CharField({ maxLength: 50 }),
  }) as unknown as AnyModelClass;
  const title = step >= 3 ? 'headline' : 'title';
  const fields: Record<string, object> = { [title]: new CharField({ maxLength: 100 }) };
  if (step < 9) fields.body = new TextField({ default: '' });
  if (step >= 2) fields.views = new IntegerField({ default: 0, ...(step >= 4 && { null: true }) });
  if (step >= 5) fields.author = new ForeignKey(() => Author, { onDelete: SET_NULL, null: true });
  if (step >= 6) fields.tags = new ManyToManyField(() => Tag!);
  const Post = defineModel()(
    'blog.Post',
    fields,
    step >= 8
      ? {
          indexes: [new Index({ fields: ['headline'], name: 'post_headline_idx' })],
          constraints: [new CheckConstraint({ check: Q({ views__gte: 0 }), name: 'views_gte_0' })],
        }
      : {},
  ) as unknown as AnyModelClass;
  const blog = [Author, Post];
  if (step < 10)
    blog.push(defineModel()('blog.Draft', { note: new TextField() }) as unknown as AnyModelClass);
  return { blog, tags };
}
