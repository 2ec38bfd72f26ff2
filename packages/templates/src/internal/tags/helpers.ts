import type { Emitter, Liquid, TagToken, TopLevelToken } from 'liquidjs';
import { TemplateError } from '../../errors.js';
import { SafeString, conditionalEscape, escape, isThenable, markSafe } from '@stack/utils';
import type { RenderContext } from '../context.js';
import type { FilterExpression } from '../expression.js';
import { MISSING } from '../lookup.js';
import { DjangoTag, renderValue, andThen } from '../nodes.js';
import type { DjangoParser } from '../parser.js';
import { smartSplit } from '../parse-expression.js';
import { resolveKeywordArgs } from './keyword-args.js';

/** Splits a trailing `as name` off a tag's bits. */
export function splitAs(bits: string[]): [string[], string | undefined] {
  if (bits.length >= 2 && bits[bits.length - 2] === 'as') {
    return [bits.slice(0, -2), bits[bits.length - 1]];
  }
  return [bits, undefined];
}

/** Writes a tag's result, or stores it with `as var` (Django's pattern for url, static, now…). */
export function emit(
  ctx: RenderContext,
  out: Emitter,
  value: unknown,
  asVar: string | undefined,
): void {
  if (asVar) ctx.set(asVar, value);
  else out.write(renderValue(value, ctx));
}

/** `{% url 'name' arg1 kw=v [as var] %}` through the injected `reverse`. */
export class UrlTag extends DjangoTag {
  readonly viewName: FilterExpression;
  readonly args: FilterExpression[] = [];
  readonly kwargs: [string, FilterExpression][] = [];
  readonly asVar: string | undefined;

  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: DjangoParser) {
    super(token, remain, liquid);
    const [bits, asVar] = splitAs(smartSplit(token.args));
    if (!bits.length) {
      throw parser.wrap("'url' takes at least one argument, a URL pattern name.", token);
    }
    this.asVar = asVar;
    this.viewName = parser.expression(bits[0] as string, token);
    for (const bit of bits.slice(1)) {
      const m = /^(\w+)=(.+)$/s.exec(bit);
      if (m) this.kwargs.push([m[1] as string, parser.expression(m[2] as string, token)]);
      else if (this.kwargs.length)
        throw parser.wrap("Don't mix *args and **kwargs in call to reverse()!", token);
      else this.args.push(parser.expression(bit, token));
    }
  }

  render(ctx: RenderContext, out: Emitter): void | Promise<void> {
    const reverse = ctx.engine.reverse;
    if (!reverse) {
      throw new TemplateError(
        "the 'url' tag needs a reverse function: pass `reverse` to new Engine()",
      );
    }
    const parts = [this.viewName, ...this.args].map((e) => e.resolve(ctx));
    const kwargs = resolveKeywordArgs(this.kwargs, ctx);
    const pending = parts.some(isThenable) || isThenable(kwargs);
    const finish = (values: unknown[], kw: Record<string, unknown>): void | Promise<void> => {
      const [name, ...args] = values.map((v) => (v instanceof SafeString ? v.value : v));
      const currentApp = currentAppOf(ctx.request);
      let url: string | Promise<string>;
      try {
        url = reverse(String(name), args, kw, currentApp);
      } catch (error) {
        if (this.asVar) return emit(ctx, out, '', this.asVar);
        throw error;
      }
      return andThen(url, (u) =>
        emit(
          ctx,
          out,
          this.asVar || !ctx.autoescape ? markSafe(u) : conditionalEscape(u),
          this.asVar,
        ),
      );
    };
    if (!pending) return finish(parts, kwargs as Record<string, unknown>);
    return Promise.all([Promise.all(parts), kwargs]).then(([values, kw]) => finish(values, kw));
  }
}

function currentAppOf(request: unknown): string | undefined {
  if (!request || typeof request !== 'object') return undefined;
  const r = request as { currentApp?: unknown; resolverMatch?: { namespace?: unknown } };
  // As Django: a current app set to null means none; only an unset one falls back to the
  // namespace of the resolver match.
  if (typeof r.currentApp === 'string') return r.currentApp;
  if (r.currentApp === null) return undefined;
  const namespace = r.resolverMatch?.namespace;
  return typeof namespace === 'string' && namespace ? namespace : undefined;
}

/** `{% csrf_token %}`: the hidden input, from the `csrf_token` context variable. */
export class CsrfTokenTag extends DjangoTag {
  render(ctx: RenderContext, out: Emitter): void | Promise<void> {
    return andThen(ctx.resolveVariable('csrf_token', []), (token) => {
      if (token === MISSING || token === null || token === '' || String(token) === 'NOTPROVIDED')
        return;
      out.write(
        `<input type="hidden" name="csrfmiddlewaretoken" value="${escape(String(token)).value}">`,
      );
    });
  }
}

/** `{% static 'path' [as var] %}` (after `{% load static %}`), through the injected `static`. */
export class StaticTag extends DjangoTag {
  readonly path: FilterExpression;
  readonly asVar: string | undefined;

  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: DjangoParser) {
    super(token, remain, liquid);
    const [bits, asVar] = splitAs(smartSplit(token.args));
    if (bits.length !== 1)
      throw parser.wrap("'static' takes at least one argument (path to file)", token);
    this.path = parser.expression(bits[0] as string, token);
    this.asVar = asVar;
  }

  render(ctx: RenderContext, out: Emitter): void | Promise<void> {
    return andThen(this.path.resolve(ctx), (path) => {
      const url = ctx.engine.static(String(path));
      emit(
        ctx,
        out,
        this.asVar || !ctx.autoescape ? markSafe(url) : conditionalEscape(url),
        this.asVar,
      );
    });
  }
}

/** `{% get_static_prefix [as var] %}` and `{% get_media_prefix [as var] %}`. */
export class GetPrefixTag extends DjangoTag {
  readonly asVar: string | undefined;

  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: DjangoParser) {
    super(token, remain, liquid);
    const bits = smartSplit(token.args);
    if (bits.length && (bits.length !== 2 || bits[0] !== 'as')) {
      throw parser.wrap(`First argument in '${token.name}' must be 'as'`, token);
    }
    this.asVar = bits[1];
  }

  render(ctx: RenderContext, out: Emitter): void {
    const prefix =
      this.token.name === 'get_media_prefix' ? ctx.engine.mediaUrl : ctx.engine.staticUrl;
    if (this.asVar) ctx.set(this.asVar, prefix);
    else out.write(prefix);
  }
}

/** `{% load lib1 lib2 %}` or `{% load name1 name2 from lib %}`. */
export class LoadTag extends DjangoTag {
  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: DjangoParser) {
    super(token, remain, liquid);
    const bits = smartSplit(token.args);
    const library = (name: string) => {
      const found = parser.engine.libraries.get(name);
      if (!found) {
        const known = [...parser.engine.libraries.keys()].sort().join(', ');
        throw parser.wrap(
          `'${name}' is not a registered tag library. Must be one of:\n${known}`,
          token,
        );
      }
      return found;
    };
    if (bits.length >= 3 && bits[bits.length - 2] === 'from') {
      const lib = library(bits[bits.length - 1] as string);
      const names = bits.slice(0, -2);
      for (const name of names) {
        if (!lib.tags.has(name) && !lib.filters.has(name)) {
          throw parser.wrap(
            `'${name}' is not a valid tag or filter in tag library '${bits[bits.length - 1]}'`,
            token,
          );
        }
      }
      parser.addLibrary(lib, names);
    } else {
      for (const name of bits) parser.addLibrary(library(name));
    }
  }

  render(): undefined {
    return undefined;
  }
}
