import { describe, expect, it } from 'vitest';
import { timeUnclassified } from '../../../src/rules/time/unclassified.js';
import { ACME, runRule, snapshot, timeEntry } from '../fixtures.js';
import { brief, expectRecordsNamed } from './brief.js';

const unclassified = (amount: string | null) => ({
  company: ACME.id,
  member: 'jsmith',
  records: ['timeEntry #101'],
  date: '2026-10-05',
  hours: '2.00',
  amount,
});

describe('time.unclassified', () => {
  it.each([
    { name: 'billable option NoDefault fires', entry: { billableOption: 'NoDefault' }, expected: [unclassified(null)] },
    { name: 'a missing billable option fires', entry: { billableOption: null }, expected: [unclassified(null)] },
    { name: 'a missing work type fires', entry: { workType: null }, expected: [unclassified('300.00')] },
    {
      name: 'an entry with neither fires once',
      entry: { billableOption: 'NoDefault', workType: null },
      expected: [unclassified(null)],
    },
    { name: 'a Billable entry with a work type does not fire', entry: {}, expected: [] },
    { name: 'a DoNotBill entry with a work type does not fire', entry: { billableOption: 'DoNotBill' }, expected: [] },
    {
      name: 'an unclassified entry at 23:30 the day before the period does not fire',
      entry: { billableOption: 'NoDefault', timeStart: '2026-09-30T23:30:00-05:00', timeEnd: '2026-10-01T01:30:00-05:00' },
      expected: [],
    },
  ])('$name', ({ entry, expected }) => {
    const findings = runRule(timeUnclassified, snapshot({ timeEntries: [timeEntry(entry)] }));
    expect(findings.map(brief)).toEqual(expected);
    expectRecordsNamed(findings);
  });

  it('names everything that is missing', () => {
    const entry = timeEntry({ billableOption: null, workType: null });
    const [finding] = runRule(timeUnclassified, snapshot({ timeEntries: [entry] }));
    expect(finding?.message).toBe(
      'Time entry #101 (jsmith, 2026-10-05, 2.00 h) for Acme Corp has no billable option and no work type.',
    );
  });
});
