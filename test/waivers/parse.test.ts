import { describe, expect, it } from 'vitest';
import { parseWaiverLines } from '../../src/waivers/parse.js';

const A = '0123456789abcdef';
const B = 'fedcba9876543210';

describe('parseWaiverLines', () => {
  it.each([
    ['one ref', `billing-guard waive ${A}: agreed with the client`, [A], 'agreed with the client'],
    ['refs separated by commas', `billing-guard waive ${A},${B}: two agreements on purpose`, [A, B], 'two agreements on purpose'],
    ['refs separated by commas and spaces', `billing-guard waive ${A} , ${B}: ok`, [A, B], 'ok'],
    ['refs separated by spaces only', `billing-guard waive ${A} ${B}: ok`, [A, B], 'ok'],
    ['any case, refs lowered', `Billing-Guard WAIVE ${A.toUpperCase()}: fine`, [A], 'fine'],
    ['a reason with its own colons', `billing-guard waive ${A}: see note: agreed 10:30`, [A], 'see note: agreed 10:30'],
    ['indented', `   billing-guard waive ${A}: ok`, [A], 'ok'],
  ])('reads %s', (_name, text, refs, reason) => {
    expect(parseWaiverLines(text)).toEqual([{ line: text.trim(), refs, reason }]);
  });

  it('finds a waiver line inside a longer note', () => {
    const text = `Spoke with the client today.\nbilling-guard waive ${A}: the overlap was agreed\nThanks, Jo`;
    expect(parseWaiverLines(text)).toEqual([
      { line: `billing-guard waive ${A}: the overlap was agreed`, refs: [A], reason: 'the overlap was agreed' },
    ]);
  });

  it.each([
    ['no colon', `billing-guard waive ${A}`],
    ['an empty reason', `billing-guard waive ${A}:   `],
  ])('keeps a line with %s, with no reason', (_name, text) => {
    expect(parseWaiverLines(text)).toEqual([{ line: text.trim(), refs: [A], reason: null }]);
  });

  it('keeps what is not an exception id, to be answered', () => {
    expect(parseWaiverLines('billing-guard waive 3f9c: ok')[0]?.refs).toEqual(['3f9c']);
  });

  it.each([
    ['an ordinary note', 'The client called about the invoice.'],
    ['the keyword not at the start of a line', `please write billing-guard waive ${A}: reason`],
    ['another command', `billing-guard waiver ${A}: reason`],
  ])('finds nothing in %s', (_name, text) => {
    expect(parseWaiverLines(text)).toEqual([]);
  });
});
