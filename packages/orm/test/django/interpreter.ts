import type { QNode, QuerySet } from '../../src/index.js';
import {
  Avg,
  Count,
  F,
  FieldError,
  IntegrityError,
  Manager,
  Max,
  Min,
  Model,
  MultipleObjectsReturned,
  ObjectDoesNotExist,
  OrmError,
  Q,
  Sum,
  Value,
  atomic,
  connections,
  type Expression,
} from '../../src/index.js';
import { models } from './models.js';

// Runs the cases of conformance/harvest/orm_cases.py through Stack, in the case language that
// conformance/harvest/orm_interpreter.py runs through Django (see there).

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Spec = [string, ...Json[][]];
type AnyQs = QuerySet<Model, any, any>;

/** One harvested case. */
export interface Case {
  readonly id: string;
  readonly title: string;
  readonly op: 'query' | 'follow' | 'raw' | 'write';
  readonly q?: Spec;
  readonly run?: 'rows' | Json[];
  readonly unordered?: boolean;
  readonly path?: string;
  readonly model?: string;
  readonly sql?: string;
  readonly params?: Json[];
  readonly attrs?: string[];
  readonly steps?: Json[][];
  readonly observe?: Array<[Spec, 'rows' | Json[]]>;
  readonly sqlite: Json;
  readonly postgres: Json;
}

const AGGREGATES = { Count, Sum, Avg, Min, Max } as const;

class Rollback extends Error {}

function isObject(spec: Json): spec is { [key: string]: Json } {
  return typeof spec === 'object' && spec !== null && !Array.isArray(spec);
}

/** A lookup value or an expression. */
export function value(spec: Json): unknown {
  if (Array.isArray(spec)) return spec.map(value);
  if (!isObject(spec)) return spec;
  if ('F' in spec) {
    let expr: Expression = F(spec.F as string);
    for (const [op, arg] of (spec.ops ?? []) as Array<[string, Json]>) {
      const other = value(arg) as Expression | number;
      expr = expr[op as 'add' | 'sub' | 'mul' | 'div'](other);
    }
    if (spec.order !== undefined) {
      const [direction, options] = spec.order as [string, Record<string, boolean>];
      const camel = Object.fromEntries(
        Object.entries(options).map(([k, v]) => [
          k.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()),
          v,
        ]),
      );
      return (expr as ReturnType<typeof F>)[direction as 'asc' | 'desc'](camel);
    }
    return expr;
  }
  if ('agg' in spec) {
    const options: { distinct?: boolean; filter?: QNode } = {};
    if (spec.distinct === true) options.distinct = true;
    if (spec.filter !== undefined) options.filter = qOf(spec.filter);
    const arg = isObject(spec.arg!) ? (value(spec.arg!) as Expression) : (spec.arg as string);
    return AGGREGATES[spec.agg as keyof typeof AGGREGATES](arg, options);
  }
  if ('value' in spec) return Value(spec.value);
  if ('q' in spec) return queryset(spec.q as unknown as Spec);
  if ('date' in spec) return spec.date;
  if ('datetime' in spec) return new Date(spec.datetime as string);
  if ('decimal' in spec) return spec.decimal;
  throw new Error(`unknown value ${JSON.stringify(spec)}`);
}

function kwargsOf(spec: Json): Record<string, unknown> {
  return Object.fromEntries(Object.entries(spec as object).map(([k, v]) => [k, value(v as Json)]));
}

export function qOf(spec: Json): QNode {
  const s = spec as Record<string, Json>;
  if ('Q' in s) return Q(kwargsOf(s.Q!));
  if ('or' in s || 'and' in s) {
    const parts = ((s.or ?? s.and) as Json[]).map(qOf);
    return parts
      .slice(1)
      .reduce((out, part) => ('or' in s ? out.or(part) : out.and(part)), parts[0]!);
  }
  if ('not' in s) return qOf(s.not!).not();
  throw new Error(`unknown Q ${JSON.stringify(spec)}`);
}

function conditions(args: Json[]): Array<Record<string, unknown> | QNode> {
  return args.map((arg) =>
    ['Q', 'or', 'and', 'not'].some((k) => k in (arg as object)) ? qOf(arg) : kwargsOf(arg),
  );
}

const METHODS: Record<string, string> = {
  order_by: 'orderBy',
  values_list: 'valuesList',
  select_related: 'selectRelated',
  prefetch_related: 'prefetchRelated',
};

