import { describe, expect, it } from 'vitest';
import { Engine, NaiveDate, NaiveDateTime } from './index.js';

const chicago = 'America/Chicago';
const engine = new Engine({
  timeZone: chicago,
  now: () => new Date(Date.UTC(2009, 2, 13, 12, 0)),
});
const render = (source: string, context: Record<string, unknown>) =>
  engine.fromString(source).render(context);

describe('NaiveDateTime, Python’s naive datetime', () => {
  const naive = new NaiveDateTime({ year: 2009, month: 3, day: 12, hour: 9, minute: 5 }, chicago);

  it('is the instant its wall time is in its zone, and keeps the wall time', () => {
    expect(naive.toISOString()).toBe('2009-03-12T14:05:00.000Z'); // CDT, UTC-5
    expect(naive.wall).toMatchObject({ year: 2009, month: 3, day: 12, hour: 9, minute: 5 });
    expect(() => new NaiveDateTime({ year: 2009, month: Number.NaN, day: 1 }, chicago)).toThrow(
      RangeError,
    );
  });

  it('formats at its wall time whatever zone is active; e is empty, T/O/Z are its zone’s', async () => {
    expect(
      await render('{{ d|date:"Y-m-d H:i" }}|{{ d|date:"e" }}|{{ d|time:"e:T:O" }}', { d: naive }),
    ).toBe('2009-03-12 09:05||:CDT:-0500');
    expect(
      await render('{% load tz %}{% timezone "Asia/Tokyo" %}{{ d|date:"H:i" }}{% endtimezone %}', {
        d: naive,
      }),
    ).toBe('09:05');
    expect(await render('{% load tz %}{{ d|localtime|date:"H:i e" }}', { d: naive })).toBe(
      '09:05 ',
    );
    expect(await render('{% load tz %}{{ d|utc|date:"H:i e" }}', { d: naive })).toBe('14:05 UTC');
  });

  it('gives nothing for timesince/timeuntil between a naive and an aware value, as Django', async () => {
    const aware = new Date(Date.UTC(2009, 2, 12, 20, 5));
    expect(await render('{{ a|timesince:b }}|{{ b|timeuntil:a }}', { a: naive, b: aware })).toBe(
      '|',
    );
    const later = new NaiveDateTime(
      { year: 2009, month: 3, day: 12, hour: 15, minute: 5 },
      chicago,
    );
    expect(await render('{{ a|timesince:b }}', { a: naive, b: later })).toBe('6\u00a0hours');
    // Against the clock, a naive value is compared with the clock's time, as Django's naive now.
    expect(await render('{{ a|timesince }}', { a: naive })).toBe('21\u00a0hours, 55\u00a0minutes');
  });
});

describe('NaiveDate, Python’s date', () => {
  const day = new NaiveDate({ year: 2012, month: 2, day: 14 }, chicago);

  it('is that day’s midnight in its zone, shown with DATE_FORMAT', async () => {
    expect(day.toISOString()).toBe('2012-02-14T06:00:00.000Z');
    expect(await render('{{ d }}', { d: day })).toBe('Feb. 14, 2012');
  });

  it('formats its calendar characters and refuses time-of-day ones, as Django does', async () => {
    expect(await render('{{ d|date:"m-d Y c I" }}', { d: day })).toBe('02-14 2012 2012-02-14 ');
    await expect(render('{{ d|date:"H:i" }}', { d: day })).rejects.toThrow(
      "The format for date objects may not contain time-related format specifiers (found 'H').",
    );
    expect(
      await render('{{ d|time:"P" }}|{{ d|time:"e:T" }}|{{ d|time }}|{{ d|time:"x" }}', { d: day }),
    ).toBe('|||x');
  });

  it('counts whole days between dates in timesince', async () => {
    const next = new NaiveDate({ year: 2012, month: 2, day: 15 }, chicago);
    expect(await render('{{ a|timesince:b }}', { a: day, b: next })).toBe('1\u00a0day');
  });
});
