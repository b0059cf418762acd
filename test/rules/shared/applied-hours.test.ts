import { describe, expect, it } from 'vitest';
import { includedHours } from '../../../src/rules/shared/applied-hours.js';
import { GLOBEX, agreement, contextFor, snapshot, timeEntry } from '../fixtures.js';

const hoursAgreement = (fields: Record<string, unknown> = {}) =>
  agreement({ applicationUnits: 'Hours', applicationLimit: 10, applicationCycle: 'CalendarMonth', ...fields });

/** A time entry on agreement #88 starting at the given instant, with its hours given explicitly. */
const applied = (id: number, timeStart: string, actualHours: number | string, fields: Record<string, unknown> = {}) =>
  timeEntry({ id, timeStart, timeEnd: null, actualHours, agreement: { id: 88 }, ...fields });

function appliedTo(entries: ReturnType<typeof timeEntry>[], agreementFields: Record<string, unknown> = {}) {
  const shot = snapshot({ agreements: [hoursAgreement(agreementFields)], timeEntries: entries });
  return contextFor(shot).appliedHours.get(88);
}

describe('includedHours', () => {
  it.each([
    ['Hours, limit 10, CalendarMonth', {}, '10'],
    ['Hours, limit 10, no cycle', { applicationCycle: null }, '10'],
    ['counted in Amount', { applicationUnits: 'Amount' }, null],
    ['unlimited', { applicationUnlimitedFlag: true }, null],
    ['limit 0', { applicationLimit: 0 }, null],
    ['no limit', { applicationLimit: null }, null],
    ['a yearly cycle', { applicationCycle: 'CalendarYear' }, null],
  ])('an agreement %s has included hours %s', (_name, fields, expected) => {
    expect(includedHours(hoursAgreement(fields))?.toString() ?? null).toBe(expected);
  });
});

describe('appliedHoursOf', () => {
  it('counts only Billable entries in the period that point at the agreement', () => {
    const usage = appliedTo([
      applied(1, '2026-10-05T14:00:00Z', 2),
      applied(2, '2026-10-06T14:00:00Z', 3, { billableOption: 'DoNotBill' }),
      applied(3, '2026-10-07T14:00:00Z', 4, { billableOption: 'NoCharge' }),
      applied(4, '2026-10-08T14:00:00Z', 5, { agreement: { id: 99 } }),
      // 23:30 on 31 October in Chicago is in the period; 23:30 on 30 September is not
      applied(5, '2026-11-01T04:30:00Z', 1.5),
      applied(6, '2026-10-01T04:30:00Z', 6),
      // 00:30 on 1 November, the night the clocks go back, is after the period
      applied(7, '2026-11-01T05:30:00Z', 7),
    ]);
    expect(usage?.hours.toFixed(2)).toBe('3.50');
  });

  it('counts a Billable entry on the agreement whatever its company', () => {
    expect(appliedTo([applied(1, '2026-10-05T14:00:00Z', 2, { company: GLOBEX })])?.hours.toFixed(2)).toBe('2.00');
  });

  it('has no overage up to the limit, exactly at it included', () => {
    const usage = appliedTo([applied(1, '2026-10-05T14:00:00Z', 6), applied(2, '2026-10-06T14:00:00Z', 4)]);
    expect(usage?.limit?.toFixed(2)).toBe('10.00');
    expect(usage?.overageHours.toFixed(2)).toBe('0.00');
    expect(usage?.overageAmount.toFixed(2)).toBe('0.00');
  });

  it('consumes the limit in chronological order, so the latest entries bill the overage', () => {
    const usage = appliedTo([
      applied(3, '2026-10-07T14:00:00Z', 3, { overageRate: 187.5 }),
      applied(2, '2026-10-06T14:00:00Z', 4, { overageRate: 175 }),
      applied(1, '2026-10-05T14:00:00Z', 4),
    ]);
    // the last hour of entry 3, at its 187.50
    expect(usage?.overageHours.toFixed(2)).toBe('1.00');
    expect(usage?.overageAmount.toFixed(2)).toBe('187.50');
  });

  it('splits an entry that crosses the limit and breaks a tie on timeStart by id', () => {
    const usage = appliedTo([
      applied(12, '2026-10-05T14:00:00Z', 6, { hourlyRate: 100 }),
      applied(11, '2026-10-05T14:00:00Z', 6, { hourlyRate: 200 }),
    ]);
    // 2 hours of entry 12 at 100 (of entry 11, they would bill 400.00)
    expect(usage?.overageHours.toFixed(2)).toBe('2.00');
    expect(usage?.overageAmount.toFixed(2)).toBe('200.00');
  });

  it.each([
    ['its overageRate', { overageRate: 175, hourlyRate: 150 }, '175.00'],
    ['its hourlyRate when overageRate is absent', { hourlyRate: 150 }, '150.00'],
    ['its hourlyRate when overageRate is 0', { overageRate: 0, hourlyRate: 150 }, '150.00'],
    ['nothing without any rate', { hourlyRate: null }, '0.00'],
  ])('bills an overage hour at %s', (_name, rates, expected) => {
    const usage = appliedTo([applied(1, '2026-10-05T14:00:00Z', 10), applied(2, '2026-10-06T14:00:00Z', 1, rates)]);
    expect(usage?.overageAmount.toFixed(2)).toBe(expected);
  });

  it('rounds each overage line half-up to the cent before summing', () => {
    // 0.1 h × 97.45 = 9.745 per line → 9.75 each, 19.50 in all (unrounded: 19.49)
    const usage = appliedTo([
      applied(1, '2026-10-05T14:00:00Z', 10),
      applied(2, '2026-10-06T14:00:00Z', 0.1, { hourlyRate: 97.45 }),
      applied(3, '2026-10-07T14:00:00Z', 0.1, { hourlyRate: 97.45 }),
    ]);
    expect(usage?.overageAmount.toFixed(2)).toBe('19.50');
  });

  it('has no overage for an agreement without included hours, however many hours it carries', () => {
    const usage = appliedTo([applied(1, '2026-10-05T14:00:00Z', 20), applied(2, '2026-10-06T14:00:00Z', 20)], { applicationUnits: 'Amount' });
    expect(usage?.hours.toFixed(2)).toBe('40.00');
    expect(usage?.limit).toBeNull();
    expect(usage?.overageHours.toFixed(2)).toBe('0.00');
  });

  it('leaves out entries on agreements the snapshot does not hold', () => {
    const shot = snapshot({ timeEntries: [applied(1, '2026-10-05T14:00:00Z', 2)] });
    expect(contextFor(shot).appliedHours.size).toBe(0);
  });
});
