/**
 * The item-lookup protocol shared with `@stack/templates` (Python's `obj[key]`): templates ask
 * `[GET_ITEM](key)` before attributes, so `{{ request.GET.q }}` is the field `q`, as in Django.
 * A registered symbol, so neither package imports the other.
 */
export const GET_ITEM: unique symbol = Symbol.for('stack.getItem');
