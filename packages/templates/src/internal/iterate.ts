import { SafeString } from '@stack/utils';
import { MISSING } from './lookup.js';

/** Turns a resolved value into the list a `{% for %}` walks (Python's iteration rules). */
export function toList(value: unknown): readonly unknown[] | Promise<unknown[]> {
  if (value === null || value === undefined || value === MISSING || value === false) return [];
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return [...value];
  if (value instanceof SafeString) return [...value.value];
  if (typeof value !== 'object') throw new TypeError(`'${typeof value}' object is not iterable`);
  if (value instanceof Map) return [...value.keys()];
  if (Symbol.iterator in value) return [...(value as Iterable<unknown>)];
  if (Symbol.asyncIterator in value) return collect(value as AsyncIterable<unknown>);
  return Object.keys(value);
}

async function collect(iterable: AsyncIterable<unknown>): Promise<unknown[]> {
  const items: unknown[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** Unpacks one item into `count` loop variables (`{% for k, v in items %}`). */
export function unpack(item: unknown, count: number): readonly unknown[] {
  const values = Array.isArray(item)
    ? item
    : item !== null && typeof item === 'object' && Symbol.iterator in item
      ? [...(item as Iterable<unknown>)]
      : typeof item === 'string'
        ? [...item]
        : [item];
  if (values.length !== count) {
    throw new TypeError(`Need ${count} values to unpack in for loop; got ${values.length}. `);
  }
  return values;
}
