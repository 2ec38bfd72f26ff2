/**
 * Django's variable resolution (`Variable._resolve_lookup`) with the sandbox rules: a key, an
 * attribute (snake_case finds camelCase), a zero-argument call, a list index; promises and
 * thenables awaited between steps; nothing from the prototype machinery is reachable.
 */
import { isThenable } from '@stack/utils';

/** The marker of a failed lookup (Django's `VariableDoesNotExist`). */
export const MISSING: unique symbol = Symbol('missing');
export type Missing = typeof MISSING;

/**
 * `value === MISSING`, for hot paths. The bundle keeps MISSING in a mutable module slot, so V8
 * does not know its type, and a `===` whose sides were strings, numbers, objects and the symbol
 * is a call to the generic comparison (issue 21: three per lookup on the fortunes page); after
 * the `typeof` check the comparison is of two symbols, which compiles to a pointer comparison.
 */
export function isMissing(value: unknown): value is Missing {
  return typeof value === 'symbol' && value === MISSING;
}

const BLOCKED_KEYS = new Set([
  'constructor',
  'prototype',
  '__proto__',
  'caller',
  'callee',
  'arguments',
  'then',
]);

// Every function found on a built-in prototype: never callable from a template, so
// `{{ list.pop }}`, `{{ obj.toString.call }}` or `{{ x.valueOf }}` resolve to nothing.
const BUILTIN_FUNCTIONS = new Set<unknown>();
for (const proto of [
  Object.prototype,
  Function.prototype,
  Array.prototype,
  String.prototype,
  Number.prototype,
  Boolean.prototype,
  Symbol.prototype,
  BigInt.prototype,
  Date.prototype,
  RegExp.prototype,
  Error.prototype,
  Map.prototype,
  Set.prototype,
  WeakMap.prototype,
  WeakSet.prototype,
  Promise.prototype,
  ArrayBuffer.prototype,
  Object.getPrototypeOf(Uint8Array.prototype) as object,
  Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())) as object,
]) {
  for (const name of Object.getOwnPropertyNames(proto)) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, name);
    if (descriptor && typeof descriptor.value === 'function')
      BUILTIN_FUNCTIONS.add(descriptor.value);
  }
}
BUILTIN_FUNCTIONS.add(Function);
BUILTIN_FUNCTIONS.add(Object);

/**
 * The item-lookup protocol (Python's `obj[key]`): a class whose instances answer `{{ obj.key }}`
 * by key before attributes, as Django's dictionary lookup does, implements
 * `[Symbol.for('stack.getItem')](key)` returning the value, or `undefined` for a missing key.
 * A registered symbol, so a lower layer (`QueryDict`, `HttpHeaders`) needs no import.
 */
export const GET_ITEM: unique symbol = Symbol.for('stack.getItem');

type ItemGetter = (key: string) => unknown;

function itemGetter(obj: object): ItemGetter | undefined {
  const getter = (obj as { [GET_ITEM]?: unknown })[GET_ITEM];
  return typeof getter === 'function' ? (getter as ItemGetter) : undefined;
}

/**
 * Python's `len()` of a mapping: a `Map`, a `Set`, or an item-lookup object with a numeric
 * `size`; undefined for anything else.
 */
export function mappingSize(value: object): number | undefined {
  if (value instanceof Map || value instanceof Set) return value.size;
  if (!itemGetter(value)) return undefined;
  const size = (value as { size?: unknown }).size;
  return typeof size === 'number' ? size : undefined;
}

