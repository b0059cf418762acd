import type { MemberRef } from '../connectwise/records.js';
import { zonedDate } from '../calendar.js';
import type { TimeEntry } from '../connectwise/records.js';
import { formatAmount, sumLines } from '../money.js';
import type { Report, ReportDisplay, ReportException } from '../report/schema.js';
import { isOpen } from '../report/tally.js';
import { fixOf } from '../rules/registry.js';
import { entryHours } from '../rules/shared/facts.js';
import type { Snapshot } from '../snapshot.js';
import { fullName, reminderAddress, whyNotReminded, type MemberSettings } from './audience.js';
import { normalizeAddress } from './message.js';

/** What a technician can fix themselves, in the order the reminder lists it. */
export const TECHNICIAN_RULES = ['time.missing', 'time.unapproved', 'time.unclassified', 'time.closed-ticket-no-time'] as const;
export type TechnicianRule = (typeof TECHNICIAN_RULES)[number];

export const isTechnicianRule = (rule: string): rule is TechnicianRule => (TECHNICIAN_RULES as readonly string[]).includes(rule);

/**
 * A technician's own items: their open internal-scope findings of the technician rules (a closed
 * ticket without time is its owner's). Company-scope findings are finance's, never a technician's;
 * an item waived on the internal exception ticket or in the configuration is nobody's to fix.
 */
export function isTechnicianItem(exception: ReportException): boolean {
  return exception.scope === 'internal' && exception.member !== null && isTechnicianRule(exception.rule) && isOpen(exception);
}

/** One of the technician's time entries, as a reminder lists it. */
export interface DayEntry {
  id: number;
  hours: string;
  /** the ticket it is charged to, or else the charge code */
  ticket: number | null;
  chargeCode: number | null;
  workType: string | null;
}

export interface ReminderItem {
  exception: ReportException;
  /** for a day short of the minimum: what was logged that day, entry by entry */
  day: { logged: string; minimum: string; entries: DayEntry[] } | null;
  /** for an unapproved or unclassified entry: that entry, when the snapshot holds it */
  entry: DayEntry | null;
}

export interface TechnicianSection {
  rule: TechnicianRule;
  /** what to do about every item of the rule */
  fix: string;
  items: ReminderItem[];
}

export interface RemindedMember {
  member: { id: number; identifier: string; firstName: string | null; name: string | null };
  sections: TechnicianSection[];
}

export interface TechnicianReminder {
  to: string;
  /** everyone whose primaryEmail is this address, each with their own items */
  members: RemindedMember[];
  period: string;
  timezone: string;
  /** the run's links into ConnectWise */
  display: ReportDisplay;
  /** when the validation run that feeds invoicing fires; null when no validate schedule is set */
  deadline: Date | null;
}

export interface TechnicianPlan {
  reminders: TechnicianReminder[];
  /** technicians with something to fix and no usable primaryEmail */
  withoutEmail: MemberRef[];
}

/**
 * One reminder per address that technicians with items to fix read: members who share an
 * address get one message with each member's items under their name. Members who are not
 * reminded (inactive, excluded, not a technician) get nothing here: the digest lists their items.
 */
export function planTechnicianReminders(report: Report, snapshot: Snapshot, deadline: Date | null, settings: MemberSettings): TechnicianPlan {
  const records = new Map(snapshot.members.map((member) => [member.id, member]));
  const plan: TechnicianPlan = { reminders: [], withoutEmail: [] };
  const byAddress = new Map<string, TechnicianReminder>();
  const entriesOn = entriesByMemberAndDay(snapshot);
  const entries = new Map(snapshot.timeEntries.map((entry) => [entry.id, entry]));
  for (const { member, items } of itemsByMember(report.exceptions)) {
    const record = records.get(member.id);
    const reason = whyNotReminded(record, settings);
    if (reason === 'no-email') plan.withoutEmail.push(member);
    if (reason !== null) continue;
    const to = reminderAddress(record)!;
    let reminder = byAddress.get(normalizeAddress(to));
    if (!reminder) {
      reminder = { to, members: [], period: report.period, timezone: snapshot.period.timezone, display: report.display, deadline };
      byAddress.set(normalizeAddress(to), reminder);
      plan.reminders.push(reminder);
    }
    reminder.members.push({
      member: { id: member.id, identifier: member.identifier, firstName: record?.firstName?.trim() || null, name: fullName(record) },
      sections: sectionsOf(items, (exception) => ({ exception, day: dayOf(exception, entriesOn), entry: entryOf(exception, entries) })),
    });
  }
  return plan;
}

