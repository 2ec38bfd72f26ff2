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
      '  member: {',
      ...memberReadLines('obj', 'value', key, camel).map((line) => `    ${line}`),
      '  }',
      '  return value;',
      '};',
    ];
    try {
      const make = new Function(
        'GET_ITEM',
        'MISSING',
        'isSilent',
        'dictMethod',
        'callMember',
        lines.join('\n'),
      ) as (...args: unknown[]) => ObjectReader;
      return make(GET_ITEM, MISSING, isSilent, dictMethod, callMember);
    } catch {
      // Code generation refused: the generic reader below.
    }
  }
  return (obj) => readObject(obj, key, camel);
}

/**
 * The statements of a generated member reader (`readerFor`), inside a block labelled `member`:
 * `readObject`'s steps for the object in the variable `obj`, leaving the answer in the variable
 * `out`. Keys are written as JSON string literals; the code needs `GET_ITEM`, `MISSING`,
 * `isSilent`, `dictMethod` and `callMember` in scope. Shared by `readerFor` and `siteReadLines`,
 * so both run the same code.
 */
function memberReadLines(
  obj: string,
  out: string,
  key: string,
  camel: string | undefined,
): string[] {
  const name = JSON.stringify(key);
  return [
    'try {',
    `  const getter = ${obj}[GET_ITEM];`,
    `  if (typeof getter === 'function') ${out} = getter.call(${obj}, ${name});`,
    `  if (${out} === undefined) ${out} = ${obj}[${name}];`,
    ...(camel === undefined
      ? []
      : [`  if (${out} === undefined) ${out} = ${obj}[${JSON.stringify(camel)}];`]),
    '} catch (error) {',
    '  if (!isSilent(error)) throw error;',
    `  ${out} = MISSING;`,
    '  break member;',
    '}',
    `if (${out} === undefined) ${out} = dictMethod(${obj}, ${name});`,
    `else if (typeof ${out} === 'function') ${out} = callMember(${out}, ${obj});`,
  ];
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
    const lines = [
      'return function lookup(dicts) {',
      '  let value;',
      '  scopes: {',
      ...nameReadLines('value', name).map((line) => `    ${line}`),
      '  }',
      '  return value;',
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
 * The statements of a generated name reader (`nameReaderFor`), inside a block labelled
 * `scopes`: `lookupIn` for `name` over the variable `dicts`, leaving the answer in the variable
 * `out`. The name is written as a JSON string literal; the code needs `getPrototypeOf`,
 * `OBJECT`, `hasOwn` and `MISSING` in scope. Shared by `nameReaderFor` and `siteReadLines`.
 */
function nameReadLines(out: string, name: string): string[] {
  const key = JSON.stringify(name);
  return [
    'for (let i = dicts.length - 1; i >= 0; i--) {',
    '  const scope = dicts[i];',
    "  if (typeof scope === 'object' && scope !== null) {",
    `    if (!(${key} in scope)) continue;`,
    `    const plain = getPrototypeOf(scope) === OBJECT && !(${key} in OBJECT);`,
    `    if (!plain && !hasOwn.call(scope, ${key})) continue;`,
    `  } else if (!hasOwn.call(scope, ${key})) continue;`,
    `  const found = scope[${key}];`,
    `  ${out} = found === undefined ? MISSING : found;`,
    '  break scopes;',
    '}',
    `${out} = MISSING;`,
  ];
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

/**
 * A symbol no object has (it never leaves this module), read by a loop body's site, in the
 * site's own code, before it asks `value instanceof Map` (see `siteReadLines`). The read answers
 * undefined and runs no code: no getter can be defined for it, only a Proxy's get trap sees it
 * (as the name readers' `in` is seen by its has trap), and whatever that trap throws is dropped.
 * But the load's inline cache gives V8 the hidden class of the site's values, and then V8
 * answers the `instanceof` when it compiles the site (with a dependency on the prototype chain:
 * re-parenting a prototype throws that code away) instead of walking the chain on each row, five
 * hops for a model instance. Issue 21: the fortunes page (26 sites), its loop body's runner
 * 6.4k -> 5.0k instructions per request.
 */
const SHAPE = Symbol('shape');

/** Resolves one variable site's `name.step` from a context's scopes (see `siteReaderFor`). */
export type SiteReader = (dicts: readonly object[]) => unknown;

/**
 * @internal `siteReadLines` as a function of the scopes: what a loop body's runner computes for
 * a bare variable with at most one step, so tests can hold it against the shared path
 * (`resolveRead` of the name's value). Undefined where `siteReadLines` is.
 */
export function siteReaderFor(name: string, steps: readonly Step[]): SiteReader | undefined {
  const lines = siteReadLines(name, steps, 'STEP', 'STEPS');
  if (lines === undefined) return undefined;
  const code = [
    'return function site(dicts) {',
    '  let read;',
    ...lines.map((line) => `  ${line}`),
    '  return read;',
    '};',
  ];
  try {
    const make = new Function(...SITE_NAMES, 'STEP', 'STEPS', code.join('\n')) as (
      ...args: unknown[]
    ) => SiteReader;
    return make(...SITE_VALUES, steps[0], steps);
  } catch {
    // Code generation refused: the shared path.
    return undefined;
  }
}

/**
 * What the code of `siteReadLines` reads from its scope besides `dicts` and its two step
 * constants: the names (`SITE_NAMES`) a generating function declares as parameters, and their
 * values (`SITE_VALUES`) it is called with.
 */
export const SITE_NAMES = [
  'getPrototypeOf',
  'OBJECT',
  'hasOwn',
  'GET_ITEM',
  'MISSING',
  'isMissing',
  'isThenable',
  'isSilent',
  'dictMethod',
  'callMember',
  'getAllowedMember',
  'resolvePath',
  'SHAPE',
] as const;
export const SITE_VALUES: readonly unknown[] = [
  Object.getPrototypeOf,
  Object.prototype,
  hasOwn,
  GET_ITEM,
  MISSING,
  isMissing,
  isThenable,
  isSilent,
  dictMethod,
  callMember,
  getAllowedMember,
  resolvePath,
  SHAPE,
];

/**
 * The statements that read one bare variable of a loop body (`{{ fortune.message }}`, at most
 * one step) for its runner (`nodeListRunner`): a block labelled `site` that reads `name` from
 * the scopes in the variable `dicts` and follows the step, leaving the answer in the variable
 * `read`; the step and the list of steps are in the variables named by `step` and `list`. The
 * name reader's and the member reader's own statements (`nameReadLines`, `memberReadLines`) are
 * written inline, not called, so V8 compiles the runner's sites as one piece: issue 21, with
 * the readers called, TurboFan's inlining budget left two calls a site (about 90 instructions);
 * the fortunes page's 26 sites, 3.3k instructions per request less. The same steps as
 * `resolveRead`, `resolvePath`, `getStep` and `getAllowedMember`, in their order: change them
 * together. Undefined (the shared path) for more steps, a blocked step, a step made at render
 * time, or when code may not be generated.
 */
export function siteReadLines(
  name: string,
  steps: readonly Step[],
  step: string,
  list: string,
): string[] | undefined {
  if (!generation.enabled || steps.length > 1) return undefined;
  const first = steps[0];
  if (first !== undefined && (first.blocked || first.read === null)) return undefined;
  const lines = [
    'site: {',
    '  let value;',
    '  scopes: {',
    ...nameReadLines('value', name).map((line) => `    ${line}`),
    '  }',
    "  if (typeof value === 'function') value = callMember(value, undefined);",
  ];
  if (first === undefined) {
    lines.push('  read = value;', '}');
    return lines;
  }
  lines.push(
    '  if (isMissing(value)) {',
    '    read = value;',
    '    break site;',
    '  }',
    '  let next;',
    // getAllowedMember: an object that is not a map goes to the step's member reader. SHAPE is
    // read first, here, so that the load is this site's own: see `SHAPE`.
    "  let plain = value !== null && typeof value === 'object';",
    '  if (plain) {',
    '    try {',
    '      void value[SHAPE];',
    '    } catch {',
    '      // A hint only: see SHAPE.',
    '    }',
    '    plain = !(value instanceof Map);',
    '  }',
    '  if (plain) {',
    '    member: {',
    ...memberReadLines('value', 'next', first.key, first.camel).map((line) => `      ${line}`),
    '    }',
    `  } else next = getAllowedMember(value, ${step});`,
    '  if (!isMissing(next)) read = next;',
    '  else if (isThenable(value))',
    `    read = Promise.resolve(value).then((v) => resolvePath(v, ${list}, 0));`,
    '  else read = MISSING;',
    '}',
  );
  return lines;
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
