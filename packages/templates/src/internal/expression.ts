import { SafeString, htmlOf, isThenable } from '@stack/utils';
import type { RenderContext } from './context.js';
import type { FilterSpec } from './filter-spec.js';
import { MISSING, type Step } from './lookup.js';

/** A literal or a variable path: Django's `Variable`. */
export interface Operand {
  readonly literal: boolean;
  readonly value: unknown;
  readonly name: string;
  readonly path: readonly string[];
  /** `path` compiled for lookups. */
  readonly steps: readonly Step[];
  readonly source: string;
}

interface AppliedFilter {
  readonly spec: FilterSpec;
  readonly arg: Operand | undefined;
}

/** Thrown (and turned into TemplateSyntaxError by the caller) when an expression is malformed. */
export class ExpressionError extends Error {}

/** Resolves an operand; MISSING when a variable does not exist. */
export function resolveOperand(ctx: RenderContext, operand: Operand): unknown {
  return operand.literal ? operand.value : ctx.resolveVariable(operand.name, operand.steps);
}

/**
 * A variable with filters (Django's `FilterExpression`), compiled once: `resolve` returns the
 * value, or a promise of it when something on the way was a promise or a thenable.
 */
export class FilterExpression {
  constructor(
    readonly source: string,
    readonly head: Operand,
    readonly filters: readonly AppliedFilter[],
  ) {}

  /** The value; with `ignoreFailures` a missing variable is `null` (as in `{% if %}`). */
  resolve(ctx: RenderContext, ignoreFailures = false): unknown {
    const head = this.head;
    return this.resolveFrom(
      ctx,
      head.literal ? head.value : ctx.resolveVariable(head.name, head.steps),
      ignoreFailures,
    );
  }

  /** `resolve`, the head's value (or MISSING, or a promise of either) given. */
  resolveFrom(ctx: RenderContext, headValue: unknown, ignoreFailures: boolean): unknown {
    const value = headValue;
    if (isThenable(value)) {
      return Promise.resolve(value).then((v) => this.afterHead(ctx, v, ignoreFailures));
    }
    if (value === MISSING) return this.afterHead(ctx, value, ignoreFailures);
    if (this.filters.length === 0) return value;
    return this.applyFrom(ctx, value, 0);
  }

  private afterHead(ctx: RenderContext, value: unknown, ignoreFailures: boolean): unknown {
    if (value === MISSING) {
      if (ignoreFailures) value = null;
      else {
        const invalid = ctx.engine.stringIfInvalid;
        if (invalid)
          return invalid.includes('%s') ? invalid.replace('%s', this.head.source) : invalid;
        value = '';
      }
    }
    return this.applyFrom(ctx, value, 0);
  }

  private applyFrom(ctx: RenderContext, input: unknown, from: number): unknown {
    let value = input;
    const filters = this.filters;
    for (let i = from; i < filters.length; i++) {
      if (isThenable(value)) {
        const index = i;
        return Promise.resolve(value).then((v) => this.applyFrom(ctx, v, index));
      }
      const { spec, arg } = filters[i] as AppliedFilter;
      let argValue: unknown;
      if (arg) {
        argValue = arg.literal ? arg.value : ctx.resolveVariable(arg.name, arg.steps);
        if (isThenable(argValue)) {
          const index = i;
          const current = value;
          return Promise.resolve(argValue).then((a) =>
            this.applyFrom(ctx, applyOne(ctx, spec, current, a), index + 1),
          );
        }
      }
      value = applyOne(ctx, spec, value, argValue);
    }
    if (isThenable(value) && !(value instanceof Promise)) return Promise.resolve(value);
    return value;
  }
}

function applyOne(ctx: RenderContext, spec: FilterSpec, value: unknown, arg: unknown): unknown {
  const result = spec.fn(value, arg === MISSING ? null : arg, ctx.autoescape, ctx);
  const safeInput =
    value instanceof SafeString || (spec.stringFilter && htmlOf(value) !== undefined);
  if (spec.isSafe && safeInput && typeof result === 'string') return new SafeString(result);
  return result;
}
