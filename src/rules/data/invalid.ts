import { recordNames, type InvalidRecord } from '../../connectwise/records.js';
import { defineRule, noOptions } from '../define.js';
import type { RuleFinding } from '../define.js';
import { byCompanyAndRecords } from '../shared/describe.js';

function messageOf(record: InvalidRecord): string {
  const problems = record.problems.join('; ') || 'unknown problem';
  const name = recordNames[record.type];
  if (record.id == null) {
    const article = /^[aeiou]/.test(name) ? 'An' : 'A';
    return `${article} ${name} from ConnectWise has no id and cannot be validated: ${problems}`;
  }
  return `${name.charAt(0).toUpperCase()}${name.slice(1)} #${record.id} from ConnectWise cannot be validated: ${problems}`;
}

/** Scope company when the record names its company, else internal. */
export const dataInvalid = defineRule({
  id: 'data.invalid',
  severity: 'error',
  scope: 'company',
  description: 'A record that ConnectWise returned in a shape the rules cannot use; reported, never dropped.',
  options: noOptions,
  // bad records must never vanish silently
  alwaysOn: true,
  check(snapshot) {
    const findings = snapshot.invalid.map(
      (record): RuleFinding => ({
        scope: record.company == null ? 'internal' : 'company',
        company: record.company,
        member: null,
        records: record.id == null ? [] : [{ type: record.type, id: record.id }],
        date: null,
        hours: null,
        amount: null,
        message: messageOf(record),
      }),
    );
    return findings.sort((left, right) => byCompanyAndRecords(left, right) || compareText(left.message, right.message));
  },
});

function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
