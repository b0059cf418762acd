import { describe, expect, it } from 'vitest';
import { invoiceHighValue } from '../../../src/rules/invoice/high-value.js';
import { ACME, GLOBEX, agreement, runRule, snapshot, timeEntry } from '../fixtures.js';

function check(parts: Parameters<typeof snapshot>[0], options = {}) {
  return runRule(invoiceHighValue, snapshot(parts), options);
}

describe('invoice.high-value', () => {
  it('fires above the threshold, with the projected total, the company and its live agreements', () => {
    const findings = check({
      agreements: [
        agreement({ id: 90, billAmount: 3000 }),
        agreement({ id: 88, billAmount: 2000 }),
        agreement({ id: 89, billAmount: 9000, cancelledFlag: true }),
      ],
      // 0.1 h × 97.45 = 9.745 → 9.75
      timeEntries: [timeEntry({ timeEnd: null, actualHours: '0.1', hourlyRate: '97.45' })],
    });
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.records).toEqual([
      { type: 'company', id: ACME.id },
      { type: 'agreement', id: 88 },
      { type: 'agreement', id: 90 },
    ]);
    expect(finding?.company).toEqual(ACME);
    expect(finding?.amount?.toFixed(2)).toBe('5009.75');
    expect(finding?.message).toBe(
      'Acme Corp (#19) is projected to invoice 5009.75 for 2026-10, above the 5000.00 review threshold: review it before it is sent.',
    );
  });

  it('fires a cent above the threshold', () => {
    expect(check({ agreements: [agreement({ billAmount: '5000.01' })] })).toHaveLength(1);
  });

  it('takes the threshold from the options', () => {
    const findings = check({ agreements: [agreement({ billAmount: 1200 })] }, { threshold: '1000.00' });
    expect(findings.map((finding) => finding.amount?.toFixed(2))).toEqual(['1200.00']);
  });

  it.each([
    ['exactly at the threshold', [agreement({ billAmount: 5000 })]],
    ['below the threshold', [agreement({ billAmount: '4999.99' })]],
    ['a cancelled agreement above the threshold', [agreement({ billAmount: 9000, cancelledFlag: true })]],
  ])('stays quiet %s', (_name, agreements) => {
    expect(check({ agreements })).toEqual([]);
  });

  it('judges each company on its own total', () => {
    const findings = check({ agreements: [agreement({ billAmount: 4000 }), agreement({ id: 91, company: GLOBEX, billAmount: 6000 })] });
    expect(findings.map((finding) => finding.company?.id)).toEqual([GLOBEX.id]);
  });

  it('rejects a threshold that is not an amount with at most two decimals', () => {
    expect(String(invoiceHighValue.options.parse({ threshold: 5000 }).threshold)).toBe('5000');
    expect(() => invoiceHighValue.options.parse({ threshold: 5000.123 })).toThrow();
    expect(() => invoiceHighValue.options.parse({ threshold: '5,000' })).toThrow();
  });
});
