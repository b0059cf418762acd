import { describe, expect, it } from 'vitest';
import { timeZeroRate } from '../../../src/rules/time/zero-rate.js';
import { ACME, runRule, snapshot, timeEntry } from '../fixtures.js';
import { brief, expectRecordsNamed } from './brief.js';

const zeroRate = (date = '2026-10-05') => ({
  company: ACME.id,
  member: 'jsmith',
  records: ['timeEntry #101'],
  date,
  hours: '2.00',
  amount: null,
});

describe('time.zero-rate', () => {
  it.each([
    { name: 'a billable entry without a rate fires', entry: { hourlyRate: null }, expected: [zeroRate()] },
    { name: 'a billable entry at 0 fires', entry: { hourlyRate: 0 }, expected: [zeroRate()] },
    { name: 'a billable entry at "0.00" fires', entry: { hourlyRate: '0.00' }, expected: [zeroRate()] },
    {
      name: 'an entry at 23:30 on the last day of the period (Chicago) fires on that day',
      entry: { hourlyRate: 0, timeStart: '2026-10-31T23:30:00-05:00', timeEnd: '2026-11-01T01:30:00-05:00' },
      expected: [zeroRate('2026-10-31')],
    },
    { name: 'a billable entry with a rate does not fire', entry: { hourlyRate: 0.01 }, expected: [] },
    { name: 'a NoCharge entry at 0 does not fire', entry: { hourlyRate: 0, billableOption: 'NoCharge' }, expected: [] },
    {
      name: 'a DoNotBill entry without a rate does not fire',
      entry: { hourlyRate: null, billableOption: 'DoNotBill' },
      expected: [],
    },
    {
      name: 'an entry at 23:30 the day before the period does not fire',
      entry: { hourlyRate: 0, timeStart: '2026-09-30T23:30:00-05:00', timeEnd: '2026-10-01T01:30:00-05:00' },
      expected: [],
    },
  ])('$name', ({ entry, expected }) => {
    const findings = runRule(timeZeroRate, snapshot({ timeEntries: [timeEntry(entry)] }));
    expect(findings.map(brief)).toEqual(expected);
    expectRecordsNamed(findings);
  });

  it('orders findings by entry id', () => {
    const shot = snapshot({
      timeEntries: [timeEntry({ id: 103, hourlyRate: 0 }), timeEntry({ id: 102, hourlyRate: null })],
    });
    expect(runRule(timeZeroRate, shot).map((finding) => finding.records[0]?.id)).toEqual([102, 103]);
  });
});
