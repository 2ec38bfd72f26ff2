import { SafeString } from '@stack/utils';
import type { RenderContext } from '../context.js';
import { formatDate, isNaive } from '../dateformat.js';
import { filterSpec, type FilterSpec } from '../filter-spec.js';
import { avoidWrapping } from './util.js';

const CHUNKS: [number, string][] = [
  [604800, 'week'],
  [86400, 'day'],
  [3600, 'hour'],
  [60, 'minute'],
];
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function unit(count: number, name: string): string {
  return avoidWrapping(`${count} ${name}${count === 1 ? '' : 's'}`);
}

/** Django's `timesince`: the two largest units between `d` and `now`, comma-separated. */
export function timesince(d: Date, now: Date, depth = 2): string {
  const since = Math.floor((now.getTime() - d.getTime()) / 1000);
  if (since <= 0) return unit(0, 'minute');
  let totalMonths =
    (now.getUTCFullYear() - d.getUTCFullYear()) * 12 + (now.getUTCMonth() - d.getUTCMonth());
  const timeOfDay = (x: Date) =>
    x.getTime() - Date.UTC(x.getUTCFullYear(), x.getUTCMonth(), x.getUTCDate());
  if (
    d.getUTCDate() > now.getUTCDate() ||
    (d.getUTCDate() === now.getUTCDate() && timeOfDay(d) > timeOfDay(now))
  ) {
    totalMonths -= 1;
  }
  const years = Math.floor(totalMonths / 12);
  const months = totalMonths % 12;
  let pivot = d.getTime();
  if (years || months) {
    let pivotYear = d.getUTCFullYear() + years;
    let pivotMonth = d.getUTCMonth() + 1 + months;
    if (pivotMonth > 12) {
      pivotMonth -= 12;
      pivotYear += 1;
    }
    const day = Math.min(MONTH_DAYS[pivotMonth - 1] as number, d.getUTCDate());
    pivot = Date.UTC(
      pivotYear,
      pivotMonth - 1,
      day,
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
    );
  }
  let remaining = Math.floor((now.getTime() - pivot) / 1000);
  const partials: [number, string][] = [
    [years, 'year'],
    [months, 'month'],
  ];
  for (const [seconds, name] of CHUNKS) {
    const count = Math.floor(remaining / seconds);
    partials.push([count, name]);
    remaining -= seconds * count;
  }
  const first = partials.findIndex(([count]) => count !== 0);
  if (first === -1) return unit(0, 'minute');
  const result: string[] = [];
  for (let i = first; i < partials.length && result.length < depth; i++) {
    const [count, name] = partials[i] as [number, string];
    if (count === 0) break;
    result.push(unit(count, name));
  }
  return result.join(', ');
}

function asDate(value: unknown): Date | undefined {
  return value instanceof Date && !Number.isNaN(value.getTime()) ? value : undefined;
}

/** `date`/`time`: format with the argument, or with the named setting when there is none. */
function formatFilter(name: 'date' | 'time', defaultFormat: string): FilterSpec {
  return filterSpec(
    name,
    (v, a, _e, ctx: RenderContext) => {
      const date = asDate(v);
      if (!date) return '';
      const format =
        a === undefined || a === null
          ? defaultFormat
          : String(a instanceof SafeString ? a.value : a);
      return formatDate(date, format, ctx.timeZone, name);
    },
    { arg: 'optional' },
  );
}

/** `timesince`/`timeuntil`: the distance between the value and the argument (default: now). */
function distanceFilter(name: string, untilValue: boolean): FilterSpec {
  return filterSpec(
    name,
    (v, a, _e, ctx: RenderContext) => {
      const date = asDate(v);
      if (!date) return '';
      const now = a === undefined || a === null ? ctx.engine.now() : asDate(a);
      if (!now) return '';
      // Django cannot subtract a naive datetime from an aware one (TypeError): nothing shown.
      if (a !== undefined && a !== null && isNaive(date) !== isNaive(now)) return '';
      return untilValue ? timesince(now, date) : timesince(date, now);
    },
    { arg: 'optional' },
  );
}

/** The date filters of Django's `defaultfilters`. */
export const dateFilters: FilterSpec[] = [
  formatFilter('date', 'DATE_FORMAT'),
  formatFilter('time', 'TIME_FORMAT'),
  distanceFilter('timesince', false),
  distanceFilter('timeuntil', true),
];
