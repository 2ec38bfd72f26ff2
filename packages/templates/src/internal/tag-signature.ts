/**
 * The declared signature of a simple or inclusion tag function (what Django reads with
 * `getfullargspec`), so calls are checked when the template compiles, with Django's messages.
 */

/** Parsed `params`: `['context', 'one', 'two=', '*args', 'key', 'opt=', '**kwargs']`. */
export interface TagSignature {
  /** Positional-or-keyword parameter names, in order (without `context`). */
  readonly params: readonly string[];
  /** How many trailing `params` have defaults. */
  readonly defaults: number;
  readonly varargs: boolean;
  readonly kwonly: readonly string[];
  readonly kwonlyDefaults: ReadonlySet<string>;
  readonly varkw: boolean;
  /** `takesContext` was asked for but the first parameter is not `context`. */
  readonly contextMissing: boolean;
}

const NAME_RE = /^[A-Za-z_]\w*$/;

/** Reads a `params` list; throws a plain Error on a malformed list (a programming error). */
export function parseSignature(spec: readonly string[], takesContext: boolean): TagSignature {
  const params: string[] = [];
  const kwonly: string[] = [];
  const kwonlyDefaults = new Set<string>();
  let defaults = 0;
  let varargs = false;
  let varkw = false;
  let keywordOnly = false;
  let context = false;
  for (const [i, raw] of spec.entries()) {
    if (raw.startsWith('**')) {
      varkw = true;
      continue;
    }
    if (raw.startsWith('*')) {
      if (raw.length > 1) varargs = true;
      keywordOnly = true;
      continue;
    }
    const hasDefault = raw.endsWith('=');
    const name = hasDefault ? raw.slice(0, -1) : raw;
    if (!NAME_RE.test(name)) throw new Error(`Invalid tag parameter: '${raw}'`);
    if (i === 0 && takesContext && name === 'context' && !hasDefault) {
      context = true;
      continue;
    }
    if (keywordOnly) {
      kwonly.push(name);
      if (hasDefault) kwonlyDefaults.add(name);
    } else {
      if (!hasDefault && defaults) throw new Error(`'${name}' follows a parameter with a default`);
      params.push(name);
      if (hasDefault) defaults++;
    }
  }
  // Django checks this when the tag is used, so a template using it fails to compile.
  const contextMissing = takesContext && !context;
  return { params, defaults, varargs, kwonly, kwonlyDefaults, varkw, contextMissing };
}

/**
 * Checks one call against the signature (Django's `parse_bits`); returns an error message, or
 * undefined when the call is valid.
 */
export function checkCall(
  name: string,
  signature: TagSignature,
  positional: number,
  keywords: readonly string[],
): string | undefined {
  if (signature.contextMissing) {
    return `'${name}' is decorated with takes_context=True so it must have a first argument of 'context'`;
  }
  const unhandled = [...signature.params];
  const unhandledKw = signature.kwonly.filter((k) => !signature.kwonlyDefaults.has(k));
  for (let i = 0; i < positional; i++) {
    if (unhandled.length) unhandled.shift();
    else if (!signature.varargs) return `'${name}' received too many positional arguments`;
  }
  const seen = new Set<string>();
  for (const key of keywords) {
    if (!signature.params.includes(key) && !signature.kwonly.includes(key) && !signature.varkw) {
      return `'${name}' received unexpected keyword argument '${key}'`;
    }
    if (seen.has(key)) return `'${name}' received multiple values for keyword argument '${key}'`;
    seen.add(key);
    const at = unhandled.indexOf(key);
    if (at >= 0) unhandled.splice(at, 1);
    const atKw = unhandledKw.indexOf(key);
    if (atKw >= 0) unhandledKw.splice(atKw, 1);
  }
  // As Django: the defaults excuse the last parameters still unhandled, whichever they are.
  const required = unhandled.slice(0, Math.max(0, unhandled.length - signature.defaults));
  const missing = [...required, ...unhandledKw];
  if (missing.length) {
    return `'${name}' did not receive value(s) for the argument(s): ${missing.map((p) => `'${p}'`).join(', ')}`;
  }
  return undefined;
}

/**
 * Lays the resolved values out for the function: declared positional parameters in order (a
 * parameter passed by keyword moves to its place), extra positional values, then an object of
 * the remaining keyword arguments.
 */
export function arrange(
  signature: TagSignature,
  args: readonly unknown[],
  kwargs: Record<string, unknown>,
): unknown[] {
  const rest: Record<string, unknown> = { ...kwargs };
  const out: unknown[] = [];
  signature.params.forEach((param, i) => {
    if (i < args.length) out.push(args[i]);
    else {
      out.push(rest[param]);
      delete rest[param];
    }
  });
  out.push(...args.slice(signature.params.length), rest);
  return out;
}
