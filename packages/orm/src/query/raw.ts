import { connections } from '../connections.js';
import { FieldError } from '../errors.js';
import type { Model } from '../model/model.js';
import { HYDRATE, STATE } from '../model/state.js';
import { metaOf } from '../model/registry.js';
import type { AnyModelClass } from '../model/types.js';
import { sessionOf } from './execute.js';

/**
 * The result of `Manager.raw()`: lazy like a QuerySet, awaited or iterated to run.
 *
 * @example
 * ```ts
 * for await (const p of Post.objects.raw('SELECT id, title FROM blog_post WHERE id > %s', [10])) p.title;
 * ```
 */
export class RawQuerySet<M extends Model> implements PromiseLike<M[]>, AsyncIterable<M> {
  private result: Promise<M[]> | undefined;

  constructor(
    readonly model: AnyModelClass,
    readonly rawSql: string,
    readonly params: readonly unknown[],
    readonly db: string | undefined,
  ) {
    const marks = rawSql.split('%s').length - 1;
    if (marks !== params.length)
      throw new FieldError(`raw() has ${marks} %s placeholders but ${params.length} parameters.`);
  }

  /** The SQL as the database receives it. */
  get sql(): string {
    const dialect = connections.get(this.db ?? 'default').dialect;
    let i = 0;
    return this.rawSql.replace(/%s/g, () => dialect.placeholder(i++));
  }

  private async load(): Promise<M[]> {
    const connection = connections.get(this.db ?? 'default');
    const meta = metaOf(this.model);
    const session = await sessionOf(connection);
    const { columns, rows } = await session.allWithColumns(this.sql, this.params);
    const fields = columns.map((c) =>
      meta.concreteFields.find((f) => f.column === c || f.attname === c),
    );
    if (!fields.some((f) => f === meta.pk))
      throw new FieldError('Raw query must include the primary key.');
    return rows.map((row) => {
      const instance = new (meta.model as unknown as new (h: typeof HYDRATE) => M)(HYDRATE);
      instance[STATE].adding = false;
      instance[STATE].db = connection.alias;
      const target = instance as unknown as Record<string, unknown>;
      columns.forEach((column, i) => {
        const field = fields[i];
        const value = row[i];
        if (field === undefined) target[column] = value;
        else
          target[field.attname] =
            value === null || field.fromDb === undefined
              ? value
              : field.fromDb(value, connection.dialect);
      });
      return instance;
    });
  }

  then<T1 = M[], T2 = never>(
    onfulfilled?: ((value: M[]) => T1 | PromiseLike<T1>) | null,
    onrejected?: ((reason: unknown) => T2 | PromiseLike<T2>) | null,
  ): Promise<T1 | T2> {
    this.result ??= this.load();
    return this.result.then(onfulfilled, onrejected);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<M> {
    yield* await this;
  }
}
