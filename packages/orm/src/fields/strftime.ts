import { strftime as strftimeFields } from '@stack/utils';

/**
 * Python's `datetime.strftime` for the directives an `uploadTo` pattern uses (local time, the C
 * locale); an unknown directive is kept as written, as Python does.
 *
 * @example
 * ```ts
 * strftime('photos/%Y/%m/%d/', new Date(2024, 4, 1)); // 'photos/2024/05/01/'
 * ```
 */
export function strftime(pattern: string, date: Date): string {
  return strftimeFields(pattern, {
    year: date.getFullYear(),
    month: date.getMonth() + 1,
    day: date.getDate(),
    hour: date.getHours(),
    minute: date.getMinutes(),
    second: date.getSeconds(),
    microsecond: date.getMilliseconds() * 1000,
  });
}
