/**
 * What every model instance carries besides its field values, and how lower layers recognise an
 * instance without importing the `Model` class (which sits at the top of the package, above the
 * query layer that builds instances).
 */

/** Instance bookkeeping, under a symbol so it never shows in `toJSON()` or `Object.keys`. */
export const STATE = Symbol('stack.orm.state');

/** Passed to the constructor by the ORM when it builds an instance from a row. @internal */
export const HYDRATE = Symbol('stack.orm.hydrate');

/** The rows one query returned, shared by the instances it built (for the N+1 hint). */
export class ResultSet {
  private loads: Map<string, number> | undefined = undefined;

  /** `size`: how many instances the query built. */
  constructor(readonly size: number) {}

  /**
   * Relations already loaded lazily for some row of this result, by `Model.field` (made on
   * first use: only the debug-mode hint counts them).
   */
  get lazy(): Map<string, number> {
    return (this.loads ??= new Map());
  }
}

/** The bookkeeping every instance carries. */
export interface InstanceState {
  /** True until the instance has been saved or was loaded from the database. */
  adding: boolean;
  /** The database alias it was loaded from or saved to. */
  db: string | undefined;
  /** Loaded related objects by field name, and prefetched lists by accessor (made on first use). */
  readonly cache: Record<string, unknown>;
  /** The query result the instance came from, when it came from one. */
  result: ResultSet | undefined;
}

/** What the query layer needs of an instance: its state and its primary key. */
export interface Instance {
  [STATE]: InstanceState;
  readonly pk: unknown;
}

/**
 * An instance's state. Most instances never load a relation, so the `cache` record is made on
 * first use: a list of rows then builds one object per instance instead of two.
 */
class State implements InstanceState {
  adding = true;
  db: string | undefined = undefined;
  result: ResultSet | undefined = undefined;
  private loaded: Record<string, unknown> | undefined = undefined;

  get cache(): Record<string, unknown> {
    return (this.loaded ??= Object.create(null) as Record<string, unknown>);
  }
}

/** A fresh state (a new, unsaved instance). */
export function newState(): InstanceState {
  return new State();
}

/** Whether `value` is a model instance (of any model). */
export function isModelInstance(value: unknown): value is Instance {
  return typeof value === 'object' && value !== null && STATE in value;
}
