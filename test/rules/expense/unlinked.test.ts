import { describe, expect, it } from 'vitest';
import { expenseUnlinked } from '../../../src/rules/expense/unlinked.js';
import { ACME, JSMITH, expense, runRule, snapshot } from '../fixtures.js';

/** A Billable expense charged to nothing: no agreement, no ticket, no project. */
const loose = (fields: Record<string, unknown> = {}) => expense({ chargeToType: null, chargeToId: null, ...fields });

function check(fields: Record<string, unknown>) {
  return runRule(expenseUnlinked, snapshot({ expenses: [loose(fields)] }));
}

describe('expense.unlinked', () => {
  it.each([
    ['an expense charged to nothing', {}, '42.50'],
    ['an expense on a charge code', { chargeToType: 'ChargeCode', chargeToId: 12 }, '42.50'],
    ['an expense with an invoice amount', { invoiceAmount: '55.25' }, '55.25'],
    ['an expense dated on the last day of the period', { date: '2026-10-31T00:00:00Z' }, '42.50'],
  ])('fires for %s, at what it bills', (_name, fields, amount) => {
    const findings = check(fields);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.records).toEqual([{ type: 'expense', id: 401 }]);
    expect(finding?.company).toEqual(ACME);
    expect(finding?.member).toEqual(JSMITH);
    expect(finding?.amount?.toFixed(2)).toBe(amount);
    expect(finding?.message).toMatch(/^Expense #401 \(jsmith, 2026-10-\d\d, Mileage, [\d.]+\) for Acme Corp is billable but on no agreement, ticket or project/);
  });

  it.each([
    ['an expense on an agreement', { agreement: { id: 88 } }],
    ['an expense on a ticket', { ticket: { id: 5001 } }],
    ['an expense charged to a service ticket', { chargeToType: 'ServiceTicket', chargeToId: 5001 }],
    ['an expense charged to a project ticket', { chargeToType: 'ProjectTicket', chargeToId: 7001 }],
    ['an expense on a project', { project: { id: 31 } }],
    ['a DoNotBill expense', { billableOption: 'DoNotBill' }],
    ['a NoCharge expense', { billableOption: 'NoCharge' }],
    ['an expense dated before the period', { date: '2026-09-30T00:00:00Z' }],
    ['an expense dated after the period', { date: '2026-11-01T00:00:00Z' }],
  ])('stays quiet for %s', (_name, fields) => {
    expect(check(fields)).toEqual([]);
  });
});