export function queryset(spec: Spec): AnyQs {
  const model = models[spec[0]]!;
  let qs = (model as unknown as { objects: Manager<Model> }).objects.all() as AnyQs;
  for (const [method, ...args] of spec.slice(1) as Json[][]) {
    const call = qs as unknown as Record<string, (...a: unknown[]) => AnyQs>;
    switch (method) {
      case 'filter':
      case 'exclude':
        qs = call[method]!(...conditions(args));
        break;
      case 'annotate':
        qs = qs.annotate(kwargsOf(args[0]!) as Record<string, Expression>) as AnyQs;
        break;
      case 'order_by':
        qs = call.orderBy!(...args.map(value));
        break;
      case 'slice':
        qs = qs.slice(args[0] as number, args[1] as number);
        break;
      case 'union':
      case 'intersection':
      case 'difference': {
        const options = isObject(args.at(-1)!) ? [args.at(-1)] : [];
        const others = (options.length > 0 ? args.slice(0, -1) : args).map((a) =>
          queryset(a as unknown as Spec),
        );
        qs = call[method]!(...others, ...options);
        break;
      }
      default:
        qs = call[METHODS[method as string] ?? (method as string)]!(...args);
    }
  }
  return qs;
}

function annotationsOf(spec: Spec): string[] {
  return (spec.slice(1) as Json[][]).flatMap(([method, arg]) =>
    method === 'annotate' ? Object.keys(arg as object) : [],
  );
}

/** Stack's answer in the shape of Django's (instances as primary keys). */
export function encode(v: unknown): unknown {
  if (v instanceof Model) return { pk: v.pk };
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(encode);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encode(x)]));
  return v;
}

function row(obj: unknown, names: readonly string[]): unknown {
  if (!(obj instanceof Model)) return encode(obj);
  if (names.length === 0) return obj.pk;
  const out: Record<string, unknown> = { pk: obj.pk };
  for (const name of names) out[name] = encode((obj as unknown as Record<string, unknown>)[name]);
  return out;
}

export function errorOf(error: unknown): { error: string } {
  if (error instanceof ObjectDoesNotExist) return { error: 'DoesNotExist' };
  if (error instanceof MultipleObjectsReturned) return { error: 'MultipleObjectsReturned' };
  if (error instanceof IntegrityError) return { error: 'IntegrityError' };
  if (error instanceof FieldError) return { error: 'FieldError' };
  if (error instanceof OrmError && error.constructor === OrmError)
    return { error: 'DatabaseError' };
  return { error: error instanceof Error ? error.constructor.name : String(error) };
}

async function guarded(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    return await atomic(fn);
  } catch (error) {
    return errorOf(error);
  }
}

