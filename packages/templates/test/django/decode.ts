/**
 * Decodes the harvest's JSON values (conformance/harvest/django_harness.py `encode`) into the
 * TypeScript values a Stack user would pass for the same Python values.
 */
import { wallClock } from '@stack/utils';
import { markSafe, NaiveDate, NaiveDateTime } from '../../src/index.js';

/** A value the replay has no faithful TypeScript form for; the case counts as not portable. */
export class NotPortable extends Error {
  override name = 'NotPortable';
}

/** A Python `Decimal` as decimal libraries (decimal.js, big.js) model it: text and a number. */
export class PyDecimal {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
  valueOf(): number {
    return Number(this.text);
  }
}

/** Builds a fixture object from its class name and state (see fixtures.ts). */
export type ObjectFactory = (state: Record<string, unknown>) => unknown;

export interface DecodeOptions {
  /** The zone naive datetimes are wall times in (Django's TIME_ZONE). */
  readonly timeZone: string;
  readonly classes: ReadonlyMap<string, ObjectFactory>;
}

function zoneOffsetMinutes(zone: string, instant: number): number {
  const w = wallClock(instant, zone);
  const wall = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((wall - Math.floor(instant / 1000) * 1000) / 60_000);
}

function wallTime(iso: string): number {
  const m = /^(\d{4})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?)?$/.exec(iso);
  if (!m) throw new NotPortable(`an unreadable date ${iso}`);
  const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  const t = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
    ms,
  );
  // Python's years 1-99 are not JavaScript's 1901-1999.
  const d = new Date(t);
  d.setUTCFullYear(Number(m[1]));
  return d.getTime();
}

/** The instant of a wall time in a zone (the earlier one in a fold, like Python's fold=0). */
export function instantOf(wall: number, zone: string): number {
  let instant = wall - zoneOffsetMinutes(zone, wall) * 60_000;
  instant = wall - zoneOffsetMinutes(zone, instant) * 60_000;
  return instant;
}

type Tagged = { $: string; v?: unknown; tz?: { offset: number } | null } & Record<string, unknown>;

/** Decodes one harvested value. */
export function decode(value: unknown, options: DecodeOptions): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => decode(v, options));
  const tagged = value as Tagged;
  if (typeof tagged.$ !== 'string') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      Object.defineProperty(out, k, {
        value: decode(v, options),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  switch (tagged.$) {
    case 'safe':
      return markSafe(tagged.v as string);
    case 'lazy':
      return decode(tagged.v, options);
    case 'int':
      throw new NotPortable('an integer beyond 2**53');
    case 'float':
      if (tagged.v === 'nan') return NaN;
      if (tagged.v === 'inf') return Infinity;
      if (tagged.v === '-inf') return -Infinity;
      return tagged.v as number;
    case 'decimal':
      return new PyDecimal(tagged.v as string);
    case 'datetime': {
      const wall = wallTime(tagged.v as string);
      if (tagged.tz) return new Date(wall - tagged.tz.offset * 60_000);
      // A naive datetime: Stack's NaiveDateTime, read in Django's TIME_ZONE.
      const w = new Date(wall);
      return new NaiveDateTime(
        {
          year: w.getUTCFullYear(),
          month: w.getUTCMonth() + 1,
          day: w.getUTCDate(),
          hour: w.getUTCHours(),
          minute: w.getUTCMinutes(),
          second: w.getUTCSeconds(),
          millisecond: w.getUTCMilliseconds(),
        },
        options.timeZone,
      );
    }
    case 'date': {
      // Python's date: Stack's NaiveDate, that day in Django's TIME_ZONE.
      const day = new Date(wallTime(tagged.v as string));
      return new NaiveDate(
        { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate() },
        options.timeZone,
      );
    }
    case 'time':
      throw new NotPortable('a datetime.time (JavaScript has no time-of-day type)');
    case 'bytes':
      throw new NotPortable('bytes');
    case 'tuple':
      return (tagged.v as unknown[]).map((v) => decode(v, options));
    case 'set':
    case 'frozenset':
      return new Set((tagged.v as unknown[]).map((v) => decode(v, options)));
    case 'dict':
      return new Map(
        (tagged.v as [unknown, unknown][]).map(([k, v]) => [decode(k, options), decode(v, options)]),
      );
    case 'obj': {
      const name = tagged['class'] as string;
      const factory = options.classes.get(name);
      if (!factory) throw new NotPortable(`an instance of ${name}, which has no fixture class`);
      return factory(decode(tagged['state'], options) as Record<string, unknown>);
    }
    default:
      throw new NotPortable(`an unknown tag ${tagged.$}`);
  }
}
