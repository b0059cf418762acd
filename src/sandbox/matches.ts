import type { Comparison, Condition, Literal } from './conditions.js';
import { compareNumbers, compareText, isNumeric, toInstant, valueAt } from './values.js';

/**
 * Whether a record satisfies a parsed condition. Text compares case-insensitively and a
 * comparison with a missing field is unknown, as in the SQL behind ConnectWise: `not` of
 * unknown stays unknown, and only records whose condition is true match.
 */
export function matches(condition: Condition, record: unknown): boolean {
  return evaluate(condition, record) === true;
}

/** SQL's three-valued logic: null is unknown. */
type Truth = boolean | null;

function evaluate(condition: Condition, record: unknown): Truth {
  switch (condition.kind) {
    case 'or': {
      const left = evaluate(condition.left, record);
      const right = evaluate(condition.right, record);
      if (left === true || right === true) return true;
      return left === null || right === null ? null : false;
    }
    case 'and': {
      const left = evaluate(condition.left, record);
      const right = evaluate(condition.right, record);
      if (left === false || right === false) return false;
      return left === null || right === null ? null : true;
    }
    case 'not':
      return negate(true, evaluate(condition.operand, record));
    case 'compare':
      return compare(valueAt(record, condition.field), condition.operator, condition.value);
    case 'like': {
      const pattern = wildcard(condition.value);
      return negate(condition.negated, testText(valueAt(record, condition.field), (text) => pattern.test(text)));
    }
    case 'contains': {
      const part = condition.value.toLowerCase();
      const found = testText(valueAt(record, condition.field), (text) => text.toLowerCase().includes(part));
      return negate(condition.negated, found);
    }
    case 'in': {
      const actual = valueAt(record, condition.field);
      const results = condition.values.map((value) => compare(actual, '=', value));
      const found = results.includes(true) ? true : results.includes(null) ? null : false;
      return negate(condition.negated, found);
    }
  }
}

function negate(negated: boolean, truth: Truth): Truth {
  return negated && truth !== null ? !truth : truth;
}

function testText(actual: unknown, test: (text: string) => boolean): Truth {
  return typeof actual === 'string' ? test(actual) : null;
}

/** `like` takes `%` (ConnectWise's SQL wildcard) and `*` alike. */
function wildcard(pattern: string): RegExp {
  const escaped = pattern.split(/[*%]/).map((part) => part.replace(/[\\^$.|?+()[\]{}]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`, 'is');
}

function compare(actual: unknown, operator: Comparison, literal: Literal): Truth {
  if (literal.type === 'null') return operator === '=' ? actual == null : actual != null;
  if (actual == null) return null;
  const order = orderOf(actual, literal);
  if (order === undefined) return null;
  switch (operator) {
    case '=':
      return order === 0;
    case '!=':
      return order !== 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
  }
}

/** How a record's value orders against a literal, or undefined when they cannot be compared. */
function orderOf(actual: unknown, literal: Exclude<Literal, { type: 'null' }>): number | undefined {
  switch (literal.type) {
    case 'number':
      if (typeof actual === 'number' || (typeof actual === 'string' && isNumeric(actual))) {
        return compareNumbers(actual, literal.value);
      }
      return undefined;
    case 'datetime': {
      const instant = typeof actual === 'string' ? toInstant(actual) : undefined;
      return instant === undefined ? undefined : Math.sign(instant - literal.value);
    }
    case 'string':
      if (typeof actual === 'string') return compareText(actual, literal.value);
      if (typeof actual === 'number' && isNumeric(literal.value)) return compareNumbers(actual, literal.value);
      return undefined;
    case 'boolean':
      return typeof actual === 'boolean' ? Number(actual !== literal.value) : undefined;
  }
}
