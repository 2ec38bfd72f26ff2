/** The abstract column types fields declare; each dialect maps them to its own SQL types. */
export type ColumnType =
  | { kind: 'autoincrement'; big: boolean }
  | { kind: 'integer'; size: 'small' | 'normal' | 'big' }
  | { kind: 'float' }
  | { kind: 'decimal'; maxDigits: number; decimalPlaces: number }
  | { kind: 'varchar'; maxLength: number }
  | { kind: 'text' }
  | { kind: 'boolean' }
  | { kind: 'date' }
  | { kind: 'datetime' }
  | { kind: 'time' }
  | { kind: 'uuid' }
  | { kind: 'json' }
  | { kind: 'binary' };

/** What differs between SQLite and PostgreSQL, in one place. */
export interface Dialect {
  readonly name: 'sqlite' | 'postgres';
  /** The placeholder for the `index`-th (0-based) bound parameter. */
  placeholder(index: number): string;
  columnType(type: ColumnType): string;
  /** SQL for `expr` matched against a regular expression parameter. */
  regex(expr: string, param: string, caseInsensitive: boolean): string;
  /** A date part of a date/datetime column, as an integer expression. */
  datePart(
    expr: string,
    part:
      | 'year'
      | 'month'
      | 'day'
      | 'week_day'
      | 'date'
      | 'week'
      | 'quarter'
      | 'hour'
      | 'minute'
      | 'second',
  ): string;
  /**
   * A pattern match for `contains`/`startswith`/`endswith` and their `i` forms: the SQL (given
   * the placeholder) and the bound pattern, with every wildcard of the value escaped.
   */
  pattern(
    expr: string,
    placeholder: string,
    value: string,
    kind: PatternKind,
  ): { sql: string; param: string };
  random: string;
  /**
   * A date or datetime truncated to `kind` (the start of its year, month, ISO week, day, hour…),
   * in UTC: a date (`YYYY-MM-DD`) when `asDate`, else a datetime.
   */
  truncate(expr: string, kind: TruncKind, asDate: boolean): string;
  /** Whether `INSERT … RETURNING` is used to read the new primary key. */
  readonly returningInsert: boolean;
  /** A decimal column or value as something that compares and sorts numerically and exactly. */
  numeric(expr: string): string;
}

/** What `dates()` and `datetimes()` truncate to. */
export type TruncKind = 'year' | 'month' | 'week' | 'day' | 'hour' | 'minute' | 'second';

const sqliteTruncate: Record<TruncKind, string> = {
  year: '%Y-01-01 00:00:00',
  month: '%Y-%m-01 00:00:00',
  week: '%Y-%m-%d 00:00:00',
  day: '%Y-%m-%d 00:00:00',
  hour: '%Y-%m-%d %H:00:00',
  minute: '%Y-%m-%d %H:%M:00',
  second: '%Y-%m-%d %H:%M:%S',
};

/** Which pattern lookup, and whether it ignores case. */
export interface PatternKind {
  readonly anchor: 'contains' | 'startswith' | 'endswith' | 'exact';
  readonly caseInsensitive: boolean;
}

/** Escapes `\`, `%` and `_` so a LIKE pattern matches them literally. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function escapeGlob(value: string): string {
  return value.replace(/[*?[]/g, (c) => `[${c}]`);
}

function wrap(escaped: string, any: string, kind: PatternKind): string {
  switch (kind.anchor) {
    case 'contains':
      return `${any}${escaped}${any}`;
    case 'startswith':
      return `${escaped}${any}`;
    case 'endswith':
      return `${any}${escaped}`;
    case 'exact':
      return escaped;
  }
}

/** Double-quotes an identifier; a double quote inside is doubled, so no name can break out. */
export function quoteName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

const sqliteParts = {
  year: `'%Y'`,
  month: `'%m'`,
  day: `'%d'`,
  hour: `'%H'`,
  minute: `'%M'`,
  second: `'%S'`,
  // ISO 8601 weeks, as Django's __week (2021-01-01 is in week 53 of 2020).
  week: `'%V'`,
} as const;