/** Each member's own items, members by identifier. */
export function itemsByMember(exceptions: readonly ReportException[]): { member: MemberRef; items: ReportException[] }[] {
  const owners = new Map<number, { member: MemberRef; items: ReportException[] }>();
  for (const exception of exceptions.filter(isTechnicianItem)) {
    const member = exception.member!;
    const owner = owners.get(member.id) ?? { member, items: [] };
    owner.items.push(exception);
    owners.set(member.id, owner);
  }
  return [...owners.values()].sort((a, b) => a.member.identifier.localeCompare(b.member.identifier));
}

function sectionsOf(items: readonly ReportException[], itemOf: (exception: ReportException) => ReminderItem): TechnicianSection[] {
  return TECHNICIAN_RULES.map((rule) => ({
    rule,
    fix: fixOf(rule) ?? '',
    items: items
      .filter((item) => item.rule === rule)
      .sort(byDateThenId)
      .map(itemOf),
  })).filter((section) => section.items.length > 0);
}

type EntriesOn = Map<string, TimeEntry[]>;
const dayKey = (memberId: number, date: string) => `${memberId} ${date}`;

/** Each member's entries by day in the tenant timezone, as the rules date them. */
function entriesByMemberAndDay(snapshot: Snapshot): EntriesOn {
  const byDay: EntriesOn = new Map();
  for (const entry of snapshot.timeEntries) {
    const key = dayKey(entry.member.id, zonedDate(entry.timeStart, snapshot.period.timezone));
    const day = byDay.get(key);
    if (day) day.push(entry);
    else byDay.set(key, [entry]);
  }
  return byDay;
}

/** A day short of the minimum with its entries: the minimum is what was logged plus the shortfall the rule found. */
function dayOf(item: ReportException, entriesOn: EntriesOn): ReminderItem['day'] {
  if (item.rule !== 'time.missing' || item.date === null || item.member === null) return null;
  const entries = [...(entriesOn.get(dayKey(item.member.id, item.date)) ?? [])].sort((a, b) => a.timeStart - b.timeStart || a.id - b.id);
  const logged = sumLines(entries.map(entryHours));
  return {
    logged: formatAmount(logged),
    minimum: formatAmount(logged.plus(item.hours ?? 0)),
    entries: entries.map(dayEntry),
  };
}

/** The time entry an unapproved or unclassified item is about. */
function entryOf(item: ReportException, entries: ReadonlyMap<number, TimeEntry>): DayEntry | null {
  if (item.rule !== 'time.unapproved' && item.rule !== 'time.unclassified') return null;
  const record = item.records.find(({ type }) => type === 'timeEntry');
  const entry = record && entries.get(record.id);
  return entry ? dayEntry(entry) : null;
}

function dayEntry(entry: TimeEntry): DayEntry {
  return {
    id: entry.id,
    hours: formatAmount(entryHours(entry)),
    ticket: entry.ticket?.id ?? null,
    chargeCode: entry.ticket == null && entry.chargeToType === 'ChargeCode' ? (entry.chargeToId ?? null) : null,
    workType: entry.workType?.name ?? null,
  };
}

function byDateThenId(a: ReportException, b: ReportException): number {
  return (a.date ?? '').localeCompare(b.date ?? '') || a.id.localeCompare(b.id);
}
