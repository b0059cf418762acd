import { expect } from 'vitest';
import type { RuleFinding } from '../../../src/rules/define.js';

/** A finding reduced to what the time-entry tests compare: ids, `type #id` records, two-decimal strings. */
export function brief(finding: RuleFinding) {
  return {
    company: finding.company?.id ?? null,
    member: finding.member?.identifier ?? null,
    records: finding.records.map((record) => `${record.type} #${record.id}`),
    date: finding.date,
    hours: finding.hours?.toFixed(2) ?? null,
    amount: finding.amount?.toFixed(2) ?? null,
  };
}

/** Every record of every finding appears in its message as `#id`. */
export function expectRecordsNamed(findings: readonly RuleFinding[]): void {
  for (const finding of findings) {
    for (const record of finding.records) expect(finding.message).toMatch(new RegExp(`#${record.id}\\b`));
  }
}
