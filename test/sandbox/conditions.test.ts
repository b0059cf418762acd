import { describe, expect, it } from 'vitest';
import { ConditionsError, parseConditions } from '../../src/sandbox/conditions.js';
import { matches } from '../../src/sandbox/matches.js';

const entry = {
  id: 101,
  summary: 'Printer "jam" on 2nd floor',
  hours: 2.5,
  billable: true,
  company: { id: 19, identifier: 'ACME' },
  agreement: null,
  timeStart: '2026-10-01T01:00:00-04:00',
};

function check(conditions: string, record: object = entry): boolean {
  return matches(parseConditions(conditions), record);
}

function failure(conditions: string): ConditionsError {
  try {
    parseConditions(conditions);
  } catch (error) {
    if (error instanceof ConditionsError) return error;
    throw error;
  }
  throw new Error(`"${conditions}" parsed`);
}

describe('conditions: comparison operators', () => {
  it.each([
    ['id = 101', true],
    ['id = 102', false],
    ['id != 102', true],
    ['id != 101', false],
    ['id < 102', true],
    ['id < 101', false],
    ['id <= 101', true],
    ['id > 100', true],
    ['id > 101', false],
    ['id >= 101', true],
    ['hours > 2.49', true],
    ['hours = 2.50', true],
    ['hours < -1', false],
  ])('%s is %s', (conditions, expected) => {
    expect(check(conditions)).toBe(expected);
  });

  it('follows nested field paths written with /', () => {
    expect(check('company/id = 19')).toBe(true);
    expect(check('company/identifier = "ACME"')).toBe(true);
    expect(check('company/missing/deeper = 1')).toBe(false);
  });

  it('compares text case-insensitively, with either quote and doubled quotes inside', () => {
    expect(check("company/identifier = 'acme'")).toBe(true);
    expect(check('summary = "Printer ""jam"" on 2nd floor"')).toBe(true);
    expect(check(`summary = 'Printer "jam" on 2nd floor'`)).toBe(true);
    expect(check("company/identifier < 'B'")).toBe(true);
  });

  it('compares booleans with true and false', () => {
    expect(check('billable = true')).toBe(true);
    expect(check('billable = FALSE')).toBe(false);
    expect(check('billable != false')).toBe(true);
  });

  it('matches null with = null and != null, a missing field counting as null', () => {
    expect(check('agreement = null')).toBe(true);
    expect(check('nothing = null')).toBe(true);
    expect(check('company != null')).toBe(true);
    expect(check('company = null')).toBe(false);
  });
});

describe('conditions: like, contains, in', () => {
  it('like takes * as a wildcard, anchored and case-insensitive', () => {
    expect(check('summary like "printer*"')).toBe(true);
    expect(check('summary like "*FLOOR"')).toBe(true);
    expect(check('summary like "*jam*"')).toBe(true);
    expect(check('summary like "jam*"')).toBe(false);
    expect(check('summary like "Printer (jam)*"')).toBe(false);
    expect(check('summary not like "jam*"')).toBe(true);
  });

  it('like takes % as a wildcard too, as ConnectWise does', () => {
    expect(check('summary like "printer%"')).toBe(true);
    expect(check('summary like "%jam%"')).toBe(true);
    expect(check('summary like "jam%"')).toBe(false);
  });

  it('contains finds a part of the text, case-insensitively', () => {
    expect(check('summary contains "JAM"')).toBe(true);
    expect(check('summary contains "toner"')).toBe(false);
    expect(check('summary not contains "toner"')).toBe(true);
  });

  it('in and not in test membership of a list', () => {
    expect(check('id in (1, 101, 3)')).toBe(true);
    expect(check('id in (1,2,3)')).toBe(false);
    expect(check('company/identifier in ("globex", "acme")')).toBe(true);
    expect(check('id not in (1, 2, 3)')).toBe(true);
    expect(check('id NOT IN (101)')).toBe(false);
  });
});

describe('conditions: and, or, not, parentheses', () => {
  it('binds not tighter than and, and and tighter than or', () => {
    // true or (false and false) = true; (true or false) and false would be false
    expect(check('id = 101 or id = 1 and id = 2')).toBe(true);
    // (false and true) or true = true
    expect(check('id = 1 and id = 101 or id = 101')).toBe(true);
    // (not true) and true = false; not (true and true) is also false, so check with or:
    // (not true) or true = true, while not (true or true) would be false
    expect(check('not id = 101 or id = 101')).toBe(true);
    // (not false) and false = false, while not (false and false) would be true
    expect(check('not id = 1 and id = 2')).toBe(false);
  });

  it('lets parentheses override precedence', () => {
    expect(check('(id = 101 or id = 1) and id = 2')).toBe(false);
    expect(check('not (id = 101 or id = 1)')).toBe(false);
    expect(check('((id = 101))')).toBe(true);
  });

  it('reads keywords in any case', () => {
    expect(check('id = 101 AND company/id = 19')).toBe(true);
    expect(check('id = 1 Or NOT company/id = 20')).toBe(true);
  });

  it('treats a comparison with a missing field as unknown, as SQL does', () => {
    expect(check('agreement/id != 5')).toBe(false);
    expect(check('not agreement/id = 5')).toBe(false);
    expect(check('agreement/id = 5 or id = 101')).toBe(true);
    expect(check('agreement/id != 5 and id = 101')).toBe(false);
  });
});

describe('conditions: date-times', () => {
  it('compares [date-times] with record date strings as instants, whatever their offset', () => {
    // 2026-10-01T01:00:00-04:00 is 05:00Z
    expect(check('timeStart = [2026-10-01T05:00:00Z]')).toBe(true);
    expect(check('timeStart > [2026-10-01T04:59:59Z]')).toBe(true);
    expect(check('timeStart > [2026-10-01T05:00:00Z]')).toBe(false);
    expect(check('timeStart < [2026-10-01T02:00:00-04:00]')).toBe(true);
    expect(check('timeStart >= [2026-10-01]')).toBe(true);
  });

  it('reads a date-time without an offset as UTC', () => {
    expect(check('timeStart = [2026-10-01T05:00:00]')).toBe(true);
  });
});

describe('conditions: malformed input', () => {
  it.each([
    ['id =', 'Expected a value at position 5, found the end of the conditions', 5],
    ['id = 1 and', 'Expected a field name at position 11, found the end of the conditions', 11],
    ['id 5', 'Expected an operator after "id" at position 4, found "5"', 4],
    ['(id = 1', 'Expected ")" at position 8, found the end of the conditions', 8],
    ['id = 1)', 'Expected "and", "or" or the end of the conditions at position 7, found ")"', 7],
    ['summary = "open', 'Unterminated string at position 11', 11],
    ['timeStart > [2026-10-01', 'Unterminated date-time at position 13', 13],
    ['timeStart > [yesterday]', 'Expected an ISO date-time inside [ ] at position 13, found "[yesterday]"', 13],
    ['id = 1 & id = 2', 'Unexpected character "&" at position 8', 8],
    ['id < null', '"<" cannot compare with null at position 6, found "null"', 6],
    ['summary like 5', 'Expected a quoted string after "like" at position 14, found "5"', 14],
    ['id in 1, 2', 'Expected "(" after "in" at position 7, found "1"', 7],
    ['and = 1', 'Expected a field name at position 1, found "and"', 1],
  ])('%s is refused with the problem and its position', (conditions, message, position) => {
    const error = failure(conditions);
    expect(error.message).toBe(message);
    expect(error.position).toBe(position);
  });
});
