import type { Decimal } from 'decimal.js';
import type { AgreementRecord } from '../../connectwise/records.js';
import { ZERO } from '../../money.js';
import type { Agreement } from '../../snapshot.js';
import { byTimeStart, isAbsorbed } from './facts.js';
import type { DatedEntry, SnapshotFacts } from './facts.js';
import { HoursTotal, fromHundredths, hundredthsOf, lineCents, type CountedHours } from './hundredths.js';

/**
 * Hours applied to each agreement in the period and, for agreements with monthly included
 * hours, what goes over the limit. The limit is consumed in chronological order (timeStart,
 * then id): the entries logged last are the ones that run over and bill at their overage rate.
 */

export interface AppliedHours {
  agreement: Agreement;
  /** hours of the Billable time entries in the period that point at the agreement */
  hours: Decimal;
  /** included hours per month when the agreement counts hours against a limit, else null */
  limit: Decimal | null;
  overageHours: Decimal;
  /**
   * What the hours over the limit bill, oldest entry first: the part of the entry that crosses the
   * limit and every entry after it, each at its overageRate when above zero, else its hourlyRate,
   * each line rounded half-up to the cent before they are summed
   */
  overageAmount: Decimal;
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
    return { agreement, hours, limit, overageHours: ZERO, overageAmount: ZERO, absorbedOverageAmount: ZERO };
  }
  const overageAmount = fromHundredths(overageCents(entries, limit));
  const absorbed = entries.filter((dated) => isAbsorbed(dated.entry));
  return {
    agreement,
    hours,
    limit,
    overageHours: hours.minus(limit),
    overageAmount,
    absorbedOverageAmount: absorbed.length === entries.length ? overageAmount : fromHundredths(overageCents(absorbed, limit)),
  };
}

/** What exceeds the limit bills, in whole cents: the part of the entry that crosses it, and every entry after it. */
function overageCents(applied: readonly DatedEntry[], limit: Decimal): number {
  const used = new HoursTotal();
  let crossed = false;
  let cents = 0;
  for (const dated of [...applied].sort(byTimeStart)) {
    let over: CountedHours = dated;
    if (!crossed) {
      used.add(dated);
      if (used.compareTo(limit) <= 0) continue;
      crossed = true;
      const hours = used.hours.minus(limit);
      over = { hours, hundredths: hundredthsOf(hours) };
    }
    const { overageRate, hourlyRate } = dated.entry;
    const rate = overageRate != null && overageRate.greaterThan(0) ? overageRate : hourlyRate;
    if (rate != null) cents += lineCents(over, rate);
  }
  return cents;
}
