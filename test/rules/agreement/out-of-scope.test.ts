import { describe, expect, it } from 'vitest';
import { agreementOutOfScope } from '../../../src/rules/agreement/out-of-scope.js';
import { ACME, agreement, runRule, snapshot, timeEntry } from '../fixtures.js';

const ONSITE = { id: 4, name: 'Onsite' };
const PROJECT_ENGINEER = { id: 6, name: 'Project Engineer' };

/** Agreement #88 excludes the Onsite work type and the Project Engineer work role. */
const excluding = agreement({}, { excludedWorkTypeIds: [ONSITE.id], excludedWorkRoleIds: [PROJECT_ENGINEER.id] });

const entry = (fields: Record<string, unknown>) => timeEntry({ agreement: { id: 88 }, ...fields });

function check(entries: ReturnType<typeof timeEntry>[], agreements = [excluding]) {
  return runRule(agreementOutOfScope, snapshot({ agreements, timeEntries: entries }));
}

describe('agreement.out-of-scope', () => {
  it.each([
    ['excluded work type marked NoCharge', { workType: ONSITE, billableOption: 'NoCharge' }, '300.00', 'is marked NoCharge on agreement #88', 'work type "Onsite"', '2026-10-05'],
    ['excluded work role marked DoNotBill', { workRole: PROJECT_ENGINEER, billableOption: 'DoNotBill' }, '300.00', 'is marked DoNotBill on agreement #88', 'work role "Project Engineer"', '2026-10-05'],
    ['excluded work type absorbed by the agreement (agreementHours > 0)', { workType: ONSITE, agreementHours: 2 }, '300.00', 'is covered by agreement #88', 'work type "Onsite"', '2026-10-05'],
    [
      'both exclusions at once',
      { workType: ONSITE, workRole: PROJECT_ENGINEER, billableOption: 'NoCharge', hourlyRate: '97.45', timeEnd: '2026-10-05T14:06:00Z' },
      '9.75',
      'is marked NoCharge',
      'work type "Onsite" and work role "Project Engineer"',
      '2026-10-05',
    ],
    [
      'an entry at 23:30 on 31 October in Chicago',
      { workType: ONSITE, billableOption: 'NoCharge', timeStart: '2026-11-01T04:30:00Z', timeEnd: '2026-11-01T06:30:00Z' },
      '300.00',
      'is marked NoCharge',
      'work type "Onsite"',
      '2026-10-31',
    ],
  ])('fires for %s', (_name, fields, amount, how, excluded, date) => {
    const findings = check([entry(fields)]);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.records).toEqual([
      { type: 'timeEntry', id: 101 },
      { type: 'agreement', id: 88 },
    ]);
    expect(finding?.company).toEqual(ACME);
    expect(finding?.date).toBe(date);
    expect(finding?.amount?.toFixed(2)).toBe(amount);
    expect(finding?.message).toContain('Time entry #101');
    expect(finding?.message).toContain(how);
    expect(finding?.message).toContain(`which excludes ${excluded}: excluded labor worth ${amount} is given away.`);
  });

  it('gives the hours and no amount when the entry has no hourly rate', () => {
    const [finding] = check([entry({ workType: ONSITE, billableOption: 'NoCharge', hourlyRate: null })]);
    expect(finding?.hours?.toFixed(2)).toBe('2.00');
    expect(finding?.amount).toBeNull();
    expect(finding?.message).toContain('excluded labor at no known hourly rate is given away');
  });

  it.each([
    ['excluded work billed separately (Billable, no agreement hours)', { workType: ONSITE }],
    ['excluded work billed separately (Billable, agreementHours 0)', { workType: ONSITE, agreementHours: 0 }],
    ['covered work that the agreement does not exclude', { billableOption: 'NoCharge' }],
    ['excluded work without an agreement', { workType: ONSITE, billableOption: 'NoCharge', agreement: null }],
    ['excluded work on an agreement the snapshot does not hold', { workType: ONSITE, billableOption: 'NoCharge', agreement: { id: 99 } }],
    [
      'an entry at 23:30 on 30 September in Chicago, before the period',
      { workType: ONSITE, billableOption: 'NoCharge', timeStart: '2026-10-01T04:30:00Z', timeEnd: '2026-10-01T05:30:00Z' },
    ],
    [
      'an entry at 00:30 on 1 November in Chicago, the night the clocks go back',
      { workType: ONSITE, billableOption: 'NoCharge', timeStart: '2026-11-01T05:30:00Z', timeEnd: '2026-11-01T06:30:00Z' },
    ],
  ])('stays quiet for %s', (_name, fields) => {
    expect(check([entry(fields)])).toEqual([]);
  });

  it('reads the exclusions of the agreement the entry points at, not of another one', () => {
    const other = agreement({ id: 89 }, { excludedWorkTypeIds: [ONSITE.id] });
    expect(check([entry({ workType: ONSITE, billableOption: 'NoCharge' })], [agreement(), other])).toEqual([]);
  });
});
