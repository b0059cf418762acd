import { describe, expect, it } from 'vitest';
import { timeOverlap } from '../../../src/rules/time/overlap.js';
import { ACME, ADOE, GLOBEX, runRule, snapshot, timeEntry } from '../fixtures.js';
import { brief, expectRecordsNamed } from './brief.js';

/** A time entry of jsmith between two local wall-clock times on 5 October 2026 (Chicago, UTC-5). */
const between = (id: number, from: string, to: string, fields: Record<string, unknown> = {}) =>
  timeEntry({ id, timeStart: `2026-10-05T${from}:00-05:00`, timeEnd: `2026-10-05T${to}:00-05:00`, ...fields });

const pair = (first: number, second: number, hours: string, amount: string | null, extra: object = {}) => ({
  company: ACME.id,
  member: 'jsmith',
  records: [`timeEntry #${first}`, `timeEntry #${second}`],
  date: '2026-10-05',
  hours,
  amount,
  ...extra,
});

describe('time.overlap', () => {
  it.each([
    {
      name: 'a 30-minute overlap bills at the higher billable rate',
      entries: [between(101, '09:00', '10:30', { hourlyRate: 120 }), between(102, '10:00', '11:00')],
      expected: [pair(101, 102, '0.50', '75.00')],
    },
    {
      name: 'exact duplicates overlap by their whole length',
      entries: [between(101, '09:00', '11:00'), between(102, '09:00', '11:00')],
      expected: [pair(101, 102, '2.00', '300.00')],
    },
    {
      name: 'an entry inside another overlaps by its own length',
      entries: [between(101, '09:00', '12:00'), between(102, '10:00', '10:45')],
      expected: [pair(101, 102, '0.75', '112.50')],
    },
    {
      name: 'only the billable entry of the pair prices the overlap',
      entries: [between(101, '09:00', '10:30', { billableOption: 'NoCharge', hourlyRate: 500 }), between(102, '10:00', '11:00', { hourlyRate: 100 })],
      expected: [pair(101, 102, '0.50', '50.00')],
    },
    {
      name: 'a pair with no billable entry has no amount',
      entries: [between(101, '09:00', '10:30', { billableOption: 'NoCharge' }), between(102, '10:00', '11:00', { billableOption: 'DoNotBill' })],
      expected: [pair(101, 102, '0.50', null)],
    },
    {
      name: 'an overlap one minute over the tolerance fires',
      entries: [between(101, '09:00', '10:16'), between(102, '10:00', '11:00')],
      options: { toleranceMinutes: 15 },
      expected: [pair(101, 102, '0.27', '40.00')],
    },
    {
      name: 'every overlapping pair of three entries is reported',
      entries: [between(101, '09:00', '12:00'), between(102, '10:00', '11:00'), between(103, '10:30', '13:00')],
      expected: [pair(101, 102, '1.00', '150.00'), pair(101, 103, '1.50', '225.00'), pair(102, 103, '0.50', '75.00')],
    },
    {
      name: 'a long entry overlaps later entries that do not overlap each other',
      entries: [between(101, '09:00', '17:00'), between(102, '10:00', '11:00'), between(103, '12:00', '13:00')],
      expected: [pair(101, 102, '1.00', '150.00'), pair(101, 103, '1.00', '150.00')],
    },
    {
      name: 'a pair across two companies is reported for each company',
      entries: [between(101, '09:00', '10:30'), between(102, '10:00', '11:00', { company: GLOBEX })],
      expected: [pair(101, 102, '0.50', '75.00'), pair(101, 102, '0.50', '75.00', { company: GLOBEX.id })],
    },
    {
      name: 'an entry at 23:30 the day before the period overlapping the first day is reported on the first day',
      entries: [
        timeEntry({ id: 101, timeStart: '2026-09-30T23:30:00-05:00', timeEnd: '2026-10-01T00:30:00-05:00' }),
        timeEntry({ id: 102, timeStart: '2026-10-01T00:00:00-05:00', timeEnd: '2026-10-01T01:00:00-05:00' }),
      ],
      expected: [pair(101, 102, '0.50', '75.00', { date: '2026-10-01' })],
    },
    {
      name: 'entries in the hour repeated when the clocks go back overlap in real time',
      period: '2026-11',
      entries: [
        // 01:30 CDT to 01:30 CST is one real hour; 01:00 to 02:00 CST starts 30 minutes before it ends.
        timeEntry({ id: 101, timeStart: '2026-11-01T01:30:00-05:00', timeEnd: '2026-11-01T01:30:00-06:00' }),
        timeEntry({ id: 102, timeStart: '2026-11-01T01:00:00-06:00', timeEnd: '2026-11-01T02:00:00-06:00' }),
      ],
      expected: [pair(101, 102, '0.50', '75.00', { date: '2026-11-01' })],
    },
    { name: 'touching entries do not overlap', entries: [between(101, '09:00', '10:00'), between(102, '10:00', '11:00')], expected: [] },
    {
      name: 'an overlap exactly at the tolerance does not fire',
      entries: [between(101, '09:00', '10:15'), between(102, '10:00', '11:00')],
      options: { toleranceMinutes: 15 },
      expected: [],
    },
    {
      name: 'entries of two members do not overlap',
      entries: [between(101, '09:00', '11:00'), between(102, '09:00', '11:00', { member: ADOE })],
      expected: [],
    },
    {
      name: 'an entry without an end has no interval',
      entries: [between(101, '09:00', '11:00'), timeEntry({ id: 102, timeStart: '2026-10-05T09:30:00-05:00', timeEnd: null, actualHours: 1 })],
      expected: [],
    },
    {
      name: 'two entries overlapping each other before the period are not reported',
      entries: [
        timeEntry({ id: 101, timeStart: '2026-09-30T23:00:00-05:00', timeEnd: '2026-10-01T00:30:00-05:00' }),
        timeEntry({ id: 102, timeStart: '2026-09-30T23:30:00-05:00', timeEnd: '2026-10-01T00:15:00-05:00' }),
      ],
      expected: [],
    },
    {
      name: 'wall clocks that repeat when the clocks go back are not an overlap',
      period: '2026-11',
      entries: [
        timeEntry({ id: 101, timeStart: '2026-11-01T00:30:00-05:00', timeEnd: '2026-11-01T01:30:00-05:00' }),
        timeEntry({ id: 102, timeStart: '2026-11-01T01:00:00-06:00', timeEnd: '2026-11-01T02:00:00-06:00' }),
      ],
      expected: [],
    },
  ])('$name', ({ entries, options, period, expected }) => {
    const findings = runRule(timeOverlap, snapshot({ period, timeEntries: entries }), options);
    expect(findings.map(brief)).toEqual(expected);
    expectRecordsNamed(findings);
  });

  it('names both entries, the member, the day, the overlap and what it bills', () => {
    const shot = snapshot({ timeEntries: [between(102, '10:00', '11:00'), between(101, '09:00', '10:30')] });
    const [finding] = runRule(timeOverlap, shot);
    expect(finding?.message).toBe(
      'Time entries #101 and #102 by jsmith for Acme Corp overlap by 0.50 h on 2026-10-05; the overlap bills 75.00.',
    );
  });
});
