import type { RenderContext } from './context.js';

/** How a filter is called: value, its argument (if any), autoescape, the render context. */
export type FilterFunction = (
  value: any,
  arg: any,
  autoescape: boolean,
  context: RenderContext,
) => unknown;

/** A registered filter with Django's flags. */
export interface FilterSpec {
  readonly name: string;
  readonly fn: FilterFunction;
  /** Django's `is_safe`: a safe input stays safe when the result is a string. */
  readonly isSafe: boolean;
  /** Whether the filter takes an argument: required, optional or none. */
  readonly arg: 'required' | 'optional' | 'none';
  /**
   * Django's `@stringfilter` with `is_safe`: the value is taken as text, and an object with
   * `__html__` is safe text (Python's `str()` of it is a `SafeString`), so the result stays safe.
   */
  readonly stringFilter: boolean;
}

/** Declares a filter spec. */
export function filterSpec(
  name: string,
  fn: FilterFunction,
  options: {
    isSafe?: boolean;
    arg?: 'required' | 'optional' | 'none';
    stringFilter?: boolean;
  } = {},
): FilterSpec {
  return {
    name,
    fn,
    isSafe: options.isSafe ?? false,
    arg: options.arg ?? (fn.length >= 2 ? 'required' : 'optional'),
    stringFilter: options.stringFilter ?? false,
  };
}
