import type { RenderContext } from './context.js';
import type { FilterExpression } from './expression.js';
import { ExpressionError } from './expression.js';
import { andThen } from './nodes.js';
import { pyBool, pyContains, pyEquals } from './py.js';
import { SafeString } from '@stack/utils';

/** A parsed `{% if %}` condition (Django's smartif). */
export type Condition =
  | { readonly op: 'literal'; readonly expression: FilterExpression }
  | { readonly op: 'not'; readonly first: Condition }
  | { readonly op: string; readonly first: Condition; readonly second: Condition };

const INFIX: Record<string, number> = {
  or: 6,
  and: 7,
  in: 9,
  'not in': 9,
  is: 10,
  'is not': 10,
  '==': 10,
  '!=': 10,
  '>': 10,
  '>=': 10,
  '<': 10,
  '<=': 10,
};
const NOT_PRECEDENCE = 8;

/**
 * Django's `IfParser`: a Pratt parser over the tag's bits, with `not in` and `is not` joined
 * first; operands are filter expressions.
 */
export function parseCondition(
  bits: readonly string[],
  compile: (source: string) => FilterExpression,
): Condition {
  const tokens: string[] = [];
  for (let i = 0; i < bits.length; i++) {
    const bit = bits[i] as string;
    const next = bits[i + 1];
    if (bit === 'is' && next === 'not') {
      tokens.push('is not');
      i++;
    } else if (bit === 'not' && next === 'in') {
      tokens.push('not in');
      i++;
    } else tokens.push(bit);
  }
  let pos = 0;
  const isOperator = (t: string | undefined): boolean =>
    t !== undefined && (Object.hasOwn(INFIX, t) || t === 'not');

  const expression = (rbp: number): Condition => {
    const token = tokens[pos++];
    if (token === undefined) throw new ExpressionError('Unexpected end of expression in if tag.');
    let left: Condition;
    if (token === 'not') left = { op: 'not', first: expression(NOT_PRECEDENCE) };
    else if (Object.hasOwn(INFIX, token))
      throw new ExpressionError(`Not expecting '${token}' in this position in if tag.`);
    else left = { op: 'literal', expression: compile(token) };
    for (;;) {
      const op = tokens[pos];
      if (op === undefined) return left;
      if (!isOperator(op) || op === 'not') {
        throw new ExpressionError(`Unused '${op}' at end of if expression.`);
      }
      const lbp = INFIX[op] as number;
      if (rbp >= lbp) return left;
      pos++;
      left = { op, first: left, second: expression(lbp) };
    }
  };
  const condition = expression(0);
  if (pos < tokens.length)
    throw new ExpressionError(`Unused '${tokens[pos]}' at end of if expression.`);
  return condition;
}

function compare(op: string, a: unknown, b: unknown): boolean {
  try {
    switch (op) {
      case '==':
        return pyEquals(a, b);
      case '!=':
        return !pyEquals(a, b);
      case 'in':
        return pyContains(b, a);
      case 'not in':
        return !pyContains(b, a);
      case 'is':
        return (a ?? null) === (b ?? null);
      case 'is not':
        return (a ?? null) !== (b ?? null);
      default:
        return order(op, a, b);
    }
  } catch {
    return false;
  }
}

function order(op: string, left: unknown, right: unknown): boolean {
  const a = left instanceof SafeString ? left.value : left instanceof Date ? left.getTime() : left;
  const b =
    right instanceof SafeString ? right.value : right instanceof Date ? right.getTime() : right;
  const numeric = (v: unknown): boolean => typeof v === 'number' || typeof v === 'boolean';
  if (!(numeric(a) && numeric(b)) && !(typeof a === 'string' && typeof b === 'string'))
    return false;
  const x = a as number;
  const y = b as number;
  if (op === '<') return x < y;
  if (op === '>') return x > y;
  if (op === '<=') return x <= y;
  return x >= y;
}

/** Evaluates a condition; a promise only when an operand had to be awaited. */
export function evaluate(condition: Condition, ctx: RenderContext): unknown {
  switch (condition.op) {
    case 'literal':
      return (condition as { expression: FilterExpression }).expression.resolve(ctx, true);
    case 'not':
      return andThen(evaluate(condition.first as Condition, ctx), (v) => !pyBool(v));
    case 'or':
      return andThen(evaluate(condition.first as Condition, ctx), (v) =>
        pyBool(v) ? v : evaluate((condition as { second: Condition }).second, ctx),
      );
    case 'and':
      return andThen(evaluate(condition.first as Condition, ctx), (v) =>
        pyBool(v) ? evaluate((condition as { second: Condition }).second, ctx) : v,
      );
    default: {
      const { first, second } = condition as { first: Condition; second: Condition };
      return andThen(evaluate(first, ctx), (a) =>
        andThen(evaluate(second, ctx), (b) => compare(condition.op, a, b)),
      );
    }
  }
}
