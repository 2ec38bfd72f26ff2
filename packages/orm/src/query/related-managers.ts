import { FieldError } from '../errors.js';
import type { ForeignKey, ManyToManyField } from '../fields/related.js';
import type { Model } from '../model/model.js';
import { STATE, isModelInstance } from '../model/state.js';
import type { RelatedObject } from '../model/options.js';
import { metaOf } from '../model/registry.js';
import type { CreateValues } from '../model/types.js';
import { m2mChanged } from '../signals.js';
import { atomic } from '../transaction.js';
import { connections } from '../connections.js';
import { sessionOf } from './execute.js';
import { Manager } from './manager.js';
import { QuerySet } from './queryset.js';
import type { QueryState } from './state.js';

function requireSaved(instance: Model, what: string): void {
  if (instance.pk === null || instance.pk === undefined) {
    throw new FieldError(
      `${instance.constructor.name} instance needs a primary key value before ${what} can be used.`,
    );
  }
}

function pkOf(value: unknown): unknown {
  return isModelInstance(value) ? value.pk : value;
}

/**
 * The reverse side of a ForeignKey: `user.posts` (Django's `RelatedManager`). Its querysets are
 * filtered to the instance; prefetched rows are served without a query.
 *
 * @example
 * ```ts
 * await user.posts.filter({ published: true }); // WHERE "blog_post"."author_id" = ? AND …
 * await user.posts.create({ title: 'Hi' }); // INSERT … ("author_id" = user.pk)
 * ```
 */
export class RelatedManager<C extends Model> extends Manager<C> {
  /** Phantom: lets filter typing see `posts__title` through this relation. */
  declare readonly __reverse: C;
  declare readonly __manager: true;

  constructor(
    readonly instance: Model,
    readonly related: RelatedObject,
  ) {
    super(related.model);
  }

  private get field(): ForeignKey {
    return this.related.field as ForeignKey;
  }

  override getQueryset(): QuerySet<C> {
    requireSaved(this.instance, 'this relationship');
    const base = super.getQueryset();
    // Every row points at the instance: give it to them, so `post.author` needs no query.
    const qs = new (base.constructor as new (s: QueryState) => QuerySet<C>)({
      ...base.filter({ [this.field.attname]: this.instance.pk } as never).state,
      known: { name: this.field.name, instance: this.instance },
    });
    const db = this.instance[STATE].db;
    const scoped = db === undefined ? qs : qs.using(db);
    const cached = this.instance[STATE].cache[this.related.accessorName];
    if (Array.isArray(cached)) scoped.prefetched = cached as C[];
    return scoped;
  }

  /** Creates a related row pointing at the instance (its ForeignKey holds the instance itself). */
  override create(values: CreateValues<C> = {}): Promise<C> {
    requireSaved(this.instance, 'this relationship');
    const db = this.instance[STATE].db;
    const qs = super.getQueryset();
    return (db === undefined ? qs : qs.using(db)).create({
      ...values,
      [this.field.name]: this.instance,
    } as CreateValues<C>);
  }

  /** Points existing objects at the instance (an UPDATE). */
  async add(...objects: C[]): Promise<void> {
    requireSaved(this.instance, 'this relationship');
    const pks = objects.map((o) => o.pk);
    for (const o of objects)
      (o as unknown as Record<string, unknown>)[this.field.attname] = this.instance.pk;
    await new QuerySet<C>(this.related.model)
      .filter({ pk__in: pks } as never)
      .update({ [this.field.attname]: this.instance.pk });
  }

  /** Unlinks objects (the ForeignKey must be nullable). */
  async remove(...objects: C[]): Promise<void> {
    if (!this.field.null)
      throw new FieldError(`${this.related.accessorName}.remove() needs a nullable ForeignKey.`);
    const pks = objects.map((o) => o.pk);
    await this.getQueryset()
      .filter({ pk__in: pks } as never)
      .update({ [this.field.attname]: null });
  }

  /** Unlinks every related object (the ForeignKey must be nullable). */
  async clear(): Promise<void> {
    if (!this.field.null)
      throw new FieldError(`${this.related.accessorName}.clear() needs a nullable ForeignKey.`);
    await this.getQueryset().update({ [this.field.attname]: null });
  }

  /** Makes `objects` exactly the related set. */
  async set(objects: C[]): Promise<void> {
    await atomic(
      async () => {
        if (this.field.null) await this.clear();
        await this.add(...objects);
      },
      { using: this.instance[STATE].db ?? 'default' },
    );
  }
}

/**
 * Either side of a many-to-many relation: `post.tags`, `tag.posts`.
 *
 * @example
 * ```ts
 * await post.tags.add(django, orm); // INSERT INTO "blog_post_tags" ("post_id", "tag_id") VALUES (?, ?)
 * await post.tags.set([orm]);       // removes django
 * await post.tags.all();            // SELECT … FROM "blog_tag" WHERE "blog_tag"."id" IN (SELECT …)
 * ```
 */
export class ManyRelatedManager<T extends Model> extends Manager<T> {
  declare readonly __reverse: T;
  declare readonly __manager: true;

