import { describe, expect, it } from 'vitest';
import { timeUnapproved } from '../../../src/rules/time/unapproved.js';
import { ACME, runRule, snapshot, timeEntry } from '../fixtures.js';
import { brief, expectRecordsNamed } from './brief.js';

const unapproved = (date: string, hours = '2.00') => ({
  company: ACME.id,
  member: 'jsmith',
  records: ['timeEntry #101'],
  date,
  hours,
  amount: '300.00',
});

describe('time.unapproved', () => {
  it.each([
    { name: 'an Open entry in the period fires', entry: { status: 'Open' }, expected: [unapproved('2026-10-05')] },
    { name: 'an entry without a status fires', entry: { status: null }, expected: [unapproved('2026-10-05')] },
    {
      name: 'an entry at 23:30 on the last day of the period (Chicago) fires on that day',
      entry: { status: 'Open', timeStart: '2026-10-31T23:30:00-05:00', timeEnd: '2026-11-01T01:30:00-05:00' },
      expected: [unapproved('2026-10-31')],
    },
    {
      name: 'a status outside configured approvedStatuses fires',
      entry: { status: 'ApprovedByTierOne' },
      options: { approvedStatuses: ['ReadyToBill', 'Billed'] },
      expected: [unapproved('2026-10-05')],
    },
    { name: 'an approved entry does not fire', entry: { status: 'ApprovedByTierTwo' }, expected: [] },
    { name: 'a billed entry does not fire', entry: { status: 'Billed' }, expected: [] },
    {
      name: 'an Open entry at 23:30 the day before the period does not fire',
      entry: { status: 'Open', timeStart: '2026-09-30T23:30:00-05:00', timeEnd: '2026-10-01T01:30:00-05:00' },
      expected: [],
    },
    {
      name: 'an Open entry after the period does not fire',
      entry: { status: 'Open', timeStart: '2026-11-02T15:00:00Z', timeEnd: '2026-11-02T17:00:00Z' },
      expected: [],
    },
  ])('$name', ({ entry, options, expected }) => {
    const findings = runRule(timeUnapproved, snapshot({ timeEntries: [timeEntry(entry)] }), options);
    expect(findings.map(brief)).toEqual(expected);
    expectRecordsNamed(findings);
  });

  it('says which status the entry is in', () => {
    const [finding] = runRule(timeUnapproved, snapshot({ timeEntries: [timeEntry({ status: 'Open' })] }));
    expect(finding?.message).toBe(
      'Time entry #101 (jsmith, 2026-10-05, 2.00 h) for Acme Corp is not approved (status Open).',
    );
  });

  it('rejects an empty list of approved statuses', () => {
    expect(() => timeUnapproved.options.parse({ approvedStatuses: [] })).toThrow();
  });
});
