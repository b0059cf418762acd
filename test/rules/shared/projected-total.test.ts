import { describe, expect, it } from 'vitest';
import type { ProjectedTotal } from '../../../src/rules/shared/projected-total.js';
import { ACME, GLOBEX, addition, agreement, contextFor, expense, invoice, snapshot, timeEntry } from '../fixtures.js';

function projected(parts: Parameters<typeof snapshot>[0]) {
  return contextFor(snapshot(parts)).projectedTotals;
}

/** A company's total and its components, as two-decimal strings. */
function linesOf(totals: ReadonlyMap<number, ProjectedTotal>, companyId: number) {
  const total = totals.get(companyId);
  if (!total) return undefined;
  return {
    total: total.total.toFixed(2),
    ...Object.fromEntries(Object.entries(total.lines).map(([component, amount]) => [component, amount.toFixed(2)])),
  };
}

const ZEROS = { agreement: '0.00', addition: '0.00', time: '0.00', overage: '0.00', expense: '0.00' };

describe('projectedTotals', () => {
  it('bills an Active, not cancelled agreement its billAmount, rounded half-up to the cent', () => {
    const totals = projected({
      agreements: [
        agreement({ id: 88, billAmount: '1234.565' }),
        agreement({ id: 89, billAmount: 900, cancelledFlag: true }),
        agreement({ id: 90, billAmount: 800, agreementStatus: 'Inactive' }),
      ],
    });
    expect(linesOf(totals, ACME.id)).toEqual({ ...ZEROS, total: '1234.57', agreement: '1234.57' });
  });

  it('bills active Billable additions at (quantity − lessIncluded) × unitPrice, each line rounded', () => {
    const additions = [
      addition({ id: 301, quantity: 3, lessIncluded: 1, unitPrice: '10.0025' }), // 20.005 → 20.01
      addition({ id: 302, quantity: 5, lessIncluded: null, unitPrice: '10.0025' }), // 50.0125 → 50.01
      addition({ id: 303, quantity: 1, unitPrice: 30, cancelledDate: '2026-10-15T00:00:00Z' }), // cancelled mid-period: bills
      addition({ id: 304, quantity: 1, unitPrice: 40, cancelledDate: '2026-09-30T00:00:00Z' }), // cancelled before
      addition({ id: 305, quantity: 1, unitPrice: 50, effectiveDate: '2026-11-01T00:00:00Z' }), // starts after
      addition({ id: 306, quantity: 1, unitPrice: 60, billCustomer: 'DoNotBill' }),
    ];
    const totals = projected({
      agreements: [
        agreement({ billAmount: 0 }, { additions }),
        agreement({ id: 89, billAmount: 0, cancelledFlag: true }, { additions: [addition({ id: 307, agreementId: 89 })] }),
      ],
    });
    expect(linesOf(totals, ACME.id)).toEqual({ ...ZEROS, total: '100.02', addition: '100.02' });
  });

  it('bills Billable time invoiced separately at hours × hourlyRate, each entry rounded', () => {
    const entry = (id: number, fields: Record<string, unknown>) =>
      timeEntry({ id, timeEnd: null, actualHours: '1.333', hourlyRate: 97.5, ...fields }); // 129.9675 → 129.97
    const totals = projected({
      timeEntries: [
        entry(1, {}),
        entry(2, { agreement: { id: 88 } }),
        entry(3, { agreement: { id: 88 }, agreementHours: 0 }),
        entry(4, { agreement: { id: 88 }, agreementHours: 1 }),
        entry(5, { billableOption: 'NoCharge' }),
        entry(6, { timeStart: '2026-11-01T04:30:00Z' }), // 23:30 on 31 October in Chicago: in the period
        entry(7, { timeStart: '2026-10-01T04:30:00Z' }), // 23:30 on 30 September: before it
        entry(8, { hourlyRate: null }),
        entry(9, { company: GLOBEX, actualHours: '0.1', hourlyRate: '97.45' }), // 9.745 → 9.75
      ],
    });
    expect(linesOf(totals, ACME.id)).toEqual({ ...ZEROS, total: '519.88', time: '519.88' });
    expect(linesOf(totals, GLOBEX.id)).toEqual({ ...ZEROS, total: '9.75', time: '9.75' });
  });

  it('adds the overage of an agreement with included hours', () => {
    const hours = agreement({ billAmount: 1000, applicationUnits: 'Hours', applicationLimit: 2 });
    const onAgreement = { agreement: { id: 88 }, timeEnd: null, hourlyRate: 97.5 };
    const totals = projected({
      agreements: [hours],
      timeEntries: [
        timeEntry({ id: 1, ...onAgreement, timeStart: '2026-10-05T14:00:00Z', actualHours: 2, agreementHours: 2 }),
        timeEntry({ id: 2, ...onAgreement, timeStart: '2026-10-06T14:00:00Z', actualHours: '0.333', agreementHours: '0.333' }),
      ],
    });
    // 0.333 h over × 97.50 = 32.4675 → 32.47
    expect(linesOf(totals, ACME.id)).toEqual({ ...ZEROS, total: '1032.47', agreement: '1000.00', overage: '32.47' });
  });

  it('bills an hour once: overage counts only the hours the agreement absorbed beyond its limit', () => {
    const hours = agreement({ billAmount: 1000, applicationUnits: 'Hours', applicationLimit: 10 });
    const onAgreement = { agreement: { id: 88 }, timeEnd: null, hourlyRate: 100, overageRate: 150 };
    const totals = projected({
      agreements: [hours],
      timeEntries: [
        timeEntry({ id: 1, ...onAgreement, timeStart: '2026-10-05T14:00:00Z', actualHours: 8, agreementHours: 8 }),
        timeEntry({ id: 2, ...onAgreement, timeStart: '2026-10-06T14:00:00Z', actualHours: 4, agreementHours: 0 }),
        timeEntry({ id: 3, ...onAgreement, timeStart: '2026-10-07T14:00:00Z', actualHours: 3, agreementHours: 3 }),
        timeEntry({ id: 4, ...onAgreement, timeStart: '2026-10-08T14:00:00Z', actualHours: 1 }),
      ],
    });
    // #2 and #4 are invoiced separately (5 h × 100.00); the agreement absorbed 11 h, 1 h over × 150.00
    expect(linesOf(totals, ACME.id)).toEqual({ ...ZEROS, total: '1650.00', agreement: '1000.00', time: '500.00', overage: '150.00' });
  });

  it("bills Billable expenses in the period at invoiceAmount, else amount, to the expense's own company", () => {
    const totals = projected({
      agreements: [agreement({ company: GLOBEX, billAmount: 0 })],
      expenses: [
        expense({ id: 401, invoiceAmount: '42.505', amount: 30 }), // 42.51
        expense({ id: 402, amount: '10.125' }), // 10.13
        expense({ id: 403, amount: 99, billableOption: 'NoCharge' }),
        expense({ id: 404, amount: 99, date: '2026-09-30T00:00:00Z' }),
        expense({ id: 405, amount: 99, date: '2026-11-01T00:00:00Z' }),
        expense({ id: 406, amount: 7, agreement: { id: 88 } }),
      ],
    });
    expect(linesOf(totals, ACME.id)).toEqual({ ...ZEROS, total: '59.64', expense: '59.64' });
    expect(linesOf(totals, GLOBEX.id)).toEqual({ ...ZEROS, total: '0.00' });
  });

  it('lists a company with an agreement, an expense or a previous invoice even when nothing bills', () => {
    const totals = projected({
      agreements: [agreement({ cancelledFlag: true })],
      expenses: [expense({ company: GLOBEX, billableOption: 'DoNotBill' })],
      invoices: [invoice({ company: { id: 21, identifier: 'INITECH', name: 'Initech' } })],
    });
    expect([...totals.keys()].sort()).toEqual([ACME.id, GLOBEX.id, 21]);
    expect(totals.get(21)?.company.name).toBe('Initech');
    expect(totals.get(21)?.total.toFixed(2)).toBe('0.00');
  });

  it('computes once per run context', () => {
    const context = contextFor(snapshot({ agreements: [agreement()] }));
    expect(context.projectedTotals).toBe(context.projectedTotals);
  });
});

describe('previousTotals', () => {
  it('sums the invoices dated in the previous period, per company, by ascending id', () => {
    const shot = snapshot({
      invoices: [
        invoice({ id: 903, total: '1000.005' }),
        invoice({ id: 901, total: 4890, date: '2026-09-01T00:00:00Z' }),
        invoice({ id: 902, date: '2026-09-30T00:00:00Z', total: 10 }),
        invoice({ id: 904, date: '2026-08-31T00:00:00Z', total: 500 }),
        invoice({ id: 905, date: '2026-10-01T00:00:00Z', total: 600 }),
        invoice({ id: 906, company: GLOBEX, total: 75 }),
      ],
    });
    const totals = contextFor(shot).previousTotals;
    expect(totals.get(ACME.id)?.total.toFixed(2)).toBe('5900.01');
    expect(totals.get(ACME.id)?.invoices.map((entry) => entry.id)).toEqual([901, 902, 903]);
    expect(totals.get(GLOBEX.id)?.total.toFixed(2)).toBe('75.00');
  });

  it('has no entry for a company without previous invoices', () => {
    expect(contextFor(snapshot({ agreements: [agreement()] })).previousTotals.size).toBe(0);
  });
});
