import type { Decimal } from 'decimal.js';
import type { CalendarDate, Period } from '../calendar.js';
import type { Addition, Member, TimeEntry } from '../connectwise/records.js';
import { Money, ZERO } from '../money.js';
import type { Agreement, Snapshot } from '../snapshot.js';
import type { RuleContext } from './define.js';

/** Shared definitions of rules.md, computed once per snapshot and read by every rule. */

export const DEFAULT_APPROVED_STATUSES = [
  'ApprovedByTierOne',
  'ApprovedByTierTwo',
  'ReadyToBill',
  'Billed',
  'BilledAgreement',
  'WrittenOff',
] as const;

export const BILLED_STATUSES = new Set(['Billed', 'BilledAgreement', 'WrittenOff']);

const MS_PER_HOUR = new Money(3_600_000);

/** Entry durations repeat (quarter hours, full days): each is divided once. */
const hoursByDuration = new Map<number, Decimal>();

function hoursOfDuration(milliseconds: number): Decimal {
  let hours = hoursByDuration.get(milliseconds);
  if (hours === undefined) {
    hours = new Money(milliseconds).div(MS_PER_HOUR);
    if (hoursByDuration.size < 100_000) hoursByDuration.set(milliseconds, hours);
  }
  return hours;
}

/** `actualHours` when present, else `(timeEnd - timeStart) - hoursDeduct`; never negative. */
export function entryHours(entry: TimeEntry): Decimal {
  let hours: Decimal;
  if (entry.actualHours != null) hours = entry.actualHours;
  else if (entry.timeEnd != null) {
    hours = hoursOfDuration(entry.timeEnd - entry.timeStart);
    if (entry.hoursDeduct != null) hours = hours.minus(entry.hoursDeduct);
  } else hours = ZERO;
  return hours.isNegative() ? ZERO : hours;
}

export interface DatedEntry {
  entry: TimeEntry;
  /** the entry date: timeStart in the tenant timezone */
  date: CalendarDate;
  hours: Decimal;
}

export interface SnapshotFacts {
  /** time entries whose entry date is inside the period */
  periodEntries: DatedEntry[];
  /** time entries dated before the period start (the stale-time lookback) */
  earlierEntries: DatedEntry[];
  agreementsById: Map<number, Agreement>;
  membersById: Map<number, Member>;
  /** active members of a technician licence class, not excluded */
  technicians: Member[];
}

const cache = new WeakMap<Snapshot, { context: RuleContext; facts: SnapshotFacts }>();

export function factsOf(snapshot: Snapshot, context: RuleContext): SnapshotFacts {
  const cached = cache.get(snapshot);
  if (cached && cached.context === context) return cached.facts;
  const facts = computeFacts(snapshot, context);
  cache.set(snapshot, { context, facts });
  return facts;
}

function computeFacts(snapshot: Snapshot, context: RuleContext): SnapshotFacts {
  const periodEntries: DatedEntry[] = [];
  const earlierEntries: DatedEntry[] = [];
  for (const entry of snapshot.timeEntries) {
    const date = context.days.dateOf(entry.timeStart);
    if (date >= context.period.endDay) continue;
    const dated = { entry, date, hours: entryHours(entry) };
    if (date >= context.period.firstDay) periodEntries.push(dated);
    else earlierEntries.push(dated);
  }
  const classes = new Set(context.licenseClasses);
  const excluded = new Set(context.excludedMembers);
  return {
    periodEntries,
    earlierEntries,
    agreementsById: new Map(snapshot.agreements.map((agreement) => [agreement.id, agreement])),
    membersById: new Map(snapshot.members.map((member) => [member.id, member])),
    technicians: snapshot.members.filter(
      (member) =>
        !member.inactiveFlag && classes.has(member.licenseClass ?? '') && !excluded.has(member.identifier),
    ),
  };
}

export function inPeriod(date: CalendarDate, period: Period): boolean {
  return date >= period.firstDay && date < period.endDay;
}

/** An agreement that bills: status Active and not cancelled. */
export function isLiveAgreement(agreement: Agreement): boolean {
  return agreement.agreementStatus === 'Active' && !agreement.cancelledFlag;
}

/** `effectiveDate` (when set) before the period end, and `cancelledDate` null or on/after its start. */
export function isActiveAddition(addition: Addition, period: Period): boolean {
  return (
    (addition.effectiveDate == null || addition.effectiveDate < period.endDay) &&
    (addition.cancelledDate == null || addition.cancelledDate >= period.firstDay)
  );
}

/** `DoNotBill` or `NoCharge`, or absorbed by an agreement (`agreementHours` > 0). */
export function isNotInvoicedSeparately(entry: TimeEntry): boolean {
  return (
    entry.billableOption === 'DoNotBill' ||
    entry.billableOption === 'NoCharge' ||
    (entry.agreementHours != null && entry.agreementHours.greaterThan(0))
  );
}

export function formatHours(hours: Decimal): string {
  return `${hours.toFixed(2)} h`;
}
