import { FieldError } from '../errors.js';
import type { Field } from '../fields/field.js';
import { DecimalField } from '../fields/decimal.js';
import { DateTimeField } from '../fields/temporal.js';
import { isModelInstance } from '../model/state.js';
import type { DatePart } from '../model/types.js';
import { MARK, type SqlBuilder, TRANSFORMS } from './builder.js';

export { TRANSFORMS };
import { Expression } from './expressions.js';

/** Every lookup name. */
export const LOOKUPS = new Set([
  'exact',
  'iexact',
  'contains',
  'icontains',
  'startswith',
  'istartswith',
  'endswith',
  'iendswith',
  'in',
  'gt',
  'gte',
  'lt',
  'lte',
  'range',
  'isnull',
  'regex',
  'iregex',
]);

const COMPARISONS: Record<string, string> = { exact: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' };

/** Anything with a compiled query: a QuerySet used as an `__in` subquery. */
export interface Subquery {
  compileSubquery(builder: SqlBuilder): string;
}

function isSubquery(value: unknown): value is Subquery {
  return typeof value === 'object' && value !== null && 'compileSubquery' in value;
}

function toDbValue(field: Field<unknown, boolean> | undefined, builder: SqlBuilder) {
  const dialect = builder.dialect;
  return (value: unknown): unknown => {
    if (isModelInstance(value)) value = value.pk;
    return field === undefined ? value : field.toDb(value, dialect);
  };
}

/**
 * Renders one lookup: `column` (already resolved), the lookup chain left over after the field
 * path (`['year', 'gte']`), and the leaf's value. Unknown lookups are a FieldError.
 */
export function compileLookup(
  builder: SqlBuilder,
  column: string,
  field: Field<unknown, boolean> | undefined,
  rest: readonly string[],
  value: unknown,
): string {
  let expr = column;
  let convert = toDbValue(field, builder);
  let lookup = 'exact';
  const parts = [...rest];
  if (parts.length > 0 && TRANSFORMS.has(parts[0]!)) {
    const part = parts.shift() as DatePart | 'date';
    expr = builder.dialect.datePart(column, part);
    convert =
      part === 'date'
        ? (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v)
        : (v) => (typeof v === 'number' ? v : Number(v));
    if (
      field !== undefined &&
      !(field instanceof DateTimeField) &&
      part !== 'date' &&
      !field.columnType().kind.startsWith('date')
    ) {
      throw new FieldError(
        `Unsupported lookup '${part}' for ${field.constructor.name} '${field.name}'.`,
      );
    }
  }
  if (parts.length > 0) lookup = parts.shift()!;
  if (parts.length > 0 || !LOOKUPS.has(lookup)) {
    throw new FieldError(
      `Unsupported lookup '${[lookup, ...parts].join('__')}' for field '${field?.name ?? column}'.`,
    );
  }
  const numeric =
    field instanceof DecimalField && expr === column && builder.dialect.name === 'sqlite';
  const lhs = numeric ? builder.dialect.numeric(expr) : expr;
  const rhs = (v: unknown): string => {
    if (v instanceof Expression) return v.compile(builder);
    const ph = builder.leafParam(v, convert);
    return numeric ? builder.dialect.numeric(ph) : ph;
  };

  switch (lookup) {
    case 'exact':
      if (value === null || value === undefined) return `${expr} IS NULL`;
      return `${lhs} = ${rhs(value)}`;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      if (value === null || value === undefined)
        throw new FieldError(`'${lookup}' needs a value, not null.`);
      return `${lhs} ${COMPARISONS[lookup]} ${rhs(value)}`;
    case 'isnull':
      if (typeof value !== 'boolean') throw new FieldError(`'isnull' takes true or false.`);
      return `${expr} IS ${value ? '' : 'NOT '}NULL`;
    case 'in':
      return compileIn(builder, lhs, value, convert, numeric);
    case 'range': {
      if (!Array.isArray(value) || value.length !== 2)
        throw new FieldError(`'range' takes a pair [low, high].`);
      const low =
        value[0] instanceof Expression
          ? value[0].compile(builder)
          : builder.leafParam(value, (v) => convert((v as unknown[])[0]));
      const high =
        value[1] instanceof Expression
          ? value[1].compile(builder)
          : builder.leafParam(value, (v) => convert((v as unknown[])[1]));
      return numeric
        ? `${lhs} BETWEEN ${builder.dialect.numeric(low)} AND ${builder.dialect.numeric(high)}`
        : `${lhs} BETWEEN ${low} AND ${high}`;
    }
    case 'regex':
    case 'iregex':
      return builder.dialect.regex(
        expr,
        builder.leafParam(stringValue(value, lookup)),
        lookup === 'iregex',
      );
    default:
      return compilePattern(builder, expr, lookup, value);
  }
}

function stringValue(value: unknown, lookup: string): string {
  if (value === null || value === undefined)
    throw new FieldError(`'${lookup}' needs a value, not null.`);
  if (typeof value === 'object') throw new FieldError(`'${lookup}' takes a string.`);
  return String(value);
}

function compilePattern(builder: SqlBuilder, expr: string, lookup: string, value: unknown): string {
  const text = stringValue(value, lookup);
  const caseInsensitive = lookup.startsWith('i');
  const anchor = (caseInsensitive ? lookup.slice(1) : lookup) as
    'contains' | 'startswith' | 'endswith' | 'exact';
  const kind = { anchor, caseInsensitive };
  void text;
  let rendered = '';
  builder.leafParam(value, (v) => {
    const pattern = builder.dialect.pattern(expr, MARK, String(v), kind);
    rendered = pattern.sql;
    return pattern.param;
  });
  return rendered;
}

function compileIn(
  builder: SqlBuilder,
  lhs: string,
  value: unknown,
  convert: (v: unknown) => unknown,
  numeric: boolean,
): string {
  if (isSubquery(value)) return `${lhs} IN (${value.compileSubquery(builder)})`;
  if (!Array.isArray(value) && !(value instanceof Set))
    throw new FieldError(`'in' takes a list or a queryset.`);
  const items = [...(value as Iterable<unknown>)];
  if (items.length === 0) return '1 = 0';
  const marks: string[] = [];
  for (let i = 0; i < items.length; i++) {
    const ph = builder.leafParam(value, (v) =>
      convert((Array.isArray(v) ? v : [...(v as Iterable<unknown>)])[i]),
    );
    marks.push(numeric ? builder.dialect.numeric(ph) : ph);
  }
  return `${lhs} IN (${marks.join(', ')})`;
}
