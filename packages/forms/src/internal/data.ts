/**
 * Reading submitted values from whatever holds them: a `QueryDict`/`FileDict` (anything with
 * `get` and `getlist`), a `URLSearchParams`, a `Map`, or a plain object such as a parsed JSON
 * body. Only a key the source itself holds is found, never one from a prototype.
 */

/** A multi-valued source (Django's `MultiValueDict`: `QueryDict`, `FileDict`). */
export interface MultiValueSource {
  get(key: string): unknown;
  getlist(key: string): unknown[];
  has(key: string): boolean;
}

/** What a form's `data` and `files` may be. */
export type FormInput =
  | MultiValueSource
  | URLSearchParams
  | ReadonlyMap<string, unknown>
  | Readonly<Record<string, unknown>>;

function isMultiValue(data: object): data is MultiValueSource {
  return (
    typeof (data as MultiValueSource).getlist === 'function' &&
    typeof (data as MultiValueSource).get === 'function'
  );
}

/** `data.get(name)`: the (last) value, or `undefined` when absent. */
export function dataGet(data: FormInput, name: string): unknown {
  if (data instanceof URLSearchParams) return data.get(name) ?? undefined;
  if (data instanceof Map) return data.get(name);
  if (isMultiValue(data)) return data.get(name) ?? undefined;
  return Object.prototype.hasOwnProperty.call(data, name)
    ? (data as Record<string, unknown>)[name]
    : undefined;
}

/**
 * `data.getlist(name)` where the source is multi-valued; otherwise `data.get(name)` as it is
 * (Django's fallback), so a plain object's array comes back whole.
 */
export function dataGetList(data: FormInput, name: string): unknown {
  if (data instanceof URLSearchParams) return data.getAll(name);
  if (data instanceof Map) return data.get(name);
  if (isMultiValue(data)) return data.getlist(name);
  return dataGet(data, name);
}

/** `name in data`. */
export function dataHas(data: FormInput, name: string): boolean {
  if (data instanceof URLSearchParams || data instanceof Map || isMultiValue(data))
    return data.has(name);
  return Object.prototype.hasOwnProperty.call(data, name);
}

/** An empty source, for an unbound form. */
export const EMPTY_INPUT: FormInput = Object.freeze(Object.create(null) as Record<string, unknown>);

/** Django's `EMPTY_VALUES`: `None`, `''`, `[]`, `()`, `{}`. */
export function isEmptyValue(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto === Object.prototype || proto === null) return Object.keys(value).length === 0;
  }
  return false;
}