async function runQuery(spec: Spec, run: 'rows' | Json[]): Promise<unknown> {
  const qs = queryset(spec);
  const names = annotationsOf(spec);
  if (run === 'rows') return (await qs).map((o) => row(o, names));
  const [kind, ...args] = run;
  switch (kind) {
    case 'count':
      return qs.count();
    case 'len':
      return (await qs).length;
    case 'exists':
      return qs.exists();
    case 'aggregate':
      return encode(await qs.aggregate(kwargsOf(args[0]!) as Record<string, Expression>));
    case 'get':
      return row(await qs.get(...(conditions(args) as never[])), names);
    case 'first':
    case 'last': {
      const obj = await qs[kind]();
      return obj === undefined ? null : row(obj, names);
    }
    case 'latest':
    case 'earliest':
      return row(await qs[kind](...(args as never[])), names);
    case 'at': {
      const obj = await qs.at(args[0] as number);
      return obj === undefined ? null : row(obj, names);
    }
    case 'dates':
    case 'datetimes':
      return encode(
        await (qs as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[kind]!(
          ...args,
        ),
      );
    case 'in_bulk': {
      const found = await qs.inBulk(args[0] as number[]);
      return Object.fromEntries(Object.entries(found).map(([k, v]) => [k, row(v, names)]));
    }
  }
  throw new Error(`unknown run ${JSON.stringify(run)}`);
}

async function follow(obj: unknown, path: string): Promise<unknown> {
  let current = obj;
  for (const part of path.split('.')) {
    if (current === null || current === undefined) return null;
    current = await (current as Record<string, unknown>)[part];
    if (current instanceof Manager) current = await current.all();
  }
  return current;
}

async function countQueries<T>(fn: () => Promise<T>): Promise<[T, number]> {
  let n = 0;
  const stop = connections.get().addQueryListener(() => n++);
  try {
    return [await fn(), n];
  } finally {
    stop();
  }
}

/** Runs one case and returns Stack's answer. */
export async function runCase(c: Case): Promise<unknown> {
  try {
    switch (c.op) {
      case 'query':
        return await guarded(() => runQuery(c.q!, c.run!));
      case 'follow': {
        const [values, queries] = await countQueries(async () => {
          const out: unknown[] = [];
          for (const obj of await queryset(c.q!)) out.push(encode(await follow(obj, c.path!)));
          return out;
        });
        return { values, queries };
      }
      case 'raw': {
        const manager = (models[c.model!] as unknown as { objects: Manager<Model> }).objects;
        const objs = await manager.raw(c.sql!, c.params!.map(value));
        return objs.map((o) =>
          c.attrs!.map((a) => encode((o as unknown as Record<string, unknown>)[a])),
        );
      }
      case 'write':
        return await runWrite(c);
    }
  } catch (error) {
    return errorOf(error);
  }
}

async function runWrite(c: Case): Promise<unknown> {
  const answer: Record<string, unknown> = {};
  try {
    await atomic(async () => {
      answer.steps = [];
      for (const step of c.steps!)
        (answer.steps as unknown[]).push(await guarded(() => runStep(step)));
      answer.observe = [];
      for (const [q, run] of c.observe ?? [])
        (answer.observe as unknown[]).push(await guarded(() => runQuery(q, run)));
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  return answer;
}

function objects(model: Json): Manager<Model> {
  return (models[model as string] as unknown as { objects: Manager<Model> }).objects;
}

async function runStep([kind, ...args]: Json[]): Promise<unknown> {
  switch (kind) {
    case 'create':
      return (await objects(args[0]!).create(kwargsOf(args[1]!) as never)).pk !== null;
    case 'get_or_create':
    case 'update_or_create': {
      const method = kind === 'get_or_create' ? 'getOrCreate' : 'updateOrCreate';
      const [obj, created] = await objects(args[0]!)[method](
        kwargsOf(args[1]!) as never,
        (args[2] === undefined ? {} : kwargsOf(args[2])) as never,
      );
      return [created ? 'new' : obj.pk, created];
    }
    case 'update':
      return queryset(args[0] as unknown as Spec).update(kwargsOf(args[1]!));
    case 'delete': {
      const [total, perModel] = await queryset(args[0] as unknown as Spec).delete();
      const sorted = Object.keys(perModel).sort();
      return [
        total,
        Object.fromEntries(sorted.filter((k) => perModel[k]).map((k) => [k, perModel[k]])),
      ];
    }
    case 'save_expr': {
      const [model, pk, field, expr] = args;
      const obj = await objects(model!).get({ pk } as never);
      (obj as unknown as Record<string, unknown>)[field as string] = value(expr!);
      await obj.save();
      await obj.refreshFromDb();
      return encode((obj as unknown as Record<string, unknown>)[field as string]);
    }
    case 'related_create': {
      const [model, pk, accessor, kw, back] = args;
      const parent = await objects(model!).get({ pk } as never);
      const manager = (parent as unknown as Record<string, Manager<Model>>)[accessor as string]!;
      const child = await manager.create(kwargsOf(kw!) as never);
      const [same, queries] = await countQueries(
        async () => (child as unknown as Record<string, unknown>)[back as string] === parent,
      );
      return [same, queries];
    }
    case 'm2m_add':
    case 'm2m_remove':
    case 'm2m_set':
    case 'm2m_clear': {
      const [model, pk, accessor, ids] = args;
      const parent = await objects(model!).get({ pk } as never);
      const manager = (
        parent as unknown as Record<string, Record<string, (...a: unknown[]) => Promise<void>>>
      )[accessor as string]!;
      if (kind === 'm2m_set') await manager.set!(ids);
      else if (kind === 'm2m_clear') await manager.clear!();
      else await manager[kind.slice(4)]!(...(ids as unknown[]));
      const all = (await (manager as unknown as Manager<Model>).all()) as Model[];
      return all.map((o) => o.pk).sort((a, b) => a - b);
    }
    case 'atomic_fails':
      try {
        await atomic(async () => {
          for (const step of args[0] as Json[][]) await runStep(step);
          throw new Rollback();
        });
      } catch (error) {
        if (!(error instanceof Rollback)) throw error;
        return 'rolled back';
      }
  }
  throw new Error(`unknown step ${JSON.stringify(kind)}`);
}
