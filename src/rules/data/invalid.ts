import { recordNames, type InvalidRecord } from '../../connectwise/records.js';
import type { UnusableCountRow } from '../../snapshot.js';
import { defineRule, noOptions } from '../define.js';
import type { RuleFinding } from '../define.js';
import { byCompanyAndRecords, capitalised, compareText } from '../shared/describe.js';

function messageOf(record: InvalidRecord, problems: string): string {
  const name = recordNames[record.type];
  if (record.id == null) {
    const article = /^[aeiou]/.test(name) ? 'An' : 'A';
    return `${article} ${name} from ConnectWise has no id and cannot be validated: ${problems}`;
  }
  return `${capitalised(name)} #${record.id} from ConnectWise cannot be validated: ${problems}`;
}

/** Scope company when the record names its company, else internal. */
function recordFinding(record: InvalidRecord): RuleFinding {
  const problems = record.problems.join('; ') || 'unknown problem';
  return {
    scope: record.company == null ? 'internal' : 'company',
    company: record.company,
    member: null,
    records: record.id == null ? [] : [{ type: record.type, id: record.id }],
    date: null,
    hours: null,
    amount: null,
    message: messageOf(record, problems),
    // a record without an id is told apart from another by what is wrong with it
    ...(record.id == null && { key: problems }),
  };
}

/** rules.md, "Counts files": internal, no records, the file and line in the message. */
function countRowFinding(row: UnusableCountRow): RuleFinding {
  const where = row.line === null ? row.file : `${row.file} line ${row.line}`;
  return {
    scope: 'internal',
    company: null,
    member: null,
    records: [],
    date: null,
    hours: null,
    amount: null,
    message: `${where}: ${row.problem}`,
    key: `${row.file}#${row.line ?? 'file'}`,
  };
}

function byFileAndLine(left: UnusableCountRow, right: UnusableCountRow): number {
  return compareText(left.file, right.file) || (left.line ?? 0) - (right.line ?? 0);
}

export const dataInvalid = defineRule({
  id: 'data.invalid',
  severity: 'error',
  scope: 'company',
  description:
    'A record that ConnectWise returned in a shape the rules cannot use or with a value no real record has, or a row of a counts file that gives no count; reported, never dropped.',
  fix: 'Correct the record in ConnectWise, or the row of the counts file, so that the rules can read it.',
  options: noOptions,
  // bad records must never vanish silently
  alwaysOn: true,
  check(snapshot) {
    const records = snapshot.invalid
      .map(recordFinding)
      .sort((left, right) => byCompanyAndRecords(left, right) || compareText(left.message, right.message));
    const rows = [...snapshot.unusableCountRows].sort(byFileAndLine).map(countRowFinding);
    return [...records, ...rows];
  },
});
