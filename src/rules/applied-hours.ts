import type { Decimal } from 'decimal.js';
import type { AgreementRecord } from '../connectwise/records.js';
import { ZERO, sumLines, toCents } from '../money.js';
import type { Agreement, Snapshot } from '../snapshot.js';
import type { RuleContext } from './define.js';
import { factsOf } from './facts.js';
import type { DatedEntry } from './facts.js';

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
}

/** Included hours of an agreement that counts Hours monthly against a finite, positive limit. */
export function includedHours(agreement: AgreementRecord): Decimal | null {
  const { applicationUnits, applicationUnlimitedFlag, applicationLimit, applicationCycle } = agreement;
  const monthly = applicationCycle == null || applicationCycle === 'CalendarMonth';
  if (applicationUnits !== 'Hours' || applicationUnlimitedFlag || !monthly) return null;
  return applicationLimit != null && applicationLimit.greaterThan(0) ? applicationLimit : null;
}

const cache = new WeakMap<Snapshot, { context: RuleContext; applied: Map<number, AppliedHours> }>();

/** Per agreement id, for every agreement of the snapshot with applied time in the period. */
export function appliedHoursOf(snapshot: Snapshot, context: RuleContext): Map<number, AppliedHours> {
  const cached = cache.get(snapshot);
  if (cached && cached.context === context) return cached.applied;
  const applied = computeAppliedHours(snapshot, context);
  cache.set(snapshot, { context, applied });
  return applied;
}

function computeAppliedHours(snapshot: Snapshot, context: RuleContext): Map<number, AppliedHours> {
  const { periodEntries, agreementsById } = factsOf(snapshot, context);
  const entriesByAgreement = new Map<number, DatedEntry[]>();
  for (const dated of periodEntries) {
    const agreementId = dated.entry.agreement?.id;
    if (agreementId == null || dated.entry.billableOption !== 'Billable' || !agreementsById.has(agreementId)) continue;
    const entries = entriesByAgreement.get(agreementId);
    if (entries) entries.push(dated);
    else entriesByAgreement.set(agreementId, [dated]);
  }
  const applied = new Map<number, AppliedHours>();
  for (const [agreementId, entries] of entriesByAgreement) {
    applied.set(agreementId, appliedTo(agreementsById.get(agreementId)!, entries));
  }
  return applied;
}

function appliedTo(agreement: Agreement, entries: DatedEntry[]): AppliedHours {
  let hours: Decimal = ZERO;
  for (const dated of entries) hours = hours.plus(dated.hours);
  const limit = includedHours(agreement);
  if (limit == null || hours.lessThanOrEqualTo(limit)) {
    return { agreement, hours, limit, overageHours: ZERO, overageAmount: ZERO, overageLines: [] };
  }
  const overageLines = overageLinesOf(entries, limit);
  return {
    agreement,
    hours,
    limit,
    overageHours: hours.minus(limit),
    overageAmount: sumLines(overageLines.map((line) => line.amount)),
    overageLines,
  };
}

/** Sorts `entries` (this module's own array) in place, oldest first, and bills what exceeds the limit. */
function overageLinesOf(entries: DatedEntry[], limit: Decimal): OverageLine[] {
  entries.sort((left, right) => left.entry.timeStart - right.entry.timeStart || left.entry.id - right.entry.id);
  const lines: OverageLine[] = [];
  let remaining = limit;
  for (const dated of entries) {
    if (remaining.greaterThanOrEqualTo(dated.hours)) {
      remaining = remaining.minus(dated.hours);
      continue;
    }
    const over = dated.hours.minus(remaining);
    remaining = ZERO;
    const { overageRate, hourlyRate } = dated.entry;
    const rate = overageRate != null && overageRate.greaterThan(0) ? overageRate : (hourlyRate ?? null);
    lines.push({ entry: dated, hours: over, rate, amount: rate ? toCents(over.times(rate)) : ZERO });
  }
  return lines;
}
