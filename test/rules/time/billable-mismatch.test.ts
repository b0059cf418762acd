import { describe, expect, it } from 'vitest';
import { timeBillableMismatch } from '../../../src/rules/time/billable-mismatch.js';
import { ACME, runRule, snapshot, timeEntry } from '../fixtures.js';
import { brief, expectRecordsNamed } from './brief.js';

const lists = { nonBillableWorkTypes: ['Admin', 'PTO'], billableWorkTypes: ['Remote Support'] };
const workType = (name: string) => ({ workType: { id: 9, name } });
const onAgreement = { agreement: { id: 88, name: 'Managed Services — Acme' } };
const mismatch = (amount: string | null) => ({
  company: ACME.id,
  member: 'jsmith',
  records: ['timeEntry #101'],
  date: '2026-10-05',
  hours: '2.00',
  amount,
});

describe('time.billable-mismatch', () => {
  it.each([
    { name: 'a non-billable work type marked Billable fires', entry: workType('Admin'), expected: [mismatch('300.00')] },
    { name: 'work type names match case-insensitively', entry: workType('admin'), expected: [mismatch('300.00')] },
    {
      name: 'a non-billable work type marked Billable fires on an agreement too',
      entry: { ...workType('PTO'), ...onAgreement },
      expected: [mismatch('300.00')],
    },
    {
      name: 'a billable work type marked DoNotBill with no agreement fires',
      entry: { ...workType('Remote Support'), billableOption: 'DoNotBill' },
      expected: [mismatch(null)],
    },
    {
      name: 'a billable work type marked NoCharge with no agreement fires',
      entry: { ...workType('REMOTE SUPPORT'), billableOption: 'NoCharge' },
      expected: [mismatch(null)],
    },
    {
      name: 'a billable work type marked NoCharge on an agreement does not fire',
      entry: { ...workType('Remote Support'), billableOption: 'NoCharge', ...onAgreement },
      expected: [],
    },
    { name: 'a billable work type marked Billable does not fire', entry: workType('Remote Support'), expected: [] },
    {
      name: 'a non-billable work type marked DoNotBill does not fire',
      entry: { ...workType('Admin'), billableOption: 'DoNotBill' },
      expected: [],
    },
    { name: 'an unlisted work type does not fire', entry: workType('Onsite'), expected: [] },
    { name: 'an entry without a work type does not fire', entry: { workType: null }, expected: [] },
    {
      name: 'an entry at 23:30 the day before the period does not fire',
      entry: { ...workType('Admin'), timeStart: '2026-09-30T23:30:00-05:00', timeEnd: '2026-10-01T01:30:00-05:00' },
      expected: [],
    },
  ])('$name', ({ entry, expected }) => {
    const findings = runRule(timeBillableMismatch, snapshot({ timeEntries: [timeEntry(entry)] }), lists);
    expect(findings.map(brief)).toEqual(expected);
    expectRecordsNamed(findings);
  });

  it('finds nothing while no work types are listed', () => {
    expect(runRule(timeBillableMismatch, snapshot({ timeEntries: [timeEntry(workType('Admin'))] }))).toEqual([]);
  });

  it('names the option and the work type that contradict each other', () => {
    const shot = snapshot({ timeEntries: [timeEntry({ ...workType('Remote Support'), billableOption: 'NoCharge' })] });
    const [finding] = runRule(timeBillableMismatch, shot, lists);
    expect(finding?.message).toBe(
      'Time entry #101 (jsmith, 2026-10-05, 2.00 h) for Acme Corp is marked NoCharge with no agreement, but its work type "Remote Support" is billable.',
    );
  });
});
