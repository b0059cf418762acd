import type { Decimal } from 'decimal.js';
import type { AgreementRecord } from '../../connectwise/records.js';
import { ZERO, sumLines, toCents } from '../../money.js';
import type { Agreement } from '../../snapshot.js';
import { isAbsorbed } from './facts.js';
import type { DatedEntry, SnapshotFacts } from './facts.js';
import { HoursTotal } from './hundredths.js';

/**
 * Hours applied to each agreement in the period and, for agreements with monthly included
 * hours, what goes over the limit. The limit is consumed in chronological order (timeStart,
 * then id): the entries logged last are the ones that run over and bill at their overage rate.
 */

export interface OverageLine {
  entry: DatedEntry;
  /** the part of the entry's hours beyond the limit */
  hours: Decimal;
  /** the entry's overageRate when above zero, else its hourlyRate; null when it has neither */
  rate: Decimal | null;
  /** hours × rate rounded half-up to the cent; zero without a rate */
  amount: Decimal;
}

export interface AppliedHours {
  agreement: Agreement;
  /** hours of the Billable time entries in the period that point at the agreement */
  hours: Decimal;
  /** included hours per month when the agreement counts hours against a limit, else null */
  limit: Decimal | null;
  overageHours: Decimal;
  /** the overage lines summed, each rounded to the cent first */
  overageAmount: Decimal;
  overageLines: OverageLine[];
  /**
   * The overage the projected total bills: the same computation over the entries the agreement
   * absorbed (`agreementHours` > 0) alone, since the others are invoiced separately already.
   */
  absorbedOverageAmount: Decimal;
}

/** Included hours of an agreement that counts Hours monthly against a finite, positive limit. */
export function includedHours(agreement: AgreementRecord): Decimal | null {
  const { applicationUnits, applicationUnlimitedFlag, applicationLimit, applicationCycle } = agreement;
  const monthly = applicationCycle == null || applicationCycle === 'CalendarMonth';
  if (applicationUnits !== 'Hours' || applicationUnlimitedFlag || !monthly) return null;
  return applicationLimit != null && applicationLimit.greaterThan(0) ? applicationLimit : null;
}

/** Per agreement id, for every agreement of the snapshot with applied time in the period. */
export function appliedHoursOf({ appliedEntries, agreementsById }: SnapshotFacts): Map<number, AppliedHours> {
  const applied = new Map<number, AppliedHours>();
  for (const [agreementId, entries] of appliedEntries) {
    const agreement = agreementsById.get(agreementId);
    if (agreement) applied.set(agreementId, appliedTo(agreement, entries));
  }
  return applied;
}

function appliedTo(agreement: Agreement, entries: DatedEntry[]): AppliedHours {
  const total = new HoursTotal();
  for (let index = 0; index < entries.length; index++) total.add(entries[index]!);
  const { hours } = total;
  const limit = includedHours(agreement);
  if (limit == null || total.compareTo(limit) <= 0) {
    return { agreement, hours, limit, overageHours: ZERO, overageAmount: ZERO, overageLines: [], absorbedOverageAmount: ZERO };
  }
  const overageLines = overageLinesOf(entries, limit);
  const overageAmount = sumOf(overageLines);
  const absorbed = entries.filter((dated) => isAbsorbed(dated.entry));
  return {
    agreement,
    hours,
    limit,
    overageHours: hours.minus(limit),
    overageAmount,
    overageLines,
    absorbedOverageAmount: absorbed.length === entries.length ? overageAmount : sumOf(overageLinesOf(absorbed, limit)),
  };
}

function sumOf(lines: readonly OverageLine[]): Decimal {
  return sumLines(lines.map((line) => line.amount));
}

/** Bills what exceeds the limit, oldest entry first: part of the entry that crosses it, and every entry after it. */
function overageLinesOf(applied: readonly DatedEntry[], limit: Decimal): OverageLine[] {
  const entries = [...applied].sort((left, right) => left.entry.timeStart - right.entry.timeStart || left.entry.id - right.entry.id);
  const lines: OverageLine[] = [];
  const used = new HoursTotal();
  for (const dated of entries) {
    if (dated.hours.isZero()) continue;
    let over = dated.hours;
    if (lines.length === 0) {
      used.add(dated);
      if (used.compareTo(limit) <= 0) continue;
      over = used.hours.minus(limit);
    }
    const { overageRate, hourlyRate } = dated.entry;
    const rate = overageRate != null && overageRate.greaterThan(0) ? overageRate : (hourlyRate ?? null);
    lines.push({ entry: dated, hours: over, rate, amount: rate ? toCents(over.times(rate)) : ZERO });
  }
  return lines;
}
