import type { Decimal } from 'decimal.js';
import { ZERO, formatAmount } from '../money.js';
import type { Severity } from '../rules/define.js';
import type { ReportException, ReportTicket, ReportTotals } from './schema.js';

/**
 * The one tally of a run, read by the terminal summary, the HTML preview, the finance digest,
 * the exception tickets and the demo (product.md, "The run report"):
 * - revenue at risk: the amounts of open warnings and errors, except the review flags;
 * - to review: the review flags' amounts (a total to look at, not money at risk), never added in;
 * - `info` exceptions are counted but never in a figure; waived exceptions are counted apart.
 * A pair reported on two companies' tickets (an overlap across companies) is one finding with
 * one amount: a tenant-wide figure counts it once, each company's figure counts its own.
 */

export const REVIEW_RULES: readonly string[] = ['invoice.high-value', 'invoice.jump', 'expense.large'];

export interface RuleCount {
  rule: string;
  error: number;
  warning: number;
  info: number;
  /** what the rule adds to revenue at risk; null for a review flag, which is to review instead */
  atRisk: Decimal | null;
}

export interface TicketActionCount {
  action: ReportTicket['action'];
  count: number;
}

export interface Tally {
  /** open exceptions by rule, in rule order */
  rules: RuleCount[];
  /** open exceptions by severity */
  severities: Record<Severity, number>;
  revenueAtRisk: Decimal;
  toReview: { exceptions: ReportException[]; total: Decimal };
  waived: number;
  /** in the order the report first names each action */
  ticketActions: TicketActionCount[];
}

export const isOpen = (exception: ReportException): boolean => exception.waiver === null;
export const isReviewFlag = (exception: ReportException): boolean => REVIEW_RULES.includes(exception.rule);
const inFigures = (exception: ReportException) => isOpen(exception) && exception.severity !== 'info' && exception.amount !== null;

/** The same finding reported for several companies: everything that identifies it but the company. */
function findingKey(exception: ReportException): string {
  const records = exception.records.map((record) => `${record.type}#${record.id}`).sort();
  return [exception.rule, exception.member?.id ?? '', exception.date ?? '', ...records].join('|');
}

/** Each finding once: the first of the exceptions that report it for different companies. */
function onePerFinding(exceptions: readonly ReportException[]): ReportException[] {
  const seen = new Set<string>();
  return exceptions.filter((exception) => {
    const key = findingKey(exception);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function sumAmounts(exceptions: readonly ReportException[]): Decimal {
  return exceptions.reduce<Decimal>((total, exception) => total.plus(exception.amount ?? 0), ZERO);
}

/** Revenue at risk of a list of exceptions: a company's own, or a whole run's. */
export function revenueAtRisk(exceptions: readonly ReportException[]): Decimal {
  return sumAmounts(onePerFinding(exceptions.filter((exception) => inFigures(exception) && !isReviewFlag(exception))));
}

/** What a list of review flags comes to: each finding once, open and not info. */
export function reviewTotal(flags: readonly ReportException[]): Decimal {
  return sumAmounts(onePerFinding(flags.filter(inFigures)));
}

export function tallyOf({ exceptions, tickets }: { exceptions: readonly ReportException[]; tickets: readonly ReportTicket[] }): Tally {
  const open = exceptions.filter(isOpen);
  const rules = new Map<string, RuleCount>();
  const severities: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const exception of open) {
    const row = rules.get(exception.rule) ?? { rule: exception.rule, error: 0, warning: 0, info: 0, atRisk: isReviewFlag(exception) ? null : ZERO };
    row[exception.severity] += 1;
    severities[exception.severity] += 1;
    rules.set(exception.rule, row);
  }
  const counted = onePerFinding(open.filter(inFigures));
  for (const exception of counted) {
    const row = rules.get(exception.rule)!;
    if (row.atRisk !== null) row.atRisk = row.atRisk.plus(exception.amount!);
  }
  const review = open.filter((exception) => isReviewFlag(exception) && exception.severity !== 'info');
  return {
    rules: [...rules.values()].sort((a, b) => a.rule.localeCompare(b.rule)),
    severities,
    revenueAtRisk: sumAmounts(counted.filter((exception) => !isReviewFlag(exception))),
    toReview: { exceptions: review, total: reviewTotal(review) },
    waived: exceptions.length - open.length,
    ticketActions: ticketActionsOf(tickets),
  };
}

/** How many of the tickets each action touched, in the order the tickets first name each action. */
export function ticketActionsOf(tickets: readonly ReportTicket[]): TicketActionCount[] {
  const counts = new Map<ReportTicket['action'], number>();
  for (const ticket of tickets) counts.set(ticket.action, (counts.get(ticket.action) ?? 0) + 1);
  return [...counts].map(([action, count]) => ({ action, count }));
}

/** "2 created, 1 noted"; empty when the run touched no ticket. */
export function describeTicketActions({ ticketActions }: Pick<Tally, 'ticketActions'>): string {
  return ticketActions.map(({ action, count }) => `${count} ${action}`).join(', ');
}

/** The report's `totals`. */
export function totalsOf(tally: Tally): ReportTotals {
  return {
    revenueAtRisk: formatAmount(tally.revenueAtRisk),
    toReview: formatAmount(tally.toReview.total),
    exceptions: { ...tally.severities },
    waived: tally.waived,
  };
}
