import { describe, expect, it } from 'vitest';
import { expenseLarge } from '../../../src/rules/expense/large.js';
import { ACME, JSMITH, expense, runRule, snapshot } from '../fixtures.js';

function check(fields: Record<string, unknown>, options: Record<string, unknown> = {}) {
  return runRule(expenseLarge, snapshot({ expenses: [expense({ type: { id: 3, name: 'Hotel' }, ...fields })] }), options);
}

describe('expense.large', () => {
  it.each([
    ['an amount a cent above the threshold', { amount: 500.01 }, {}, '500.01'],
    ['an invoice amount above the threshold, whatever the amount', { amount: 120, invoiceAmount: 812 }, {}, '812.00'],
    ['an amount above a configured threshold', { amount: 250 }, { threshold: '200.00' }, '250.00'],
    ['an expense dated on the last day of the period', { amount: 900, date: '2026-10-31T00:00:00Z' }, {}, '900.00'],
  ])('fires for %s, at what it bills', (_name, fields, options, amount) => {
    const findings = check(fields, options);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.company).toEqual(ACME);
    expect(finding?.member).toEqual(JSMITH);
    expect(finding?.records).toEqual([{ type: 'expense', id: 401 }]);
    expect(finding?.amount?.toFixed(2)).toBe(amount);
  });

  it('says what it bills and the threshold', () => {
    expect(check({ amount: 812 })[0]?.message).toBe(
      'Expense #401 (jsmith, 2026-10-07, Hotel, 812.00) for Acme Corp bills 812.00, above the 500.00 review threshold: review it before it reaches the client.',
    );
  });

  it.each([
    ['an amount at the threshold', { amount: 500 }, {}],
    ['an invoice amount below the threshold, whatever the amount', { amount: 900, invoiceAmount: 450 }, {}],
    ['an amount below a configured threshold', { amount: 900 }, { threshold: '1000.00' }],
    ['a DoNotBill expense', { amount: 900, billableOption: 'DoNotBill' }, {}],
    ['a NoCharge expense', { amount: 900, billableOption: 'NoCharge' }, {}],
    ['an expense dated before the period', { amount: 900, date: '2026-09-30T00:00:00Z' }, {}],
    ['an expense dated after the period', { amount: 900, date: '2026-11-01T00:00:00Z' }, {}],
  ])('stays quiet for %s', (_name, fields, options) => {
    expect(check(fields, options)).toEqual([]);
  });

  it('refuses a threshold with more than two decimals', () => {
    expect(() => expenseLarge.options.parse({ threshold: '500.001' })).toThrow();
  });
});
