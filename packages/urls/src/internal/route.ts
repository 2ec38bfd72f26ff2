import { ImproperlyConfigured } from '../errors.js';

/** One `<converter:name>` of a `path()` route. */
export interface RouteParam {
  name: string;
  converter: string;
}

/** A `path()` route split into literal text and parameters: `literals.length === params.length + 1`. */
export interface ParsedRoute {
  literals: string[];
  params: RouteParam[];
}

const PARAM = /<(?:([^>:]+):)?([^>]+)>/g;
/** Python's `str.isidentifier()`: a letter or `_`, then letters, digits, marks or `_` (Unicode). */
const IDENTIFIER = /^[\p{XID_Start}_]\p{XID_Continue}*$/u;

/** Splits a route as Django's `_route_to_regex` does, rejecting what Django rejects. */
export function parseRoute(route: string): ParsedRoute {
  const literals: string[] = [];
  const params: RouteParam[] = [];
  let last = 0;
  for (const m of route.matchAll(PARAM)) {
    const whole = m[0];
    if (/\s/.test(whole)) {
      throw new ImproperlyConfigured(
        `URL route '${route}' cannot contain whitespace in angle brackets <…>.`,
      );
    }
    const name = m[2]!;
    if (!IDENTIFIER.test(name)) {
      throw new ImproperlyConfigured(
        `URL route '${route}' uses parameter name '${name}' which isn't a valid identifier.`,
      );
    }
    if (params.some((p) => p.name === name)) {
      throw new ImproperlyConfigured(`URL route '${route}' uses parameter name '${name}' twice.`);
    }
    literals.push(route.slice(last, m.index));
    params.push({ name, converter: m[1] ?? 'str' });
    last = m.index + whole.length;
  }
  literals.push(route.slice(last));
  return { literals, params };
}

/** Python's `re.escape`, so messages show the regex Django would show. */
export function pyEscape(text: string): string {
  return text.replace(/[()[\]{}?*+\-|^$\\.&~# \t\n\r\v\f]/g, '\\$&');
}
