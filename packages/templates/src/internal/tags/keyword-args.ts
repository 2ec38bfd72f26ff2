import type { TagToken } from 'liquidjs';
import type { RenderContext } from '../context.js';
import type { FilterExpression } from '../expression.js';
import { isThenable } from '@stack/utils';
import type { DjangoParser } from '../parser.js';

/** `name=expression` pairs of a tag (Django's `token_kwargs`). */
export type KeywordArgs = readonly (readonly [string, FilterExpression])[];

const KWARG_RE = /^(\w+)=(.+)$/s;

/** Parses `a=b c=d`; stops at the first bit that is not a keyword argument. */
export function parseKeywordArgs(
  bits: readonly string[],
  parser: DjangoParser,
  token: TagToken,
): KeywordArgs {
  const args: [string, FilterExpression][] = [];
  for (const bit of bits) {
    const m = KWARG_RE.exec(bit);
    if (!m) throw parser.wrap(`Invalid keyword argument: '${bit}'`, token);
    args.push([m[1] as string, parser.expression(m[2] as string, token)]);
  }
  return args;
}

/** Resolves keyword arguments into an object; a promise only if some value was awaited. */
export function resolveKeywordArgs(
  args: KeywordArgs,
  ctx: RenderContext,
): Record<string, unknown> | Promise<Record<string, unknown>> {
  const values: Record<string, unknown> = {};
  const pending: Promise<void>[] = [];
  for (const [name, expression] of args) {
    const value = expression.resolve(ctx);
    if (isThenable(value)) {
      pending.push(
        Promise.resolve(value).then((v) => {
          values[name] = v;
        }),
      );
    } else values[name] = value;
  }
  if (pending.length) return Promise.all(pending).then(() => values);
  return values;
}

const TOKEN_KWARG_RE = /^(?:([\p{L}\p{N}_]+)=)?(.+)$/su;

/**
 * Django's `token_kwargs`: consumes `a=b c=d` (or, with `supportLegacy`, `b as a and d as c`)
 * from the front of `bits`, stopping at the first bit of another form. Later duplicates win.
 */
export function tokenKwargs(
  bits: string[],
  parser: DjangoParser,
  token: TagToken,
  supportLegacy = false,
): KeywordArgs {
  if (!bits.length) return [];
  const kwargFormat = Boolean(TOKEN_KWARG_RE.exec(bits[0] as string)?.[1]);
  if (!kwargFormat && (!supportLegacy || bits.length < 3 || bits[1] !== 'as')) return [];
  const kwargs = new Map<string, FilterExpression>();
  while (bits.length) {
    let key: string;
    let value: string;
    if (kwargFormat) {
      const match = TOKEN_KWARG_RE.exec(bits[0] as string);
      if (!match?.[1]) break;
      [key, value] = [match[1], match[2] as string];
      bits.splice(0, 1);
    } else {
      if (bits.length < 3 || bits[1] !== 'as') break;
      [key, value] = [bits[2] as string, bits[0] as string];
      bits.splice(0, 3);
    }
    kwargs.set(key, parser.expression(value, token));
    if (bits.length && !kwargFormat) {
      if (bits[0] !== 'and') break;
      bits.splice(0, 1);
    }
  }
  return [...kwargs];
}
