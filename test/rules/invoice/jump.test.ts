import { describe, expect, it } from 'vitest';
import { invoiceJump } from '../../../src/rules/invoice/jump.js';
import { ACME, agreement, invoice, runRule, snapshot } from '../fixtures.js';

/** Acme's agreement bills `projected`; its September invoices come to `previous`. */
function check(projected: number | string | null, invoices: ReturnType<typeof invoice>[], options = {}) {
  const agreements = projected == null ? [] : [agreement({ billAmount: projected })];
  return runRule(invoiceJump, snapshot({ agreements, invoices }), options);
}

const september = (total: number | string, id = 901) => invoice({ id, total, date: '2026-09-15T00:00:00Z' });

describe('invoice.jump', () => {
  it.each([
    ['an increase above 25% and 250.00', '5000.01', [september(4000)], '1000.01', 'up 1000.01 (25.0%) from 4000.00'],
    ['a decrease above 25% and 250.00', '2999.99', [september(4000)], '1000.01', 'down 1000.01 (25.0%) from 4000.00'],
    ['a company that no longer bills anything', null, [september(4000)], '4000.00', 'is projected to invoice 0.00 for 2026-10, down 4000.00 (100.0%)'],
  ])('fires for %s, with the size of the change', (_name, projected, invoices, amount, text) => {
    const findings = check(projected, invoices);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.records).toEqual([{ type: 'invoice', id: 901 }]);
    expect(finding?.company).toEqual(ACME);
    expect(finding?.amount?.toFixed(2)).toBe(amount);
    expect(finding?.message).toContain(text);
    expect(finding?.message).toContain('on invoice #901 of 2026-09');
  });

  it('compares with every invoice of the previous period, named by ascending id', () => {
    const findings = check(6000, [september(1500, 903), september(2500, 902), invoice({ id: 904, date: '2026-08-31T00:00:00Z', total: 9000 })]);
    expect(findings.map((finding) => finding.records)).toEqual([
      [
        { type: 'invoice', id: 902 },
        { type: 'invoice', id: 903 },
      ],
    ]);
    expect(findings[0]?.message).toBe(
      'Acme Corp is projected to invoice 6000.00 for 2026-10, up 2000.00 (50.0%) from 4000.00 on invoices #902 and #903 of 2026-09: check it before it is sent.',
    );
  });

  it.each([
    ['a change of exactly 25%', 5000, [september(4000)], {}],
    ['a change above 25% but not above minAmount', '1050.00', [september(800)], {}],
    ['a change above minAmount but not above percent', 5000, [september(4500)], {}],
    ['a change within a custom percent', 5000, [september(4000)], { percent: 30 }],
    ['a change within a custom minAmount', 5000, [september(4000)], { minAmount: '1000.00' }],
    ['no previous invoices', 5000, [], {}],
    ['invoices dated outside the previous period only', 5000, [invoice({ date: '2026-08-31T00:00:00Z' }), invoice({ id: 902, date: '2026-10-01T00:00:00Z' })], {}],
  ])('stays quiet for %s', (_name, projected, invoices, options) => {
    expect(check(projected, invoices, options)).toEqual([]);
  });
});
