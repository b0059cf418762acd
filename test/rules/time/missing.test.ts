import { describe, expect, it } from 'vitest';
import { timeMissing } from '../../../src/rules/time/missing.js';
import { member, runRule, snapshot, timeEntry } from '../fixtures.js';
import { brief, expectRecordsNamed } from './brief.js';

/** A time entry of `hours` starting at the given local wall-clock instant (with its UTC offset). */
const logged = (id: number, timeStart: string, hours: number, fields: Record<string, unknown> = {}) =>
  timeEntry({ id, timeStart, timeEnd: null, actualHours: hours, ...fields });

const short = (date: string, hours: string) => ({
  company: null,
  member: 'jsmith',
  records: ['member #7'],
  date,
  hours,
  amount: null,
});

describe('time.missing', () => {
  it.each([
    {
      name: 'a business day with 5 h logged is 2 h short',
      entries: [logged(1, '2026-10-05T09:00:00-05:00', 5)],
      date: '2026-10-05',
      expected: [short('2026-10-05', '2.00')],
    },
    { name: 'a business day with no time is a whole day short', entries: [], date: '2026-10-06', expected: [short('2026-10-06', '7.00')] },
    {
      name: 'PTO and other charge codes count towards the day',
      entries: [
        logged(1, '2026-10-07T08:00:00-05:00', 4),
        logged(2, '2026-10-07T13:00:00-05:00', 2.5, { billableOption: 'NoCharge', workType: { id: 4, name: 'PTO' } }),
      ],
      date: '2026-10-07',
      expected: [short('2026-10-07', '0.50')],
    },
    {
      name: 'time at 23:30 the day before the period does not count for its first day',
      entries: [logged(1, '2026-09-30T23:30:00-05:00', 7)],
      date: '2026-10-01',
      expected: [short('2026-10-01', '7.00')],
    },
    {
      name: 'time at 23:30 on the Sunday the clocks go back does not count for Monday',
      period: '2026-11',
      entries: [logged(1, '2026-11-01T23:30:00-06:00', 7)],
      date: '2026-11-02',
      expected: [short('2026-11-02', '7.00')],
    },
    {
      name: 'a raised minimum counts from the raised value',
      entries: [logged(1, '2026-10-05T09:00:00-05:00', 7)],
      options: { minHoursPerDay: 8 },
      date: '2026-10-05',
      expected: [short('2026-10-05', '1.00')],
    },
    {
      name: 'exactly the minimum is enough',
      entries: [
        timeEntry({ id: 1, timeStart: '2026-10-05T08:00:00-05:00', timeEnd: '2026-10-05T11:30:00-05:00' }),
        timeEntry({ id: 2, timeStart: '2026-10-05T12:00:00-05:00', timeEnd: '2026-10-05T15:30:00-05:00' }),
      ],
      date: '2026-10-05',
      expected: [],
    },
    {
      name: 'time at 23:30 on the last day of the period counts for that day',
      period: '2026-09',
      entries: [logged(1, '2026-09-30T23:30:00-05:00', 7)],
      date: '2026-09-30',
      expected: [],
    },
    {
      name: 'time on Monday after the clocks went back counts for Monday',
      period: '2026-11',
      entries: [logged(1, '2026-11-02T00:30:00-06:00', 7)],
      date: '2026-11-02',
      expected: [],
    },
    { name: 'a weekend day needs no time', entries: [], date: '2026-10-10', expected: [] },
    { name: 'a holiday needs no time', entries: [], holidays: ['2026-10-12'], date: '2026-10-12', expected: [] },
    { name: 'an inactive member needs no time', entries: [], members: [member({ inactiveFlag: true })], date: '2026-10-06', expected: [] },
    {
      name: 'a member outside the technician licence classes needs no time',
      entries: [],
      members: [member({ licenseClass: 'A' })],
      date: '2026-10-06',
      expected: [],
    },
    { name: 'an excluded member needs no time', entries: [], excludedMembers: ['jsmith'], date: '2026-10-06', expected: [] },
  ])('$name', ({ entries, date, expected, period, options, holidays, members, excludedMembers }) => {
    const shot = snapshot({ period, members: members ?? [member()], timeEntries: entries });
    const findings = runRule(timeMissing, shot, options, {
      holidays: holidays ?? [],
      excludedMembers: excludedMembers ?? [],
    }).filter((finding) => finding.date === date);
    expect(findings.map(brief)).toEqual(expected);
    expectRecordsNamed(findings);
  });

  it('reports one finding per technician and business day, in member then date order', () => {
    const adoe = member({ id: 8, identifier: 'adoe' });
    const findings = runRule(timeMissing, snapshot({ members: [adoe, member()] }), {}, { holidays: ['2026-10-12'] });
    // October 2026 has 22 business days; 12 October is a holiday.
    expect(findings).toHaveLength(42);
    expect(findings.map((finding) => finding.member?.identifier)).toEqual([
      ...Array<string>(21).fill('jsmith'),
      ...Array<string>(21).fill('adoe'),
    ]);
    expect(findings.slice(0, 3).map((finding) => finding.date)).toEqual(['2026-10-01', '2026-10-02', '2026-10-05']);
  });

  it('says who logged how much on which day, and how far short', () => {
    const shot = snapshot({ members: [member()], timeEntries: [logged(1, '2026-10-05T09:00:00-05:00', 5)] });
    const finding = runRule(timeMissing, shot).find((candidate) => candidate.date === '2026-10-05');
    expect(finding?.message).toBe('Member #7 (jsmith) logged 5.00 h on 2026-10-05, 2.00 h short of the daily minimum of 7.00 h.');
  });
});
