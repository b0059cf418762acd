import { describe, expect, it } from 'vitest';
import { timeNoAgreement } from '../../../src/rules/time/no-agreement.js';
import { ACME, GLOBEX, agreement, runRule, snapshot, timeEntry } from '../fixtures.js';
import { brief, expectRecordsNamed } from './brief.js';

const on = (date: string) => ({ timeStart: `${date}T14:00:00Z`, timeEnd: `${date}T16:00:00Z` });
const endsOn = (date: string) => agreement({ noEndingDateFlag: false, endDate: `${date}T00:00:00Z` });

const candidate = (date: string, agreementIds = [88]) => ({
  company: ACME.id,
  member: 'jsmith',
  records: ['timeEntry #101', ...agreementIds.map((id) => `agreement #${id}`)],
  date,
  hours: '2.00',
  amount: '300.00',
});

describe('time.no-agreement', () => {
  it.each([
    { name: 'a billable entry beside an active agreement fires', agreements: [agreement()], entry: {}, expected: [candidate('2026-10-05')] },
    {
      name: 'every candidate agreement is named',
      agreements: [agreement({ id: 89, name: 'Backup — Acme' }), agreement()],
      entry: {},
      expected: [candidate('2026-10-05', [88, 89])],
    },
    {
      name: 'an agreement ending mid-period still covers its last day',
      agreements: [endsOn('2026-10-15')],
      entry: on('2026-10-15'),
      expected: [candidate('2026-10-15')],
    },
    {
      name: 'an end date in the past is ignored while noEndingDateFlag is set',
      agreements: [agreement({ noEndingDateFlag: true, endDate: '2026-06-30T00:00:00Z' })],
      entry: {},
      expected: [candidate('2026-10-05')],
    },
    {
      name: 'an entry at 23:30 on the last day (Chicago) is covered by an agreement ending that day',
      agreements: [endsOn('2026-10-31')],
      entry: { timeStart: '2026-10-31T23:30:00-05:00', timeEnd: '2026-11-01T01:30:00-05:00' },
      expected: [candidate('2026-10-31')],
    },
    { name: 'an agreement ending mid-period does not cover the days after', agreements: [endsOn('2026-10-15')], entry: on('2026-10-16'), expected: [] },
    {
      name: 'an agreement starting after the entry date does not cover it',
      agreements: [agreement({ startDate: '2026-10-06T00:00:00Z' })],
      entry: {},
      expected: [],
    },
    { name: 'a cancelled agreement is no candidate', agreements: [agreement({ cancelledFlag: true })], entry: {}, expected: [] },
    { name: 'an agreement that is not Active is no candidate', agreements: [agreement({ agreementStatus: 'Expired' })], entry: {}, expected: [] },
    { name: "another company's agreement is no candidate", agreements: [agreement({ company: GLOBEX })], entry: {}, expected: [] },
    {
      name: 'an entry on an agreement does not fire',
      agreements: [agreement()],
      entry: { agreement: { id: 88, name: 'Managed Services — Acme' } },
      expected: [],
    },
    { name: 'a NoCharge entry does not fire', agreements: [agreement()], entry: { billableOption: 'NoCharge' }, expected: [] },
    {
      name: 'an entry at 23:30 the day before the period does not fire',
      agreements: [agreement()],
      entry: { timeStart: '2026-09-30T23:30:00-05:00', timeEnd: '2026-10-01T01:30:00-05:00' },
      expected: [],
    },
  ])('$name', ({ agreements, entry, expected }) => {
    const findings = runRule(timeNoAgreement, snapshot({ agreements, timeEntries: [timeEntry(entry)] }));
    expect(findings.map(brief)).toEqual(expected);
    expectRecordsNamed(findings);
  });

  it('names the entry and the agreements it probably belongs on', () => {
    const shot = snapshot({ agreements: [agreement({ id: 89, name: 'Backup — Acme' }), agreement()], timeEntries: [timeEntry()] });
    const [finding] = runRule(timeNoAgreement, shot);
    expect(finding?.message).toBe(
      'Time entry #101 (jsmith, 2026-10-05, 2.00 h) for Acme Corp is billable with no agreement, although agreement #88 "Managed Services — Acme" and agreement #89 "Backup — Acme" are active that day.',
    );
  });
});
