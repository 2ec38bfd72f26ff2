import type { Context } from 'liquidjs';
import { callMember, isMissing, lookupIn, resolvePath, type Step } from './lookup.js';
import type { BlockContext } from './block-context.js';
import type { EngineCore } from './engine-core.js';

const hasOwn = Object.prototype.hasOwnProperty;

// The tags are liquidjs tags, whose signatures name liquidjs's `Context`; nothing renders through
// liquidjs itself, so its constructor (a scope made with Object.create(null), two limiters and a
// clock read per render) is never needed: the render context only claims the type.
const ContextType = class {} as unknown as typeof Context;

/**
 * The render-time context: a stack of dicts (Django's `Context`), typed as liquidjs's
 * `Context`, plus the render state tags keep (cycles, blocks, autoescape).
 */
export class RenderContext extends ContextType {
  readonly dicts: Record<string, unknown>[];
  autoescape: boolean;
  /** The zone dates are shown in here (`{% timezone %}` changes it for its body). */
  timeZone: string;
  blockContext: BlockContext | undefined;
  /** The map behind `renderState`, made on first use (most pages have no stateful tag). */
  private state: Map<unknown, unknown> | undefined = undefined;
  /** How deep includes and inclusion tags are nested. */
  includeDepth = 0;
  /** Identifies the chain of include tags being rendered (undefined at the top level). */
  includeSite: object | undefined = undefined;

  constructor(
    readonly engine: EngineCore,
    base: Record<string, unknown>,
    readonly request: unknown = undefined,
  ) {
    super();
    this.dicts = [base];
    this.autoescape = engine.autoescape;
    this.timeZone = engine.timeZone;
  }

  /**
   * Per-template-render state of stateful tags (cycle, ifchanged, the extends chain), keyed by
   * node: each included template starts afresh, as Django's `render_context.push_state`.
   */
  get renderState(): Map<unknown, unknown> {
    return (this.state ??= new Map());
  }

  set renderState(state: Map<unknown, unknown>) {
    this.state = state;
  }

  /** Pushes a new scope (Django's `context.push()`). */
  pushScope(scope: Record<string, unknown>): void {
    this.dicts.push(scope);
  }

  popScope(): void {
    this.dicts.pop();
  }

  /** Sets a name in the innermost scope (Django's `context[name] = value`). */
  set(name: string, value: unknown): void {
    (this.dicts[this.dicts.length - 1] as Record<string, unknown>)[name] = value;
  }

  /** Sets a name where it is already bound, else in the innermost scope (`set_upward`). */
  setUpward(name: string, value: unknown): void {
    const dicts = this.dicts;
    for (let i = dicts.length - 1; i >= 0; i--) {
      const scope = dicts[i] as Record<string, unknown>;
      if (hasOwn.call(scope, name)) {
        scope[name] = value;
        return;
      }
    }
    this.set(name, value);
  }

  /** The raw value bound to a top-level name, or MISSING. */
  lookupName(name: string): unknown {
    return lookupIn(this.dicts, name);
  }

  /** Resolves `name.a.b` (may return a promise when a thenable was awaited on the way). */
  resolveVariable(name: string, steps: readonly Step[]): unknown {
    return this.resolveRead(lookupIn(this.dicts, name), steps);
  }

  /** `resolveVariable` with the name's value (or MISSING) already read. */
  resolveRead(head: unknown, steps: readonly Step[]): unknown {
    let value = head;
    if (typeof value === 'function')
      value = callMember(value as (...args: never[]) => unknown, undefined);
    // MISSING, from the name or the call, is returned as it is.
    if (steps.length === 0 || isMissing(value)) return value;
    return resolvePath(value, steps, 0);
  }

  /** A fresh context sharing engine, autoescape and render state (Django's `context.new()`). */
  isolated(scope: Record<string, unknown>): RenderContext {
    const child = Object.create(RenderContext.prototype) as RenderContext;
    // The child shares the render state: made now, so the state it starts is ours too.
    void this.renderState;
    Object.assign(child, this);
    (child as { dicts: Record<string, unknown>[] }).dicts = [scope];
    child.blockContext = undefined;
    return child;
  }

  /** Flattens the scopes into one object (Django's `context.flatten()`). */
  flatten(): Record<string, unknown> {
    const flat: Record<string, unknown> = {};
    for (const scope of this.dicts) Object.assign(flat, scope);
    return flat;
  }
}
