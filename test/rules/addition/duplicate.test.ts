import { describe, expect, it } from 'vitest';
import { additionDuplicate } from '../../../src/rules/addition/duplicate.js';
import { ACME, addition, agreement, runRule, snapshot } from '../fixtures.js';

function check(additions: ReturnType<typeof addition>[], more: ReturnType<typeof agreement>[] = []) {
  return runRule(additionDuplicate, snapshot({ agreements: [agreement({}, { additions }), ...more] }));
}

describe('addition.duplicate', () => {
  it('fires for two Billable additions of one product, with the agreement first and the later line as the amount', () => {
    const findings = check([addition({ id: 302, quantity: 3, unitPrice: '10.0025' }), addition({ id: 301 })]);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.records).toEqual([
      { type: 'agreement', id: 88 },
      { type: 'addition', id: 301 },
      { type: 'addition', id: 302 },
    ]);
    expect(finding?.company).toEqual(ACME);
    expect(finding?.amount?.toFixed(2)).toBe('30.01');
    expect(finding?.message).toBe(
      'Agreement #88 "Managed Services — Acme" (Acme Corp) bills product M365-BP 2 times in 2026-10 (additions #301 and #302): 30.01 may be billed twice.',
    );
  });

  it.each([
    ['one cancelled mid-period', { cancelledDate: '2026-10-15T00:00:00Z' }],
    ['one cancelled on the first day of the period', { cancelledDate: '2026-10-01T00:00:00Z' }],
    ['one taking effect on the last day of the period', { effectiveDate: '2026-10-31T00:00:00Z' }],
  ])('fires when the second addition is %s', (_name, fields) => {
    expect(check([addition({ id: 301 }), addition({ id: 302, ...fields })])).toHaveLength(1);
  });

  it.each([
    ['cancelled before the period', { cancelledDate: '2026-09-30T00:00:00Z' }],
    ['taking effect after the period', { effectiveDate: '2026-11-01T00:00:00Z' }],
    ['DoNotBill', { billCustomer: 'DoNotBill' }],
    ['NoCharge', { billCustomer: 'NoCharge' }],
    ['of another product', { product: { id: 12, identifier: 'AV-EDR' } }],
  ])('stays quiet when the second addition is %s', (_name, fields) => {
    expect(check([addition({ id: 301 }), addition({ id: 302, ...fields })])).toEqual([]);
  });

  it('stays quiet for one product on two different agreements', () => {
    const other = agreement({ id: 89 }, { additions: [addition({ id: 302, agreementId: 89 })] });
    expect(check([addition({ id: 301 })], [other])).toEqual([]);
  });
});
