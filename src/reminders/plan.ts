import { z } from 'zod';
import type { Decimal } from 'decimal.js';
import type { MemberRef } from '../connectwise/records.js';
import { ZERO, formatAmount } from '../money.js';
import type { Report, ReportException, ReportTicket } from '../report/schema.js';
import { amountAtStake } from '../report/summary.js';
import type { Snapshot } from '../snapshot.js';

/** What a technician can fix themselves, in the order the reminder lists it. */
export const TECHNICIAN_RULES = ['time.missing', 'time.unapproved', 'time.unclassified', 'time.closed-ticket-no-time'] as const;
export type TechnicianRule = (typeof TECHNICIAN_RULES)[number];

const isTechnicianRule = (rule: string): rule is TechnicianRule => (TECHNICIAN_RULES as readonly string[]).includes(rule);

export interface TechnicianReminder {
  to: string;
  member: { id: number; identifier: string; firstName: string | null };
  period: string;
  timezone: string;
  /** when the validation run that feeds invoicing fires; null when no validate schedule is set */
  deadline: Date | null;
  sections: { rule: TechnicianRule; items: ReportException[] }[];
}

export interface TechnicianPlan {
  reminders: TechnicianReminder[];
  /** members with something to fix and no usable primaryEmail */
  withoutEmail: MemberRef[];
}

const address = z.email();

/**
 * One reminder per member with internal-scope items of their own: their missing days and
 * unapproved or unclassified entries, and closed tickets without time that they own (the
 * finding's member is the ticket owner). Company-scope findings are finance's, never here.
 */
export function planTechnicianReminders(report: Report, snapshot: Snapshot, deadline: Date | null): TechnicianPlan {
  const items = new Map<number, { member: MemberRef; items: ReportException[] }>();
  for (const exception of report.exceptions) {
    if (exception.scope !== 'internal' || exception.member === null || !isTechnicianRule(exception.rule)) continue;
    const entry = items.get(exception.member.id) ?? { member: exception.member, items: [] };
    entry.items.push(exception);
    items.set(exception.member.id, entry);
  }
  const members = new Map(snapshot.members.map((member) => [member.id, member]));
  const plan: TechnicianPlan = { reminders: [], withoutEmail: [] };
  for (const { member, items: own } of [...items.values()].sort((a, b) => a.member.identifier.localeCompare(b.member.identifier))) {
    const record = members.get(member.id);
    const to = address.safeParse(record?.primaryEmail?.trim());
    if (!to.success) {
      plan.withoutEmail.push(member);
      continue;
    }
    plan.reminders.push({
      to: to.data,
      member: { id: member.id, identifier: member.identifier, firstName: record?.firstName?.trim() || null },
      period: report.period,
      timezone: snapshot.period.timezone,
      deadline,
      sections: TECHNICIAN_RULES.map((rule) => ({ rule, items: own.filter((item) => item.rule === rule).sort(byDateThenId) })).filter(
        (section) => section.items.length > 0,
      ),
    });
  }
  return plan;
}

function byDateThenId(a: ReportException, b: ReportException): number {
  return (a.date ?? '').localeCompare(b.date ?? '') || a.id.localeCompare(b.id);
}

export interface RuleTally {
  rule: string;
  error: number;
  warning: number;
  info: number;
  amount: string;
}

export interface RunDigest {
  mode: Report['mode'];
  finishedAt: Date;
  rules: RuleTally[];
  /** warnings and errors: what finance has to look at */
  toReview: number;
  amountAtStake: string;
  tickets: { company: string; ticketId: number | null; action: ReportTicket['action'] }[];
  highValue: { company: string; amount: string }[];
  /** against the run before, when there was one */
  comparison: { previousFinishedAt: Date; added: ReportException[]; stillOpen: number; resolved: ReportException[] } | null;
}

export interface FinanceDigest {
  to: string[];
  period: string;
  timezone: string;
  /** when validation fires next: named when there is no run yet */
  nextValidation: Date | null;
  /** the latest run, or null when the period was not validated yet */
  run: RunDigest | null;
}

export interface DigestSettings {
  recipients: readonly string[];
  period: string;
  timezone: string;
  nextValidation: Date | null;
}

/** The reports a digest reads: live runs first (a dry run's tickets are only what it would do). */
export function latestRuns(reports: readonly Report[]): { latest: Report | null; previous: Report | null } {
  const live = reports.filter((report) => report.mode === 'live');
  const runs = live.length > 0 ? live : reports;
  return { latest: runs[0] ?? null, previous: runs[1] ?? null };
}

export function planFinanceDigest(latest: Report | null, previous: Report | null, settings: DigestSettings): FinanceDigest {
  return {
    to: [...settings.recipients],
    period: settings.period,
    timezone: settings.timezone,
    nextValidation: settings.nextValidation,
    run: latest && digestOf(latest, previous),
  };
}

function digestOf(report: Report, previous: Report | null): RunDigest {
  const actionable = report.exceptions.filter((exception) => exception.severity !== 'info');
  return {
    mode: report.mode,
    finishedAt: new Date(report.finishedAt),
    rules: tallyByRule(report.exceptions),
    toReview: actionable.length,
    amountAtStake: formatAmount(amountAtStake(report.exceptions)),
    tickets: report.tickets.map((ticket) => ({ company: companyNameOf(report, ticket.company), ticketId: ticket.ticketId, action: ticket.action })),
    highValue: report.exceptions
      .filter((exception) => exception.rule === 'invoice.high-value' && exception.amount !== null)
      .map((exception) => ({ company: exception.company?.name ?? 'unknown company', amount: exception.amount! })),
    comparison: previous && compareRuns(report, previous),
  };
}

function tallyByRule(exceptions: readonly ReportException[]): RuleTally[] {
  const tallies = new Map<string, { rule: string; error: number; warning: number; info: number; amount: Decimal }>();
  for (const exception of exceptions) {
    const tally = tallies.get(exception.rule) ?? { rule: exception.rule, error: 0, warning: 0, info: 0, amount: ZERO };
    tally[exception.severity] += 1;
    if (exception.amount !== null && exception.rule !== 'invoice.high-value') tally.amount = tally.amount.plus(exception.amount);
    tallies.set(exception.rule, tally);
  }
  return [...tallies.values()]
    .sort((a, b) => a.rule.localeCompare(b.rule))
    .map((tally) => ({ ...tally, amount: formatAmount(tally.amount) }));
}

function companyNameOf(report: Report, company: ReportTicket['company']): string {
  if (company === 'internal') return 'internal exceptions';
  const known = report.companies.find((candidate) => candidate.id === company) ?? report.exceptions.find((exception) => exception.company?.id === company)?.company;
  return known ? known.name : `company #${company}`;
}

function compareRuns(report: Report, previous: Report): NonNullable<RunDigest['comparison']> {
  const before = new Set(previous.exceptions.map((exception) => exception.id));
  const now = new Set(report.exceptions.map((exception) => exception.id));
  return {
    previousFinishedAt: new Date(previous.finishedAt),
    added: report.exceptions.filter((exception) => !before.has(exception.id)),
    stillOpen: report.exceptions.filter((exception) => before.has(exception.id)).length,
    resolved: previous.exceptions.filter((exception) => !now.has(exception.id)),
  };
}
