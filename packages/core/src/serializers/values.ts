import {
  BinaryField,
  DateField,
  DateTimeField,
  DecimalField,
  DurationField,
  type Field,
  FieldFile,
  FloatField,
  TimeField,
  UUIDField,
} from '@stack/orm';
import { PythonFloat } from './json.js';

/** A datetime as Django's JSON encoder writes it: ISO 8601, milliseconds only when not zero, `Z`. */
export function djangoDatetime(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z');
}

/** Seconds as Django's `duration_string`: `[D ]HH:MM:SS[.ffffff]`. */
export function djangoDuration(seconds: number): string {
  const sign = seconds < 0 ? '-' : '';
  let micro = Math.round(Math.abs(seconds) * 1e6);
  const days = Math.floor(micro / 86_400e6);
  micro -= days * 86_400e6;
  const hours = Math.floor(micro / 3_600e6);
  micro -= hours * 3_600e6;
  const minutes = Math.floor(micro / 60e6);
  micro -= minutes * 60e6;
  const secs = Math.floor(micro / 1e6);
  micro -= secs * 1e6;
  const two = (n: number) => String(n).padStart(2, '0');
  let text = `${two(hours)}:${two(minutes)}:${two(secs)}`;
  if (days) text = `${days} ${text}`;
  if (micro) text += `.${String(micro).padStart(6, '0')}`;
  return sign + text;
}

const DURATION = /^(?:(-?\d+) (?:days?, )?)?(-?)(\d+):(\d\d):(\d\d)(?:\.(\d{1,6}))?$/;
const ISO_DURATION =
  /^([-+]?)P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Parses Django's duration strings (`1 02:03:04.5`, `P1DT02H03M04S`) into seconds. */
export function parseDuration(text: string): number {
  const plain = DURATION.exec(text);
  if (plain) {
    const [, days = '0', sign, h, m, s, frac = ''] = plain;
    const time = Number(h) * 3600 + Number(m) * 60 + Number(s) + Number(`0.${frac || '0'}`);
    return Number(days) * 86_400 + (sign === '-' ? -time : time);
  }
  const iso = ISO_DURATION.exec(text);
  if (iso && text !== 'P' && !text.endsWith('T')) {
    const [, sign, d = '0', h = '0', m = '0', s = '0'] = iso;
    const total = Number(d) * 86_400 + Number(h) * 3600 + Number(m) * 60 + Number(s);
    return sign === '-' ? -total : total;
  }
  throw new TypeError(`'${text}' value has an invalid format for a duration.`);
}

/** A field's value as Django's serializer writes it (its `value_to_string` or a protected type). */
export function serializeValue(field: Field<unknown, boolean>, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (field instanceof DateTimeField) return djangoDatetime(value as Date);
  if (field instanceof DurationField) return djangoDuration(Number(value));
  if (field instanceof FloatField) return new PythonFloat(Number(value));
  if (field instanceof BinaryField) return Buffer.from(value as Uint8Array).toString('base64');
  if (field instanceof DecimalField || field instanceof UUIDField) return String(value);
  if (field instanceof TimeField) return String(value).replace(/(\.\d{3})\d+$/, '$1');
  if (field instanceof DateField) return String(value);
  if (value instanceof FieldFile) return value.name; // a FileField's value_to_string: its name
  return value;
}

/** A value read from a fixture as the field holds it (the reverse of `serializeValue`). */
export function deserializeValue(field: Field<unknown, boolean>, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (field instanceof DateTimeField) {
    // A datetime without an offset is read as UTC (Django: the current time zone, UTC by default).
    const text = String(value);
    const date =
      value instanceof Date
        ? value
        : new Date(
            /(?:[zZ]|[+-]\d\d:?\d\d)$/.test(text) || !text.includes('T') ? text : `${text}Z`,
          );
    if (Number.isNaN(date.getTime())) throw new TypeError(`'${String(value)}' is not a datetime.`);
    return date;
  }
  if (field instanceof DurationField)
    return typeof value === 'number' ? value : parseDuration(String(value));
  if (field instanceof BinaryField) return Buffer.from(String(value), 'base64');
  return field.toPython(value);
}
