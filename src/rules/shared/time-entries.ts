import type { Decimal } from 'decimal.js';
import type { RecordRef, TimeEntry } from '../../connectwise/records.js';
import type { RuleFinding } from '../define.js';
import { byCompanyAndRecords, companyName, entryLabel } from './describe.js';
import type { DatedEntry } from './facts.js';
import { fromHundredths, lineCents } from './hundredths.js';

/** What the time-entry rules share: which entries bill, what they bill, and one finding per entry. */

export function isBillable(entry: TimeEntry): boolean {
  return entry.billableOption === 'Billable';
}

/** What a Billable entry invoices, in cents: hours × hourlyRate rounded to the cent; null when it bills nothing. */
export function billedCents(dated: DatedEntry): number | null {
  const { entry } = dated;
  if (!isBillable(entry) || entry.hourlyRate == null || entry.hourlyRate.isZero()) return null;
  return lineCents(dated, entry.hourlyRate);
}

/** {@link billedCents} as an amount. */
export function billedAmount(dated: DatedEntry): Decimal | null {
  const cents = billedCents(dated);
  return cents === null ? null : fromHundredths(cents);
}

/**
 * The finding for one time entry: its company, member, date, hours and billed amount. `problem`
 * completes the sentence `Time entry #101 (jsmith, 2026-10-05, 2.00 h) for Acme Corp …`.
 */
export function entryFinding(dated: DatedEntry, problem: string, related: RecordRef[] = []): RuleFinding {
  const { entry } = dated;
  return {
    company: entry.company,
    member: entry.member,
    records: [{ type: 'timeEntry', id: entry.id }, ...related],
    date: dated.date,
    hours: dated.hours,
    amount: billedAmount(dated),
    message: `${entryLabel(dated)} for ${companyName(entry.company)} ${problem}.`,
  };
}

/** One finding per entry for which `problemOf` names a problem, in a deterministic order. */
export function entryFindings(
  entries: readonly DatedEntry[],
  problemOf: (dated: DatedEntry) => string | null,
): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (let index = 0; index < entries.length; index++) {
    const dated = entries[index]!;
    const problem = problemOf(dated);
    if (problem !== null) findings.push(entryFinding(dated, problem));
  }
  return findings.sort(byCompanyAndRecords);
}
