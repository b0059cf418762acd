import { splitPath, toInstant } from './values.js';

/**
 * The ConnectWise `conditions` grammar: a tokenizer and a recursive-descent parser.
 *
 *   or         := and ('or' and)*
 *   and        := not ('and' not)*
 *   not        := 'not' not | '(' or ')' | comparison
 *   comparison := field ('=' | '!=' | '<' | '<=' | '>' | '>=') value
 *               | field ['not'] ('like' | 'contains') string
 *               | field ['not'] 'in' '(' value (',' value)* ')'
 *   value      := string | number | [date-time] | true | false | null
 *
 * Keywords are case-insensitive; strings are quoted with ' or " (a doubled quote escapes
 * itself); `like` takes `*` as its wildcard. Evaluation is in matches.ts.
 */

export type Comparison = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Literal =
  | { type: 'string'; value: string }
  | { type: 'number'; value: string }
  | { type: 'datetime'; value: number }
  | { type: 'boolean'; value: boolean }
  | { type: 'null' };

export type Condition =
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; operand: Condition }
  | { kind: 'compare'; field: string[]; operator: Comparison; value: Literal }
  | { kind: 'like' | 'contains'; field: string[]; value: string; negated: boolean }
  | { kind: 'in'; field: string[]; values: Literal[]; negated: boolean };

/** A malformed condition; `position` is the 1-based character where the problem starts. */
export class ConditionsError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'ConditionsError';
  }
}

export function parseConditions(source: string): Condition {
  return new Parser(tokenize(source)).parse();
}

type TokenType = 'punct' | 'symbol' | 'string' | 'datetime' | 'number' | 'word' | 'end';
interface Token {
  type: TokenType;
  text: string;
  position: number;
}

const LEXEMES: ReadonlyArray<[TokenType | 'space', RegExp]> = [
  ['space', /\s+/y],
  ['punct', /[(),]/y],
  ['symbol', /!=|<=|>=|=|<|>/y],
  ['string', /"(?:[^"]|"")*"|'(?:[^']|'')*'/y],
  ['datetime', /\[[^\]]*\]/y],
  ['number', /-?\d+(?:\.\d+)?(?![\w/.])/y],
  ['word', /[A-Za-z_][\w/.]*/y],
];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < source.length) {
    const lexeme = LEXEMES.find(([, pattern]) => {
      pattern.lastIndex = index;
      return pattern.test(source);
    });
    if (!lexeme) throw unreadable(source, index);
    const [type, pattern] = lexeme;
    if (type !== 'space') tokens.push({ type, text: source.slice(index, pattern.lastIndex), position: index + 1 });
    index = pattern.lastIndex;
  }
  tokens.push({ type: 'end', text: '', position: source.length + 1 });
  return tokens;
}

function unreadable(source: string, index: number): ConditionsError {
  const character = source.charAt(index);
  const problem =
    character === '"' || character === "'"
      ? 'Unterminated string'
      : character === '['
        ? 'Unterminated date-time'
        : `Unexpected character "${character}"`;
  return new ConditionsError(`${problem} at position ${index + 1}`, index + 1);
}

const KEYWORDS = new Set(['and', 'or', 'not', 'like', 'contains', 'in', 'true', 'false', 'null']);

class Parser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): Condition {
    const condition = this.or();
    const rest = this.peek();
    if (rest.type !== 'end') throw this.error('Expected "and", "or" or the end of the conditions', rest);
    return condition;
  }

  private or(): Condition {
    let left = this.and();
    while (this.acceptKeyword('or')) left = { kind: 'or', left, right: this.and() };
    return left;
  }

  private and(): Condition {
    let left = this.not();
    while (this.acceptKeyword('and')) left = { kind: 'and', left, right: this.not() };
    return left;
  }

  private not(): Condition {
    if (this.acceptKeyword('not')) return { kind: 'not', operand: this.not() };
    if (this.acceptPunct('(')) {
      const inner = this.or();
      this.expectPunct(')', 'Expected ")"');
      return inner;
    }
    return this.comparison();
  }

  private comparison(): Condition {
    const name = this.next();
    if (name.type !== 'word' || KEYWORDS.has(name.text.toLowerCase())) {
      throw this.error('Expected a field name', name);
    }
    const field = splitPath(name.text);
    const symbol = this.peek();
    if (symbol.type === 'symbol') {
      this.index += 1;
      return { kind: 'compare', field, operator: symbol.text as Comparison, value: this.comparedValue(symbol) };
    }
    const negated = this.acceptKeyword('not');
    const operator = this.next();
    switch (operator.text.toLowerCase()) {
      case 'like':
      case 'contains': {
        const kind = operator.text.toLowerCase() as 'like' | 'contains';
        const value = this.value();
        if (value.type !== 'string') throw this.error(`Expected a quoted string after "${kind}"`, this.previous());
        return { kind, field, value: value.value, negated };
      }
      case 'in':
        return { kind: 'in', field, values: this.list(), negated };
      default:
        throw this.error(`Expected an operator after "${name.text}"`, operator);
    }
  }

  private comparedValue(operator: Token): Literal {
    const value = this.value();
    const equality = operator.text === '=' || operator.text === '!=';
    if (!equality && (value.type === 'null' || value.type === 'boolean')) {
      throw this.error(`"${operator.text}" cannot compare with ${this.previous().text}`, this.previous());
    }
    return value;
  }

  private list(): Literal[] {
    this.expectPunct('(', 'Expected "(" after "in"');
    const values: Literal[] = [];
    do {
      const value = this.value();
      if (value.type === 'null') throw this.error('"in" cannot list null', this.previous());
      values.push(value);
    } while (this.acceptPunct(','));
    this.expectPunct(')', 'Expected "," or ")"');
    return values;
  }

  private value(): Literal {
    const token = this.next();
    switch (token.type) {
      case 'string':
        return { type: 'string', value: unquote(token.text) };
      case 'number':
        return { type: 'number', value: token.text };
      case 'datetime': {
        const instant = toInstant(token.text.slice(1, -1).trim());
        if (instant === undefined) throw this.error('Expected an ISO date-time inside [ ]', token);
        return { type: 'datetime', value: instant };
      }
      case 'word': {
        const word = token.text.toLowerCase();
        if (word === 'null') return { type: 'null' };
        if (word === 'true' || word === 'false') return { type: 'boolean', value: word === 'true' };
        break;
      }
    }
    throw this.error('Expected a value', token);
  }

  private peek(): Token {
    return this.tokens[this.index] ?? this.tokens[this.tokens.length - 1]!;
  }

  private previous(): Token {
    return this.tokens[this.index - 1]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.type !== 'end') this.index += 1;
    return token;
  }

  private acceptKeyword(keyword: string): boolean {
    const token = this.peek();
    const found = token.type === 'word' && token.text.toLowerCase() === keyword;
    if (found) this.index += 1;
    return found;
  }

  private acceptPunct(text: string): boolean {
    const found = this.peek().type === 'punct' && this.peek().text === text;
    if (found) this.index += 1;
    return found;
  }

  private expectPunct(text: string, expected: string): void {
    if (!this.acceptPunct(text)) throw this.error(expected, this.peek());
  }

  private error(expected: string, token: Token): ConditionsError {
    const found = token.type === 'end' ? 'the end of the conditions' : `"${token.text}"`;
    return new ConditionsError(`${expected} at position ${token.position}, found ${found}`, token.position);
  }
}

function unquote(text: string): string {
  const quote = text.charAt(0);
  return text.slice(1, -1).replaceAll(quote + quote, quote);
}
