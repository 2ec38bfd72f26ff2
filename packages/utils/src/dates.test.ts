import { describe, expect, it } from 'vitest';
import {
  daysInMonth,
  isLeapYear,
  MONTHS,
  MONTHS_3,
  MONTHS_AP,
  strftime,
  wallClock,
  WEEKDAYS,
  WEEKDAYS_ABBR,
} from './index.js';

// Every expected value below was printed by Python 3.11 with Django 3.2 (Debian).

describe('the names of django.utils.dates', () => {
  it('are Django’s, in order, months from January and weekdays from Monday', () => {
    expect(MONTHS.join(' ')).toBe(
      'January February March April May June July August September October November December',
    );
    expect(MONTHS).toHaveLength(12);
    expect(MONTHS_3).toEqual('jan feb mar apr may jun jul aug sep oct nov dec'.split(' '));
    expect(MONTHS_AP).toEqual(
      'Jan.|Feb.|March|April|May|June|July|Aug.|Sept.|Oct.|Nov.|Dec.'.split('|'),
    );
    expect(WEEKDAYS).toEqual('Monday Tuesday Wednesday Thursday Friday Saturday Sunday'.split(' '));
    expect(WEEKDAYS_ABBR).toEqual('Mon Tue Wed Thu Fri Sat Sun'.split(' '));
  });

  it('cannot be changed by a caller', () => {
    expect(Object.isFrozen(MONTHS)).toBe(true);
    expect(() => (MONTHS as string[]).push('Smarch')).toThrow(TypeError);
    expect(Object.isFrozen(WEEKDAYS_ABBR)).toBe(true);
  });
});

describe('isLeapYear and daysInMonth', () => {
  it('follow the proleptic Gregorian calendar, as Python’s calendar module', () => {
    expect([1900, 2000, 2023, 2024, 4, 100, 400].map(isLeapYear)).toEqual([
      false,
      true,
      false,
      true,
      true,
      false,
      true,
    ]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(4, 2)).toBe(29);
    expect(daysInMonth(2023, 4)).toBe(30);
    expect(daysInMonth(2023, 12)).toBe(31);
  });

  it('gives 0 days for a month out of range', () => {
    expect(daysInMonth(2023, 0)).toBe(0);
    expect(daysInMonth(2023, 13)).toBe(0);
  });
});

describe('strftime', () => {
  const format = '%Y|%y|%m|%d|%H|%I|%p|%M|%S|%f|%j|%w|%a|%A|%b|%B|%%|%q|%-|%';
  const cases: [[number, number, number, number, number, number, number], string][] = [
    [
      [2024, 5, 1, 9, 30, 5, 120000],
      '2024|24|05|01|09|09|AM|30|05|120000|122|3|Wed|Wednesday|May|May',
    ],
    [[50, 3, 4, 13, 5, 6, 7], '50|50|03|04|13|01|PM|05|06|000007|063|5|Fri|Friday|Mar|March'],
    [
      [2000, 12, 31, 0, 0, 0, 0],
      '2000|00|12|31|00|12|AM|00|00|000000|366|0|Sun|Sunday|Dec|December',
    ],
    [
      [1999, 1, 1, 12, 59, 59, 999999],
      '1999|99|01|01|12|12|PM|59|59|999999|001|5|Fri|Friday|Jan|January',
    ],
    [[2023, 7, 2, 23, 1, 2, 3], '2023|23|07|02|23|11|PM|01|02|000003|183|0|Sun|Sunday|Jul|July'],
  ];

  it.each(cases)('formats datetime(%s) as Python’s strftime does', (fields, expected) => {
    const [year, month, day, hour, minute, second, microsecond] = fields;
    const fieldsObject = { year, month, day, hour, minute, second, microsecond };
    expect(strftime(format, fieldsObject)).toBe(`${expected}|%|%q|%-|%`);
  });

  it('reads a date without a time of day as midnight, as Python’s date.strftime', () => {
    expect(strftime('%a %d %b %Y, %j %H:%M:%S.%f %p', { year: 2024, month: 2, day: 29 })).toBe(
      'Thu 29 Feb 2024, 060 00:00:00.000000 AM',
    );
  });

  it('keeps unknown directives and plain text as written', () => {
    expect(strftime('photos/%Q/%Y/100%', { year: 2024, month: 1, day: 1 })).toBe(
      'photos/%Q/2024/100%',
    );
    expect(strftime('%%Y %\n', { year: 2024, month: 1, day: 1 })).toBe('%Y %\n');
  });
});

describe('wallClock', () => {
  const instant = new Date('2024-07-01T12:34:56.789Z');

  it('gives the fields an instant shows in a zone, with the zone’s short name there', () => {
    expect(wallClock(instant, 'UTC')).toEqual({
      year: 2024,
      month: 7,
      day: 1,
      hour: 12,
      minute: 34,
      second: 56,
      microsecond: 789000,
      zoneName: 'UTC',
    });
    expect(wallClock(instant, 'America/New_York')).toMatchObject({
      day: 1,
      hour: 8,
      zoneName: 'EDT',
    });
    expect(wallClock(instant.getTime(), 'Asia/Kolkata')).toMatchObject({ hour: 18, minute: 4 });
  });

  it('follows daylight saving time and the date line', () => {
    expect(wallClock(new Date('2024-01-15T12:00:00Z'), 'Europe/Paris')).toMatchObject({
      hour: 13,
      zoneName: 'GMT+1',
    });
    expect(wallClock(new Date('2024-07-15T12:00:00Z'), 'Europe/Paris')).toMatchObject({
      hour: 14,
      zoneName: 'GMT+2',
    });
    expect(wallClock(new Date('2024-12-31T23:30:00Z'), 'Pacific/Kiritimati')).toMatchObject({
      year: 2025,
      month: 1,
      day: 1,
      hour: 13,
    });
  });

  it('counts the milliseconds of instants before 1970 forwards, as the wall clock does', () => {
    expect(wallClock(-1, 'UTC')).toMatchObject({
      year: 1969,
      second: 59,
      microsecond: 999000,
    });
  });

  it('throws a RangeError for a zone the runtime does not know', () => {
    expect(() => wallClock(instant, 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});