  constructor(
    readonly instance: Model,
    readonly field: ManyToManyField,
    readonly isReverse: boolean,
    private readonly cacheName: string,
  ) {
    super(isReverse ? field.model! : field.target);
  }

  private get ends(): { from: ForeignKey; to: ForeignKey; through: typeof Model } {
    const through = this.field.through;
    if (through === undefined) metaOf(this.field.model!);
    const t = this.field.through!;
    return this.isReverse
      ? { from: t.target, to: t.source, through: t.model as unknown as typeof Model }
      : { from: t.source, to: t.target, through: t.model as unknown as typeof Model };
  }

  private links(): QuerySet<Model> {
    const { from, through } = this.ends;
    return new QuerySet<Model>(through).filter({ [from.attname]: this.instance.pk } as never);
  }

  override getQueryset(): QuerySet<T> {
    requireSaved(this.instance, 'this many-to-many relationship');
    const { to } = this.ends;
    const qs = super
      .getQueryset()
      .filter({ pk__in: this.links().valuesList(to.attname as never, { flat: true }) } as never);
    const cached = this.instance[STATE].cache[this.cacheName];
    if (Array.isArray(cached)) qs.prefetched = cached as T[];
    return qs;
  }

  private get alias(): string {
    return this.instance[STATE].db ?? 'default';
  }

  private async send(
    action: 'pre_add' | 'post_add' | 'pre_remove' | 'post_remove' | 'pre_clear' | 'post_clear',
    pkSet: Set<unknown> | undefined,
  ): Promise<void> {
    const { through } = this.ends;
    if (!m2mChanged.hasListeners(through)) return;
    await m2mChanged.send(through, {
      instance: this.instance,
      action,
      reverse: this.isReverse,
      model: this.model,
      pkSet,
      using: this.alias,
    });
  }

  /** Links objects (or primary keys); existing links are left alone. */
  async add(...objects: Array<T | number | string>): Promise<void> {
    requireSaved(this.instance, 'this many-to-many relationship');
    const { from, to, through } = this.ends;
    delete this.instance[STATE].cache[this.cacheName];
    await atomic(
      async () => {
        const wanted = new Set(objects.map(pkOf));
        const existing = new Set<unknown>(
          (await this.links()
            .filter({ [`${to.attname}__in`]: [...wanted] } as never)
            .valuesList(to.attname as never, { flat: true })) as unknown[],
        );
        const missing = new Set([...wanted].filter((pk) => !existing.has(pk)));
        await this.send('pre_add', missing);
        if (missing.size > 0) {
          const rows = [...missing].map(
            (pk) =>
              new (through as unknown as new (v: object) => Model)({
                [from.attname]: this.instance.pk,
                [to.attname]: pk,
              }),
          );
          await new QuerySet<Model>(through).using(this.alias).bulkCreate(rows);
        }
        await this.send('post_add', missing);
      },
      { using: this.alias },
    );
  }

  /** Unlinks objects (or primary keys). */
  async remove(...objects: Array<T | number | string>): Promise<void> {
    const { to } = this.ends;
    delete this.instance[STATE].cache[this.cacheName];
    await atomic(
      async () => {
        const pks = new Set(objects.map(pkOf));
        await this.send('pre_remove', pks);
        await this.deleteLinks(this.links().filter({ [`${to.attname}__in`]: [...pks] } as never));
        await this.send('post_remove', pks);
      },
      { using: this.alias },
    );
  }

  /** Unlinks everything. */
  async clear(): Promise<void> {
    delete this.instance[STATE].cache[this.cacheName];
    await atomic(
      async () => {
        await this.send('pre_clear', undefined);
        await this.deleteLinks(this.links());
        await this.send('post_clear', undefined);
      },
      { using: this.alias },
    );
  }

  /** Makes `objects` exactly the linked set (removes the others, adds the missing). */
  async set(objects: Array<T | number | string>): Promise<void> {
    const { to } = this.ends;
    await atomic(
      async () => {
        const wanted = new Set(objects.map(pkOf));
        const current = (await this.links().valuesList(to.attname as never, {
          flat: true,
        })) as unknown[];
        const stale = current.filter((pk) => !wanted.has(pk));
        if (stale.length > 0) await this.remove(...(stale as Array<number | string>));
        await this.add(
          ...([...wanted].filter((pk) => !current.includes(pk)) as Array<number | string>),
        );
      },
      { using: this.alias },
    );
  }

  /** Creates a target object and links it. */
  override async create(values: CreateValues<T> = {}): Promise<T> {
    return atomic(
      async () => {
        const created = await super.getQueryset().create(values);
        await this.add(created);
        return created;
      },
      { using: this.alias },
    );
  }

  private async deleteLinks(qs: QuerySet<Model>): Promise<void> {
    const { through } = this.ends;
    const meta = metaOf(through);
    const ids = await qs.valuesList('pk' as never, { flat: true });
    if (ids.length === 0) return;
    const connection = connections.get(this.alias);
    const session = await sessionOf(connection);
    const marks = ids.map((_, i) => connection.dialect.placeholder(i)).join(', ');
    await session.run(`DELETE FROM "${meta.dbTable}" WHERE "${meta.pk.column}" IN (${marks})`, ids);
  }
}