const camelCache = new Map<string, string>();
function camelCase(key: string): string {
  let camel = camelCache.get(key);
  if (camel === undefined) {
    camel = key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    if (camelCache.size < 10_000) camelCache.set(key, camel);
  }
  return camel;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

// Python's dict methods, so `{% for k, v in dict.items %}` works on objects and maps.
function dictMethod(obj: object, key: string): unknown {
  if (obj instanceof Map) {
    if (key === 'items') return [...obj.entries()];
    if (key === 'keys') return [...obj.keys()];
    if (key === 'values') return [...obj.values()];
    return MISSING;
  }
  if (!isPlainObject(obj)) return MISSING;
  if (key === 'items') return Object.entries(obj);
  if (key === 'keys') return Object.keys(obj);
  if (key === 'values') return Object.values(obj);
  return MISSING;
}

function isSilent(error: unknown): boolean {
  return Boolean(error && (error as { silentVariableFailure?: unknown }).silentVariableFailure);
}

/** Calls a function found by a lookup, under Django's rules, or returns MISSING. */
export function callMember(fn: (...args: never[]) => unknown, self: unknown): unknown {
  const flags = fn as {
    altersData?: unknown;
    alters_data?: unknown;
    doNotCallInTemplates?: unknown;
  };
  if (flags.doNotCallInTemplates) return fn;
  if (BUILTIN_FUNCTIONS.has(fn) || flags.altersData || flags.alters_data) return MISSING;
  if (fn.length > 0) return MISSING;
  try {
    return fn.call(self);
  } catch (error) {
    if (isSilent(error)) return MISSING;
    if (error instanceof TypeError && /class constructor/i.test(error.message)) return MISSING;
    throw error;
  }
}

/**
 * One step of a lookup path, compiled once with the template: the key, the camelCase name
 * tried after it (undefined when there is none), and whether the key is one no template may
 * reach (every lookup of it fails).
 */
export interface Step {
  readonly key: string;
  readonly camel: string | undefined;
  readonly blocked: boolean;
  /**
   * This site's reader of objects (not maps), made on first use (see `readerFor`); null for a
   * step made at render time, which reads through the generic code.
   */
  read: ObjectReader | null | undefined;
}

type ObjectReader = (obj: object) => unknown;

/** Whether readers may be generated (tests turn it off to check the generic path). */
const generation = { enabled: true };

/** @internal For tests: readers made from now on are the generic code's (as if refused). */
export function setReaderGeneration(enabled: boolean): void {
  generation.enabled = enabled;
}

/** @internal Whether code may be generated now (readers, node list runners). */
export function readerGeneration(): boolean {
  return generation.enabled;
}

/**
 * Django's order on an object that is not a Map: a key, an attribute, its camelCase name. A
 * generated reader (`readerFor`) writes out the same steps: change both together.
 */
function readObject(obj: object, key: string, camel: string | undefined): unknown {
  let value: unknown;
  try {
    // Django's order: a key first (`{{ request.GET.items }}` is the field named items), then
    // an attribute.
    const getter = itemGetter(obj);
    if (getter) value = getter.call(obj, key);
    if (value === undefined) value = (obj as Record<string, unknown>)[key];
    if (value === undefined && camel !== undefined) value = (obj as Record<string, unknown>)[camel];
  } catch (error) {
    // A getter that fails with `silentVariableFailure` is a missing value, as in Django.
    if (isSilent(error)) return MISSING;
    throw error;
  }
  if (value === undefined) return dictMethod(obj, key);
  if (typeof value === 'function') return callMember(value as (...args: never[]) => unknown, obj);
  return value;
}

/**
 * The reader of one lookup site: `readObject`'s steps generated once for the site, with the key
 * written as a property name. Every template lookup otherwise goes through the same few load
 * sites, which see every kind of object and go megamorphic in V8 (a hash probe per load); a
 * site's own reader sees the objects of that site only (`fortune.id`: Fortune instances), so
 * its loads stay monomorphic (issue 21: the fortunes page, 26 lookups, 1.7k instructions per
 * request less). Names are written as JSON string literals and everything else reaches the code
 * as arguments, so no template text is parsed as code; where code generation is refused
 * (`--disallow-code-generation-from-strings`), the generic reader is used. Made on a site's
 * first lookup of an object, so a site never reached costs nothing; a reader costs about 25 µs
 * and 1.5 KB once (measured for name readers, of the same size).
 */
function readerFor(key: string, camel: string | undefined): ObjectReader {
  if (generation.enabled) {
    const lines = [
      'return function read(obj) {',
      '  let value;',
      '  try {',
      '    const getter = obj[GET_ITEM];',
      "    if (typeof getter === 'function') value = getter.call(obj, KEY);",
      `    if (value === undefined) value = obj[${JSON.stringify(key)}];`,
      ...(camel === undefined
        ? []
        : [`    if (value === undefined) value = obj[${JSON.stringify(camel)}];`]),
      '  } catch (error) {',
      '    if (isSilent(error)) return MISSING;',
      '    throw error;',
      '  }',
      '  if (value === undefined) return dictMethod(obj, KEY);',
      "  if (typeof value === 'function') return callMember(value, obj);",
      '  return value;',
      '};',
    ];
    try {
      const make = new Function(
        'GET_ITEM',
        'KEY',
        'MISSING',
        'isSilent',
        'dictMethod',
        'callMember',
        lines.join('\n'),
      ) as (...args: unknown[]) => ObjectReader;
      return make(GET_ITEM, key, MISSING, isSilent, dictMethod, callMember);
    } catch {
      // Code generation refused: the generic reader below.
    }
  }
  return (obj) => readObject(obj, key, camel);
}

/** Reads a top-level name from a context's scopes, innermost first: its value, or MISSING. */
export type NameReader = (dicts: readonly object[]) => unknown;

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Django's `Context.__getitem__`: the innermost scope that has `name` as its own key answers
 * (an own key set to undefined answers MISSING); inherited properties never do.
 */
export function lookupIn(dicts: readonly object[], name: string): unknown {
  for (let i = dicts.length - 1; i >= 0; i--) {
    const scope = dicts[i] as Record<string, unknown>;
    if (hasOwn.call(scope, name)) {
      const value = scope[name];
      return value === undefined ? MISSING : value;
    }
  }
  return MISSING;
}

/**
 * The name reader of one `{{ name… }}` site: `lookupIn` generated for its name, as `readerFor`
 * does for a lookup step, so the scope reads of the site stay monomorphic. A scope without the
 * name on its prototype chain is passed with one `in` (an inline cache, where `lookupIn` calls
 * `hasOwnProperty`); a scope that has it answers when the name is its own, and for a plain
 * object (prototype `Object.prototype`, which does not have the name) that is known without a
 * `hasOwnProperty` call. `Object.prototype` is asked on every lookup: V8 folds the question, and
 * drops the code should the prototype gain the name. The answers are `lookupIn`'s, and no
 * inherited getter runs; only a Proxy scope could tell (its `has` and `getPrototypeOf` traps are
 * called). Issue 21, the fortunes page (26 lookups): with `isMissing`, 5k instructions per
 * request less.
 */
export function nameReaderFor(name: string): NameReader {
  if (generation.enabled) {
    const key = JSON.stringify(name);
    const lines = [
      'return function lookup(dicts) {',
      '  for (let i = dicts.length - 1; i >= 0; i--) {',
      '    const scope = dicts[i];',
      "    if (typeof scope === 'object' && scope !== null) {",
      `      if (!(${key} in scope)) continue;`,
      `      const plain = getPrototypeOf(scope) === OBJECT && !(${key} in OBJECT);`,
      `      if (!plain && !hasOwn.call(scope, ${key})) continue;`,
      `    } else if (!hasOwn.call(scope, ${key})) continue;`,
      `    const value = scope[${key}];`,
      '    return value === undefined ? MISSING : value;',
      '  }',
      '  return MISSING;',
      '};',
    ];
    try {
      const make = new Function(
        'getPrototypeOf',
        'OBJECT',
        'hasOwn',
        'MISSING',
        lines.join('\n'),
      ) as (...args: unknown[]) => NameReader;
      return make(Object.getPrototypeOf, Object.prototype, hasOwn, MISSING);
    } catch {
      // Code generation refused: the generic reader below.
    }
  }
  return (dicts) => lookupIn(dicts, name);
}

/**
 * The internalized copy of a name (as a property key is): a key sliced from template source is
 * not, and V8's keyed loads and stores compare keys by identity.
 */
export function internalize(name: string): string {
  return Object.keys({ [name]: 0 })[0] as string;
}

/** Compiles a lookup key into a Step. */
export function compileStep(source: string): Step {
  const key = internalize(source);
  let camel: string | undefined;
  if (key.includes('_')) {
    camel = camelCase(key);
    if (BLOCKED_KEYS.has(camel)) camel = undefined;
  }
  return { key, camel, blocked: BLOCKED_KEYS.has(key), read: undefined };
}

/** One lookup step: key, attribute (snake → camel), list index, dict method; MISSING if none. */
export function getMember(obj: unknown, key: string): unknown {
  const step = compileStep(key);
  step.read = null;
  return getStep(obj, step);
}

/**
 * `getMember` for a compiled step whose key is not blocked: the same answers, without a set
 * lookup and a string scan per step at render time.
 */
function getAllowedMember(obj: unknown, step: Step): unknown {
  if (obj === null || obj === undefined) return MISSING;
  // `typeof obj` compared in place each time: V8 fuses `typeof x === 'string'` into a type
  // check, but a `typeof` kept in a variable is a builtin call and string comparisons.
  if (typeof obj === 'string') {
    const index = Number(step.key);
    return Number.isInteger(index) && index >= 0 && index < obj.length ? obj[index] : MISSING;
  }
  if (typeof obj !== 'object' && typeof obj !== 'function') return MISSING;
  if (obj instanceof Map) {
    const key = step.key;
    let value: unknown;
    if (obj.has(key)) value = obj.get(key);
    // Django's last resort: `current[int(bit)]`, so `{{ d.1 }}` finds the key 1.
    else if (/^-?\d+$/.test(key) && obj.has(Number(key))) value = obj.get(Number(key));
    if (value === undefined) return dictMethod(obj, key);
    if (typeof value === 'function') return callMember(value as (...args: never[]) => unknown, obj);
    return value;
  }
  const read = step.read;
  if (read === null) return readObject(obj, step.key, step.camel);
  return (read ?? (step.read = readerFor(step.key, step.camel)))(obj);
}

function getStep(obj: unknown, step: Step): unknown {
  return step.blocked ? MISSING : getAllowedMember(obj, step);
}

/** Resolves one variable site's `name.step` from a context's scopes (see `siteReaderFor`). */
export type SiteReader = (dicts: readonly object[]) => unknown;

/**
 * `resolveRead(read(dicts), steps)` for one site of a loop body with at most one step
 * (`{{ fortune.message }}`), generated with the site's name reader and member reader as
 * constants: called from the site's own line of a `nodeListRunner`, V8 inlines both, where the
 * shared path calls them through call sites that every site uses (issue 21: the fortunes page's
 * 26 sites, 4.3k instructions per request less). The same steps as `resolveRead`, `resolvePath`,
 * `getStep` and `getAllowedMember`, in their order: change them together. Undefined (the shared
 * path) for more steps, a blocked step, or where code generation is refused.
 */
export function siteReaderFor(read: NameReader, steps: readonly Step[]): SiteReader | undefined {
  if (!generation.enabled || steps.length > 1) return undefined;
  const step = steps[0];
  const lines = [
    'return function site(dicts) {',
    '  let value = NAME(dicts);',
    "  if (typeof value === 'function') value = callMember(value, undefined);",
  ];
  if (step === undefined) {
    lines.push('  return value;', '};');
  } else {
    if (step.blocked || step.read === null) return undefined;
    lines.push(
      '  if (isMissing(value)) return value;',
      '  let next;',
      // getAllowedMember: an object that is not a map goes to the step's reader, made once here.
      "  if (value !== null && typeof value === 'object' && !(value instanceof Map)) next = READ(value);",
      '  else next = getAllowedMember(value, STEP);',
      '  if (!isMissing(next)) return next;',
      '  if (isThenable(value)) return Promise.resolve(value).then((v) => resolvePath(v, STEPS, 0));',
      '  return MISSING;',
      '};',
    );
  }
  try {
    const make = new Function(
      'NAME',
      'READ',
      'STEP',
      'STEPS',
      'MISSING',
      'isMissing',
      'isThenable',
      'callMember',
      'getAllowedMember',
      'resolvePath',
      lines.join('\n'),
    ) as (...args: unknown[]) => SiteReader;
    const member = step === undefined ? undefined : (step.read ??= readerFor(step.key, step.camel));
    return make(
      read,
      member,
      step,
      steps,
      MISSING,
      isMissing,
      isThenable,
      callMember,
      getAllowedMember,
      resolvePath,
    );
  } catch {
    // Code generation refused: the shared path.
    return undefined;
  }
}

/**
 * Follows the compiled `steps` from `start` (index `from` on). Returns the value, MISSING, or a
 * promise of either when a thenable had to be awaited to go on.
 */
export function resolvePath(start: unknown, steps: readonly Step[], from: number): unknown {
  let current = start;
  for (let i = from; i < steps.length; i++) {
    const next = getStep(current, steps[i] as Step);
    if (isMissing(next)) {
      if (isThenable(current)) {
        const index = i;
        return Promise.resolve(current).then((value) => resolvePath(value, steps, index));
      }
      return MISSING;
    }
    current = next;
  }
  return current;
}
