import { describe, expect, it } from 'vitest';
import { timeOutsideAgreement } from '../../../src/rules/time/outside-agreement.js';
import { ACME, GLOBEX, runRule, snapshot, timeEntry } from '../fixtures.js';
import { brief, expectRecordsNamed } from './brief.js';

const worked = (id: number, hours: number, rate = 100, fields: Record<string, unknown> = {}) =>
  timeEntry({ id, timeEnd: null, actualHours: hours, hourlyRate: rate, ...fields });
const late = (id: number, timeStart: string, hours: number) => worked(id, hours, 100, { timeStart });

const outside = (ids: number[], hours: string, amount: string) => ({
  company: ACME.id,
  member: null,
  records: ids.map((id) => `timeEntry #${id}`),
  date: null,
  hours,
  amount,
});

describe('time.outside-agreement', () => {
  it.each([
    { name: 'more than maxHours fires', entries: [worked(102, 6.5), worked(101, 4)], expected: [outside([101, 102], '10.50', '1050.00')] },
    { name: 'more than maxAmount fires', entries: [worked(101, 5, 600)], expected: [outside([101], '5.00', '3000.00')] },
    { name: 'a lowered maxHours fires sooner', entries: [worked(101, 5)], options: { maxHours: 4 }, expected: [outside([101], '5.00', '500.00')] },
    {
      name: 'each line is rounded to the cent before summing',
      entries: [1, 2, 3].map((id) => worked(id, 1 / 3)),
      options: { maxAmount: '99.98' },
      expected: [outside([1, 2, 3], '0.99', '99.99')],
    },
    {
      name: 'time at 23:30 on the last day of the period (Chicago) counts',
      entries: [worked(101, 8), late(102, '2026-10-31T23:30:00-05:00', 3)],
      expected: [outside([101, 102], '11.00', '1100.00')],
    },
    { name: 'exactly maxHours and exactly maxAmount do not fire', entries: [worked(101, 10, 250)], expected: [] },
    {
      name: 'time at 23:30 the day before the period does not count',
      entries: [worked(101, 8), late(102, '2026-09-30T23:30:00-05:00', 3)],
      expected: [],
    },
    {
      name: 'time on an agreement does not count',
      entries: [worked(101, 8), worked(102, 8, 100, { agreement: { id: 88, name: 'Managed Services — Acme' } })],
      expected: [],
    },
    {
      name: 'NoCharge and DoNotBill time does not count',
      entries: [worked(101, 8), worked(102, 8, 100, { billableOption: 'NoCharge' }), worked(103, 8, 100, { billableOption: 'DoNotBill' })],
      expected: [],
    },
    { name: 'each company is totalled on its own', entries: [worked(101, 6), worked(102, 6, 100, { company: GLOBEX })], expected: [] },
  ])('$name', ({ entries, options, expected }) => {
    const findings = runRule(timeOutsideAgreement, snapshot({ timeEntries: entries }), options);
    expect(findings.map(brief)).toEqual(expected);
    expectRecordsNamed(findings);
  });

  it('names the company, the totals, the limits and every entry', () => {
    const [finding] = runRule(timeOutsideAgreement, snapshot({ timeEntries: [worked(102, 6.5), worked(101, 4)] }));
    expect(finding?.message).toBe(
      'Acme Corp has 10.50 h of billable time worth 1050.00 on no agreement in 2026-10, over the limit of 10.00 h or 2500.00: time entries #101 and #102.',
    );
  });

  it('rejects a maxAmount that is not money', () => {
    expect(() => timeOutsideAgreement.options.parse({ maxAmount: '25e2' })).toThrow();
  });
});
