import type { Decimal } from 'decimal.js';
import type { RecordRef, TimeEntry } from '../../connectwise/records.js';
import type { z } from 'zod';
import type { EntryTest, PerEntry, RuleDefinition, RuleFinding } from '../define.js';
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

/** The test that finds `Time entry #101 (…) for Acme Corp <problem>.` of each entry `problemOf` names a problem of. */
export function byProblem(problemOf: (dated: DatedEntry) => string | null): EntryTest {
  return (dated) => {
    const problem = problemOf(dated);
    return problem === null ? null : entryFinding(dated, problem);
  };
}

/** Each test's findings over the entries, in a deterministic order. Every entry is read once for all the tests, not once per test. */
export function judgeEntries(entries: readonly DatedEntry[], tests: readonly EntryTest[]): RuleFinding[][] {
  const findings = tests.map((): RuleFinding[] => []);
  for (let index = 0; index < entries.length; index++) {
    const dated = entries[index]!;
    for (let test = 0; test < tests.length; test++) {
      const finding = tests[test]!(dated);
      if (finding !== null) findings[test]!.push(finding);
    }
  }
  return findings.map((found) => found.sort(byCompanyAndRecords));
}

/** A rule that judges each time entry on its own; its `check` runs it alone, the engine with the others. */
export function defineEntryRule<Options extends z.ZodObject>(
  rule: Omit<RuleDefinition<Options>, 'check' | 'perEntry'> & { perEntry: PerEntry<Options> },
): RuleDefinition<Options> {
  const { perEntry } = rule;
  return {
    ...rule,
    check(_snapshot, options, context) {
      const test = perEntry.findingOf(options, context);
      return test === null ? [] : judgeEntries(context.facts[perEntry.entries], [test])[0]!;
    },
  };
}
