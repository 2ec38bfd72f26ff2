import type { Emitter, Liquid, TagToken, TopLevelToken } from 'liquidjs';
import { TemplateError } from '../../errors.js';
import { SafeString } from '@stack/utils';
import type { RenderContext } from '../context.js';
import { NaiveDateTime, ZonedDate } from '../dateformat.js';
import type { FilterExpression } from '../expression.js';
import { filterSpec, type FilterSpec } from '../filter-spec.js';
import { DjangoTag, andThen, renderNodes, type Node } from '../nodes.js';
import type { DjangoParser } from '../parser.js';
import { smartSplit } from '../parse-expression.js';
import { emit, splitAs } from './helpers.js';

/** Whether a name is a time zone Intl knows. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function zoneName(value: unknown): string | undefined {
  const name = value instanceof SafeString ? value.value : value;
  return typeof name === 'string' && isTimeZone(name) ? name : undefined;
}

/** Renders a body with a context field changed, restoring it afterwards (also on error). */
function withSetting<K extends 'timeZone'>(
  ctx: RenderContext,
  key: K,
  value: RenderContext[K],
  body: readonly Node[],
  out: Emitter,
): void | Promise<void> {
  const saved = ctx[key];
  ctx[key] = value;
  const restore = (): void => {
    ctx[key] = saved;
  };
  try {
    const pending = renderNodes(body, ctx, out);
    if (pending) {
      return pending.then(restore, (error: unknown) => {
        restore();
        throw error;
      });
    }
  } catch (error) {
    restore();
    throw error;
  }
  restore();
}

/** `{% localtime on|off %}…{% endlocaltime %}`: off shows dates in UTC, as stored. */
export class LocalTimeTag extends DjangoTag {
  readonly enabled: boolean;
  readonly body: Node[];

  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: DjangoParser) {
    super(token, remain, liquid);
    const arg = token.args.trim() || 'on';
    if (arg !== 'on' && arg !== 'off')
      throw parser.wrap("Argument to 'localtime' must be one of 'on' or 'off'", token);
    this.enabled = arg === 'on';
    this.body = parser.parseUntil(remain, ['endlocaltime'], token).nodes;
  }

  nodelists(): Node[][] {
    return [this.body];
  }

  render(ctx: RenderContext, out: Emitter): void | Promise<void> {
    return withSetting(ctx, 'timeZone', this.enabled ? ctx.engine.timeZone : 'UTC', this.body, out);
  }
}

/** `{% timezone "Europe/Paris" %}…{% endtimezone %}` (`None` means the default zone). */
export class TimeZoneTag extends DjangoTag {
  readonly zone: FilterExpression;
  readonly body: Node[];

  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: DjangoParser) {
    super(token, remain, liquid);
    const bits = smartSplit(token.args);
    if (bits.length !== 1) throw parser.wrap("'timezone' takes one argument (timezone)", token);
    this.zone = parser.expression(bits[0] as string, token);
    this.body = parser.parseUntil(remain, ['endtimezone'], token).nodes;
  }

  nodelists(): Node[][] {
    return [this.body];
  }

  render(ctx: RenderContext, out: Emitter): void | Promise<void> {
    return andThen(this.zone.resolve(ctx, true), (value) => {
      const zone = value === null ? ctx.engine.timeZone : zoneName(value);
      if (!zone) throw new TemplateError(`Unknown time zone: '${String(value)}'`);
      return withSetting(ctx, 'timeZone', zone, this.body, out);
    });
  }
}

/** `{% get_current_timezone as TIME_ZONE %}`. */
export class GetCurrentTimeZoneTag extends DjangoTag {
  render(ctx: RenderContext, out: Emitter): void {
    const [, asVar] = splitAs(smartSplit(this.token.args));
    emit(ctx, out, ctx.timeZone, asVar);
  }
}

/** `{% localize on|off %}…{% endlocalize %}`: one locale only, so the body renders as is. */
export class LocalizeTag extends DjangoTag {
  readonly body: Node[];

  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: DjangoParser) {
    super(token, remain, liquid);
    const arg = token.args.trim() || 'on';
    if (arg !== 'on' && arg !== 'off')
      throw parser.wrap("Argument to 'localize' must be one of 'on' or 'off'", token);
    this.body = parser.parseUntil(remain, ['endlocalize'], token).nodes;
  }

  nodelists(): Node[][] {
    return [this.body];
  }

  render(ctx: RenderContext, out: Emitter): void | Promise<void> {
    return renderNodes(this.body, ctx, out);
  }
}

const asDate = (v: unknown): Date | undefined =>
  v instanceof Date && !Number.isNaN(v.getTime()) ? v : undefined;

/** The filters of `{% load tz %}`. */
export const tzFilters: FilterSpec[] = [
  filterSpec(
    'localtime',
    (v) => {
      const d = asDate(v);
      // A naive datetime stays naive, as Django's template_localtime leaves it.
      if (d instanceof NaiveDateTime) return d;
      return d ? new Date(d.getTime()) : v;
    },
    { arg: 'none' },
  ),
  filterSpec(
    'utc',
    (v) => {
      const d = asDate(v);
      return d ? new ZonedDate(d.getTime(), 'UTC') : v;
    },
    { arg: 'none' },
  ),
  filterSpec('timezone', (v, a) => {
    const d = asDate(v);
    if (!d) return '';
    const zone = zoneName(a);
    return zone ? new ZonedDate(d.getTime(), zone) : '';
  }),
];

/** The filters of `{% load l10n %}`: one locale, so both are the identity. */
export const l10nFilters: FilterSpec[] = [
  filterSpec('localize', (v) => v, { arg: 'none' }),
  filterSpec('unlocalize', (v) => v, { arg: 'none' }),
];
