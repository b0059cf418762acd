import { describe, expect, it } from 'vitest';
import { additionBelowCost } from '../../../src/rules/addition/below-cost.js';
import { ACME, addition, agreement, runRule, snapshot } from '../fixtures.js';
import { expectRecordsNamed } from '../time/brief.js';

/** Ten M365-BP seats at 22.00 each, on Acme's managed agreement. */
function check(additionFields: Record<string, unknown>, agreementFields: Record<string, unknown> = {}) {
  const additions = [addition(additionFields)];
  const findings = runRule(additionBelowCost, snapshot({ agreements: [agreement(agreementFields, { additions })] }));
  expectRecordsNamed(findings);
  return findings;
}

describe('addition.below-cost', () => {
  it.each([
    ['a unit cost above the unit price', { unitCost: 25 }, '30.00'],
    ['a unit cost a cent above the unit price', { unitCost: 22.01 }, '0.10'],
    ['included units left out of the loss', { unitCost: 25, lessIncluded: 4 }, '18.00'],
    ['a loss rounded half-up to the cent', { unitCost: 22.005, quantity: 1 }, '0.01'],
    ['no unit price at all', { unitCost: 3, unitPrice: null }, '30.00'],
    ['an addition cancelled during the period', { unitCost: 25, cancelledDate: '2026-10-15T00:00:00Z' }, '30.00'],
  ])('fires for %s, with the loss of the period', (_name, fields, amount) => {
    const findings = check(fields);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.company).toEqual(ACME);
    expect(finding?.records).toEqual([
      { type: 'addition', id: 301 },
      { type: 'agreement', id: 88 },
    ]);
    expect(finding?.amount?.toFixed(2)).toBe(amount);
  });

  it('says the price, the cost and what is lost', () => {
    expect(check({ unitCost: 25 })[0]?.message).toBe(
      'Billable addition #301 (M365-BP) on agreement #88 "Managed Services — Acme" (Acme Corp) sells at 22.00 a unit, below its cost of 25.00: 30.00 lost on 10 units in 2026-10.',
    );
  });

  it.each([
    ['a unit cost equal to the unit price', { unitCost: 22 }, {}],
    ['a unit cost below the unit price', { unitCost: 14.5 }, {}],
    ['no unit cost', { unitCost: null }, {}],
    ['a DoNotBill addition', { unitCost: 25, billCustomer: 'DoNotBill' }, {}],
    ['a NoCharge addition', { unitCost: 25, billCustomer: 'NoCharge' }, {}],
    ['an addition cancelled before the period', { unitCost: 25, cancelledDate: '2026-09-30T00:00:00Z' }, {}],
    ['an addition taking effect after the period', { unitCost: 25, effectiveDate: '2026-11-01T00:00:00Z' }, {}],
    ['an addition on a cancelled agreement', { unitCost: 25 }, { cancelledFlag: true }],
    ['an addition on an agreement that is not Active', { unitCost: 25 }, { agreementStatus: 'Inactive' }],
  ])('stays quiet for %s', (_name, additionFields, agreementFields) => {
    expect(check(additionFields, agreementFields)).toEqual([]);
  });
});
