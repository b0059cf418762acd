import { describe, expect, it } from 'vitest';
import { expenseDuplicate } from '../../../src/rules/expense/duplicate.js';
import { ACME, ADOE, GLOBEX, JSMITH, expense, runRule, snapshot } from '../fixtures.js';

function check(expenses: ReturnType<typeof expense>[]) {
  return runRule(expenseDuplicate, snapshot({ expenses }));
}

describe('expense.duplicate', () => {
  it('fires once for two identical expenses, naming both by ascending id', () => {
    const findings = check([expense({ id: 402 }), expense({ id: 401 })]);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.records).toEqual([
      { type: 'expense', id: 401 },
      { type: 'expense', id: 402 },
    ]);
    expect(finding?.company).toEqual(ACME);
    expect(finding?.member).toEqual(JSMITH);
    expect(finding?.date).toBe('2026-10-07');
    expect(finding?.amount?.toFixed(2)).toBe('42.50');
    expect(finding?.message).toBe(
      'Expenses #401 and #402 (jsmith, 2026-10-07, Mileage, 42.50 each) look like the same expense entered 2 times: 42.50 too much may be billed to Acme Corp.',
    );
  });

  it('puts three copies in one finding, with the two extra copies as the amount', () => {
    const findings = check([expense({ id: 401 }), expense({ id: 402, amount: '42.50' }), expense({ id: 403, amount: 42.5 })]);
    expect(findings.map((finding) => [finding.records.map((record) => record.id), finding.amount?.toFixed(2)])).toEqual([
      [[401, 402, 403], '85.00'],
    ]);
  });

  it('compares amounts, not invoice amounts', () => {
    expect(check([expense({ id: 401, invoiceAmount: 50 }), expense({ id: 402, invoiceAmount: 60 })])).toHaveLength(1);
  });

  it.each([
    ['another member', { member: ADOE }],
    ['another date', { date: '2026-10-08T00:00:00Z' }],
    ['another expense type', { type: { id: 3, name: 'Parking' } }],
    ['another company', { company: GLOBEX }],
    ['another amount', { amount: '42.51' }],
  ])('stays quiet when the second expense has %s', (_name, fields) => {
    expect(check([expense({ id: 401 }), expense({ id: 402, ...fields })])).toEqual([]);
  });

  it('stays quiet for copies dated before the period', () => {
    const september = { date: '2026-09-30T00:00:00Z' };
    expect(check([expense({ id: 401, ...september }), expense({ id: 402, ...september })])).toEqual([]);
  });
});