export const sqliteDialect: Dialect = {
  name: 'sqlite',
  placeholder: () => '?',
  columnType(type) {
    switch (type.kind) {
      case 'autoincrement':
        return 'integer';
      case 'integer':
        return type.size === 'small' ? 'smallint' : type.size === 'big' ? 'bigint' : 'integer';
      case 'float':
        return 'real';
      case 'decimal':
        return 'text';
      case 'varchar':
        return `varchar(${type.maxLength})`;
      case 'text':
      case 'json':
        return 'text';
      case 'boolean':
        return 'bool';
      case 'date':
        return 'date';
      case 'datetime':
        return 'datetime';
      case 'time':
        return 'time';
      case 'uuid':
        return 'char(36)';
      case 'binary':
        return 'blob';
    }
  },
  regex: (expr, param, ci) => (ci ? `stack_iregexp(${param}, ${expr})` : `${expr} REGEXP ${param}`),
  datePart(expr, part) {
    if (part === 'date') return `date(${expr})`;
    if (part === 'week_day') return `(CAST(strftime('%w', ${expr}) AS integer) + 1)`;
    if (part === 'quarter') return `((CAST(strftime('%m', ${expr}) AS integer) + 2) / 3)`;
    return `CAST(strftime(${sqliteParts[part]}, ${expr}) AS integer)`;
  },
  pattern(expr, placeholder, value, kind) {
    if (kind.caseInsensitive) {
      return {
        sql: `${expr} LIKE ${placeholder} ESCAPE '\\'`,
        param: wrap(escapeLike(value), '%', kind),
      };
    }
    // LIKE ignores case on SQLite; GLOB does not, so case-sensitive lookups use GLOB.
    return { sql: `${expr} GLOB ${placeholder}`, param: wrap(escapeGlob(value), '*', kind) };
  },
  random: 'RANDOM()',
  truncate(expr, kind, asDate) {
    // A week starts on Monday (ISO 8601): step to the next Sunday, then back six days.
    const start = kind === 'week' ? `date(${expr}, 'weekday 0', '-6 days')` : expr;
    const sql = `strftime('${sqliteTruncate[kind]}', ${start})`;
    return asDate ? `date(${sql})` : sql;
  },
  returningInsert: false,
  // Decimals are exact text on SQLite: compared and sorted through an order-preserving key.
  numeric: (expr) => `stack_decimal_key(${expr})`,
};

export const postgresDialect: Dialect = {
  name: 'postgres',
  placeholder: (index) => `$${index + 1}`,
  columnType(type) {
    switch (type.kind) {
      case 'autoincrement':
        return type.big ? 'bigserial' : 'serial';
      case 'integer':
        return type.size === 'small' ? 'smallint' : type.size === 'big' ? 'bigint' : 'integer';
      case 'float':
        return 'double precision';
      case 'decimal':
        return `numeric(${type.maxDigits}, ${type.decimalPlaces})`;
      case 'varchar':
        return `varchar(${type.maxLength})`;
      case 'text':
        return 'text';
      case 'json':
        return 'jsonb';
      case 'boolean':
        return 'boolean';
      case 'date':
        return 'date';
      case 'datetime':
        return 'timestamp with time zone';
      case 'time':
        return 'time';
      case 'uuid':
        return 'uuid';
      case 'binary':
        return 'bytea';
    }
  },
  regex: (expr, param, ci) => `${expr}::text ${ci ? '~*' : '~'} ${param}`,
  datePart(expr, part) {
    if (part === 'date') return `(${expr})::date`;
    if (part === 'week_day') return `(EXTRACT(DOW FROM ${expr})::integer + 1)`;
    return `EXTRACT(${part.toUpperCase()} FROM ${expr})::integer`;
  },
  pattern(expr, placeholder, value, kind) {
    const param = wrap(escapeLike(value), '%', kind);
    const sql = kind.caseInsensitive
      ? `UPPER(${expr}::text) LIKE UPPER(${placeholder}) ESCAPE '\\'`
      : `${expr}::text LIKE ${placeholder} ESCAPE '\\'`;
    return { sql, param };
  },
  random: 'RANDOM()',
  truncate(expr, kind, asDate) {
    const sql = `DATE_TRUNC('${kind}', ${expr})`;
    return asDate ? `(${sql})::date` : sql;
  },
  returningInsert: true,
  numeric: (expr) => expr,
};
