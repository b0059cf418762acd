import { describe, expect, it } from 'vitest';
import { timeStale } from '../../../src/rules/time/stale.js';
import { ACME, runRule, snapshot, timeEntry } from '../fixtures.js';
import { brief, expectRecordsNamed } from './brief.js';

const on = (date: string) => ({ timeStart: `${date}T14:00:00Z`, timeEnd: `${date}T16:00:00Z` });
const stale = (date: string) => ({
  company: ACME.id,
  member: 'jsmith',
  records: ['timeEntry #101'],
  date,
  hours: '2.00',
  amount: '300.00',
});

// Period 2026-10 with the default 90-day lookback reaches back to 2026-07-03.
describe('time.stale', () => {
  it.each([
    { name: 'an approved but unbilled entry last month fires', entry: on('2026-09-15'), expected: [stale('2026-09-15')] },
    { name: 'an entry without a status fires', entry: { ...on('2026-09-15'), status: null }, expected: [stale('2026-09-15')] },
    {
      name: 'an entry at 23:30 the day before the period (Chicago) is stale, dated that day',
      entry: { timeStart: '2026-09-30T23:30:00-05:00', timeEnd: '2026-10-01T01:30:00-05:00' },
      expected: [stale('2026-09-30')],
    },
    { name: 'an entry exactly lookbackDays before the period start fires', entry: on('2026-07-03'), expected: [stale('2026-07-03')] },
    {
      name: 'a shorter lookback still reaches its first day',
      entry: on('2026-09-21'),
      options: { lookbackDays: 10 },
      expected: [stale('2026-09-21')],
    },
    { name: 'an entry one day beyond the lookback does not fire', entry: on('2026-07-02'), expected: [] },
    { name: 'a shorter lookback leaves older entries alone', entry: on('2026-09-20'), options: { lookbackDays: 10 }, expected: [] },
    { name: 'a Billed entry does not fire', entry: { ...on('2026-09-15'), status: 'Billed' }, expected: [] },
    { name: 'a BilledAgreement entry does not fire', entry: { ...on('2026-09-15'), status: 'BilledAgreement' }, expected: [] },
    { name: 'a WrittenOff entry does not fire', entry: { ...on('2026-09-15'), status: 'WrittenOff' }, expected: [] },
    { name: 'a NoCharge entry does not fire', entry: { ...on('2026-09-15'), billableOption: 'NoCharge' }, expected: [] },
    {
      name: 'an entry at 23:30 on the last day of the period (Chicago) is not stale',
      entry: { timeStart: '2026-10-31T23:30:00-05:00', timeEnd: '2026-11-01T01:30:00-05:00' },
      expected: [],
    },
    { name: 'an entry in the period does not fire', entry: on('2026-10-01'), expected: [] },
  ])('$name', ({ entry, options, expected }) => {
    const findings = runRule(timeStale, snapshot({ timeEntries: [timeEntry(entry)] }), options);
    expect(findings.map(brief)).toEqual(expected);
    expectRecordsNamed(findings);
  });

  it('says the entry is still unbilled and in which status', () => {
    const [finding] = runRule(timeStale, snapshot({ timeEntries: [timeEntry(on('2026-09-15'))] }));
    expect(finding?.message).toBe(
      'Time entry #101 (jsmith, 2026-09-15, 2.00 h) for Acme Corp is billable, dated before 2026-10, and still unbilled (status ApprovedByTierOne).',
    );
  });
});
