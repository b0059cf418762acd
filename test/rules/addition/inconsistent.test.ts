import { describe, expect, it } from 'vitest';
import { additionInconsistent } from '../../../src/rules/addition/inconsistent.js';
import { ACME, addition, agreement, runRule, snapshot } from '../fixtures.js';

function check(additionFields: Record<string, unknown>, agreementFields: Record<string, unknown> = {}) {
  const additions = [addition(additionFields)];
  return runRule(additionInconsistent, snapshot({ agreements: [agreement(agreementFields, { additions })] }));
}

describe('addition.inconsistent', () => {
  it.each([
    ['active on a cancelled agreement', {}, { cancelledFlag: true }, 'is active in 2026-10 although the agreement is cancelled', '220.00'],
    ['active on an agreement that is not Active', {}, { agreementStatus: 'Expired' }, 'although the agreement is Expired, not Active', '220.00'],
    [
      'active on an agreement ended mid-period and cancelled',
      { cancelledDate: '2026-10-15T00:00:00Z' },
      { cancelledFlag: true, endDate: '2026-10-15T00:00:00Z', noEndingDateFlag: false },
      'although the agreement is cancelled',
      '220.00',
    ],
    [
      'cancelled before it takes effect, even outside the period',
      { effectiveDate: '2026-06-01T00:00:00Z', cancelledDate: '2026-05-01T00:00:00Z' },
      {},
      'is cancelled on 2026-05-01, before it takes effect on 2026-06-01',
      '220.00',
    ],
    ['billing no units', { quantity: 2, lessIncluded: 2 }, {}, 'bills 0 units (quantity less included)', '0.00'],
    ['billing fewer than no units', { quantity: 1, lessIncluded: 3 }, {}, 'bills -2 units', '-44.00'],
    ['without a unit price', { unitPrice: 0 }, {}, 'has unit price 0.00', '0.00'],
    ['with a negative unit price', { unitPrice: -5 }, {}, 'has unit price -5.00', '-50.00'],
  ])('fires for a Billable addition %s', (_name, additionFields, agreementFields, clause, amount) => {
    const findings = check(additionFields, agreementFields);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.records).toEqual([
      { type: 'addition', id: 301 },
      { type: 'agreement', id: 88 },
    ]);
    expect(finding?.company).toEqual(ACME);
    expect(finding?.amount?.toFixed(2)).toBe(amount);
    expect(finding?.message).toMatch(/^Billable addition #301 \(M365-BP\) on agreement #88 "Managed Services — Acme" \(Acme Corp\) /);
    expect(finding?.message).toContain(clause);
  });

  it('names every case that applies in one finding', () => {
    const findings = check({ unitPrice: 0 }, { cancelledFlag: true });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain('is active in 2026-10 although the agreement is cancelled and has unit price 0.00.');
  });

  it.each([
    ['a healthy addition on a live agreement', {}, {}],
    ['an addition cancelled before the period, on a cancelled agreement', { cancelledDate: '2026-09-30T00:00:00Z' }, { cancelledFlag: true }],
    ['an addition taking effect after the period, on an inactive agreement', { effectiveDate: '2026-11-01T00:00:00Z' }, { agreementStatus: 'Inactive' }],
    ['a DoNotBill addition on a cancelled agreement', { billCustomer: 'DoNotBill' }, { cancelledFlag: true }],
    ['a NoCharge addition cancelled before it takes effect', { billCustomer: 'NoCharge', cancelledDate: '2025-12-01T00:00:00Z' }, {}],
    ['an addition cancelled on the day it takes effect', { effectiveDate: '2026-10-01T00:00:00Z', cancelledDate: '2026-10-01T00:00:00Z' }, {}],
    ['an addition with no units, cancelled before the period', { quantity: 0, cancelledDate: '2026-09-30T00:00:00Z' }, {}],
  ])('stays quiet for %s', (_name, additionFields, agreementFields) => {
    expect(check(additionFields, agreementFields)).toEqual([]);
  });
});
