import { describe, expect, it } from 'vitest';
import { DateInput, DateTimeInput } from './index.js';

// Expected values printed by Python's datetime.strftime (the C locale), which Django's
// `formats.localize_input` calls.
describe('the date inputs show values with Python’s strftime', () => {
  it('for every directive, the day of the year and the weekday number included', () => {
    const input = new DateInput({ format: '%a %A %d %b %B %Y %y (%j, %w) %%' });
    expect(input.formatValue(new Date(Date.UTC(2024, 1, 29)))).toBe(
      'Thu Thursday 29 Feb February 2024 24 (060, 4) %',
    );
  });

  it('with the weekday of a year below 100, which JavaScript’s Date.UTC would move', () => {
    const date = new Date(Date.UTC(2000, 2, 4));
    date.setUTCFullYear(50);
    expect(new DateInput({ format: '%a %d %b %Y' }).formatValue(date)).toBe('Fri 04 Mar 50');
  });

  it('on the twelve-hour clock, keeping an unknown directive as written', () => {
    const input = new DateTimeInput({ format: '%I:%M:%S.%f %p %Q' });
    expect(input.formatValue(new Date(Date.UTC(2024, 4, 1, 13, 5, 6, 7)))).toBe(
      '01:05:06.007000 PM %Q',
    );
  });
});
