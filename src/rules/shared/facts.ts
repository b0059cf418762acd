import type { Decimal } from 'decimal.js';
import type { CalendarDate, DayIndex, Period } from '../../calendar.js';
import type { Addition, Member, TimeEntry } from '../../connectwise/records.js';
import { Money, ZERO } from '../../money.js';
import type { Agreement, Snapshot } from '../../snapshot.js';
import { hundredthsOf } from './hundredths.js';
import type { CountedHours } from './hundredths.js';

/** Shared definitions of rules.md, computed once per run and read by every rule. */

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
    if (entry.hoursDeduct != null && !entry.hoursDeduct.isZero()) hours = hours.minus(entry.hoursDeduct);
  } else hours = ZERO;
  return hours.isNegative() ? ZERO : hours;
}

export interface DatedEntry extends CountedHours {
  entry: TimeEntry;
  /** the entry date: timeStart in the tenant timezone */
  date: CalendarDate;
}

export interface SnapshotFacts {
  /** time entries whose entry date is inside the period */
  periodEntries: DatedEntry[];
  /** the period entries applied to an agreement (Billable, pointing at it), by agreement id known or not, in period order */
  appliedEntries: Map<number, DatedEntry[]>;
  /** the period entries that point at no agreement */
  entriesWithoutAgreement: DatedEntry[];
  /** the period entries by member id, in period order */
  entriesByMember: Map<number, DatedEntry[]>;
  /** time entries dated before the period start (the stale-time lookback) */
  earlierEntries: DatedEntry[];
  agreementsById: Map<number, Agreement>;
  membersById: Map<number, Member>;
  /** active members of a technician licence class, not excluded */
  technicians: Member[];
}

/** What dating and grouping the entries takes from the run: its period, its day index and who is a technician. */
export interface FactsScope {
  period: Period;
  days: DayIndex;
  licenseClasses: readonly string[];
  excludedMembers: readonly string[];
}

/** Adds to the group under the key, creating it on first use. */
export function addTo<K, V>(groups: Map<K, V[]>, key: K, value: V): void {
  const group = groups.get(key);
  if (group) group.push(value);
  else groups.set(key, [value]);
}

/**
 * The values with a key, grouped by it, each group in the order given: each key looked up once per
 * value, then the groups filled from the slots found, never by key again.
 */
function groupedBy<V>(values: readonly V[], keyOf: (value: V) => number | undefined): Map<number, V[]> {
  const slotOf = new Map<number, number>();
  const slots = new Int32Array(values.length);
  for (let index = 0; index < values.length; index++) {
    const key = keyOf(values[index]!);
    let slot = -1;
    if (key !== undefined) {
      slot = slotOf.get(key) ?? slotOf.size;
      if (slot === slotOf.size) slotOf.set(key, slot);
    }
    slots[index] = slot;
  }
  const groups = Array.from(slotOf.keys(), (): V[] => []);
  for (let index = 0; index < values.length; index++) {
    const slot = slots[index]!;
    if (slot >= 0) groups[slot]!.push(values[index]!);
  }
  return new Map(Array.from(slotOf.keys(), (key, slot) => [key, groups[slot]!]));
}

function datedEntry(entry: TimeEntry, date: CalendarDate): DatedEntry {
  const hours = entryHours(entry);
  return { entry, date, hours, hundredths: hundredthsOf(hours) };
}

export function snapshotFacts(snapshot: Snapshot, scope: FactsScope): SnapshotFacts {
  const { period, days } = scope;
  const periodEntries: DatedEntry[] = [];
  const entriesWithoutAgreement: DatedEntry[] = [];
  const earlierEntries: DatedEntry[] = [];
  const { timeEntries } = snapshot;
  // The rules loop over time entries by index: a loop that runs once over a million entries
  // spends much of it unoptimised, where `for…of` allocates an iterator result per entry.
  for (let index = 0; index < timeEntries.length; index++) {
    const entry = timeEntries[index]!;
    const date = days.dateOf(entry.timeStart);
    if (date >= period.endDay) continue;
    const dated = datedEntry(entry, date);
    if (date < period.firstDay) earlierEntries.push(dated);
    else {
      periodEntries.push(dated);
      if (entry.agreement == null) entriesWithoutAgreement.push(dated);
    }
  }
  const classes = new Set(scope.licenseClasses);
  const excluded = new Set(scope.excludedMembers);
  return {
    periodEntries,
    appliedEntries: groupedBy(periodEntries, ({ entry }) => (entry.agreement != null && entry.billableOption === 'Billable' ? entry.agreement.id : undefined)),
    entriesWithoutAgreement,
    entriesByMember: groupedBy(periodEntries, ({ entry }) => entry.member.id),
    earlierEntries,
    agreementsById: new Map(snapshot.agreements.map((agreement) => [agreement.id, agreement])),
    membersById: new Map(snapshot.members.map((member) => [member.id, member])),
    technicians: snapshot.members.filter(
      (member) =>
        !member.inactiveFlag && classes.has(member.licenseClass ?? '') && !excluded.has(member.identifier),
    ),
  };
}

/**
 * Entries by timeStart, then id. A sign, not the difference: instants are not small integers, and a
 * comparator's result that is not one is allocated anew on every call of a sort.
 */
export function byTimeStart(left: DatedEntry, right: DatedEntry): number {
  return Math.sign(left.entry.timeStart - right.entry.timeStart) || left.entry.id - right.entry.id;
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

/** The agreement absorbed the entry: `agreementHours` > 0. */
export function isAbsorbed(entry: TimeEntry): boolean {
  return entry.agreementHours != null && entry.agreementHours.isPositive() && !entry.agreementHours.isZero();
}

/** `DoNotBill` or `NoCharge`, or absorbed by an agreement. */
export function isNotInvoicedSeparately(entry: TimeEntry): boolean {
  return entry.billableOption === 'DoNotBill' || entry.billableOption === 'NoCharge' || isAbsorbed(entry);
}

/** By Decimal: entry hours are shared, so a message's `1.50 h` is formatted once per distinct value. */
const formattedHours = new WeakMap<Decimal, string>();

export function formatHours(hours: Decimal): string {
  let formatted = formattedHours.get(hours);
  if (formatted === undefined) formattedHours.set(hours, (formatted = `${hours.toFixed(2)} h`));
  return formatted;
}
