import { recordNames } from '../connectwise/records.js';
import { Money, formatAmount } from '../money.js';
import { compareExceptions } from '../report/build.js';
import type { Report, ReportException } from '../report/schema.js';
import { revenueAtRisk } from '../report/tally.js';
import { dayLabel, zonedDate, zonedDateTime, zonedTime } from '../calendar.js';
import { fixOf } from '../rules/registry.js';
import { oneLine } from '../text.js';
import type { UnmatchedWaiverLine } from '../waivers/ticket.js';
import { renderMarker, type TicketMarker } from './marker.js';
import type { TicketTarget } from './target.js';

/**
 * The texts of an exception ticket, in plain text: values from ConnectWise appear verbatim,
 * only folded onto one line. The description and every note end with the marker lines
 * (marker.ts), which the next run reads back (ConnectWise never returns initialDescription,
 * but it becomes the ticket's first note).
 */

export interface TicketRun {
  runId: string;
  mode: Report['mode'];
  /** ISO instant */
  finishedAt: string;
  /** the tenant's: waiver days and the run's times are shown in it */
  timezone: string;
  /** ISO instant of the next scheduled validation after the run, or null when none is scheduled */
  nextCheck: string | null;
}

/** ConnectWise's limit for a ticket summary */
const MAX_SUMMARY_LENGTH = 100;
/** lines of exceptions (or resolved ids) a text lists; the report has the rest */
export const MAX_LISTED = 100;

export function ticketSummary(period: string, companyName: string): string {
  const summary = `Billing exceptions ${period}: ${oneLine(companyName).trim()}`;
  if (summary.length <= MAX_SUMMARY_LENGTH) return summary;
  let end = MAX_SUMMARY_LENGTH - 1;
  // never leave half of a surrogate pair before the ellipsis
  if (/[\uD800-\uDBFF]/.test(summary.charAt(end - 1))) end -= 1;
  return `${summary.slice(0, end)}…`;
}

/** What a text reports since the ticket's last marker. */
export interface TicketChange {
  added: readonly ReportException[];
  /** waived before, but its hours or amount changed since: open again */
  reopened: readonly ReportException[];
  /** waived since the last marker: acknowledged once */
  waived: readonly ReportException[];
  /** resolved exceptions, each described as it was last listed on the ticket */
  resolved: readonly string[];
  /** waiver lines that waived nothing, answered once */
  answered: readonly UnmatchedWaiverLine[];
}

export function ticketDescription(target: TicketTarget, change: TicketChange, marker: TicketMarker, run: TicketRun): string {
  return [
    title(target),
    ...totalsLines(target),
    '',
    ...listExceptions(target.exceptions),
    ...howToFix(target.exceptions),
    ...waiverSections(change, run),
    '',
    footer(run),
    ...renderMarker(marker),
  ].join('\n');
}

/** The note for an open ticket with something new to say since its last marker. */
export function updateNote(target: TicketTarget, change: TicketChange, marker: TicketMarker, run: TicketRun): string {
  const counts = [
    `${change.added.length} new`,
    `${change.resolved.length} resolved`,
    ...(change.waived.length > 0 ? [`${change.waived.length} waived`] : []),
    ...(change.reopened.length > 0 ? [`${change.reopened.length} open again`] : []),
  ];
  const lines = [`${title(target)}: ${counts.join(', ')} since the last note`, ...totalsLines(target)];
  if (change.added.length > 0) lines.push('', 'New:', ...listExceptions(change.added));
  if (change.reopened.length > 0) {
    lines.push('', 'Open again (its hours or amount changed after it was waived):', ...listExceptions(change.reopened));
  }
  lines.push(...howToFix([...change.added, ...change.reopened]), ...resolvedSection(change), ...waiverSections(change, run));
  lines.push('', footer(run), ...renderMarker(marker));
  return lines.join('\n');
}

/** The last note before the ticket moves to the resolved status. */
export function closingNote(target: TicketTarget, change: TicketChange, marker: TicketMarker, run: TicketRun): string {
  const lines = [`${title(target)}: every exception is resolved or waived, the ticket is closed`];
  lines.push(...resolvedSection(change), ...waiverSections(change, run), '', footer(run), ...renderMarker(marker));
  return lines.join('\n');
}

function resolvedSection(change: TicketChange): string[] {
  if (change.resolved.length === 0) return [];
  const lines = change.resolved.slice(0, MAX_LISTED);
  if (change.resolved.length > MAX_LISTED) lines.push(`… ${change.resolved.length - MAX_LISTED} more in the report`);
  return ['', 'Resolved:', ...lines];
}

/** The acknowledgement of each new waiver, and the answer to each waiver line that waived nothing. */
function waiverSections(change: TicketChange, run: TicketRun): string[] {
  const lines: string[] = [];
  if (change.waived.length > 0) {
    lines.push('', 'Waived:');
    for (const exception of [...change.waived].sort(compareExceptions)) lines.push(waiverLine(exception, run), exceptionLine(exception));
  }
  if (change.answered.length > 0) {
    lines.push('', 'Waiver lines that waived nothing:');
    for (const answer of change.answered) {
      const problem =
        answer.problem === 'no-reason'
          ? 'has no reason after the colon, so nothing was waived'
          : 'matches no open exception of this ticket, so nothing was waived';
      lines.push(`- "${oneLine(answer.line)}" (note #${answer.noteId} by ${oneLine(answer.by)}) ${problem}. Write: billing-guard waive <ref>: <reason>`);
    }
  }
  return lines;
}

function waiverLine(exception: ReportException, run: TicketRun): string {
  const waiver = exception.waiver!;
  const reason = oneLine(waiver.reason);
  if (waiver.source === 'config') return `Waived in the configuration (waivers:): ${reason}`;
  const day = waiver.at === null ? '' : ` on ${zonedDate(Date.parse(waiver.at), run.timezone)}`;
  return `Waived by ${oneLine(waiver.by)}${day}: ${reason}`;
}

function title(target: TicketTarget): string {
  const id = `company #${target.companyId}`;
  const company = target.companyName === null ? id : `${oneLine(target.companyName)} (${id})`;
  return target.company === 'internal'
    ? `Internal billing exceptions ${target.period}, on ${company}`
    : `Billing exceptions ${target.period} for ${company}`;
}

function totalsLines(target: TicketTarget): string[] {
  const lines: string[] = [];
  if (target.totals) {
    const previous = target.totals.previousTotal === null ? 'no invoice last period' : `previous period ${target.totals.previousTotal}`;
    lines.push(`Projected total ${target.totals.projectedTotal}, ${previous}`);
  }
  const open = target.exceptions;
  lines.push(
    open.length === 0
      ? 'Open: no exceptions'
      : `Open: ${count(open.length, 'exception')} (${severityCounts(open)}), ${formatAmount(revenueAtRisk(open))} at stake`,
  );
  return lines;
}

function severityCounts(exceptions: readonly ReportException[]): string {
  const errors = exceptions.filter((exception) => exception.severity === 'error').length;
  const warnings = exceptions.filter((exception) => exception.severity === 'warning').length;
  return [errors > 0 ? count(errors, 'error') : null, warnings > 0 ? count(warnings, 'warning') : null].filter(Boolean).join(', ');
}

/** Severity first, then amount; over MAX_LISTED, the largest amounts and a count of the rest. */
function listExceptions(exceptions: readonly ReportException[]): string[] {
  const shown = new Set(
    exceptions.length <= MAX_LISTED ? exceptions : [...exceptions].sort(byAmountDescending).slice(0, MAX_LISTED),
  );
  const lines = [...shown].sort(compareExceptions).map(exceptionLine);
  const more = exceptions.length - shown.size;
  if (more > 0) lines.push(`… ${more} more in the report`);
  return lines;
}

/** severity, rule, message (with every record as #id), hours, amount, and the id later notes refer to */
function exceptionLine(exception: ReportException): string {
  const message = oneLine(exception.message);
  const unnamed = exception.records.filter((record) => !new RegExp(`#${record.id}(?!\\d)`).test(message));
  const records = unnamed.length === 0 ? '' : ` (${unnamed.map((record) => `${recordNames[record.type]} #${record.id}`).join(', ')})`;
  const parts = [`- [${exception.severity}] ${exception.rule}: ${message}${records}`];
  if (exception.hours !== null) parts.push(`${exception.hours} h`);
  if (exception.amount !== null) parts.push(exception.amount);
  parts.push(`ref ${exception.id}`);
  return parts.join(' | ');
}

/** One line per rule of the exceptions, in the order the rules are first listed, on how to fix what it found. */
function howToFix(exceptions: readonly ReportException[]): string[] {
  const rules = new Set([...exceptions].sort(compareExceptions).map((exception) => exception.rule));
  const lines = [...rules].flatMap((rule) => {
    const fix = fixOf(rule);
    return fix === undefined ? [] : [`- ${rule}: ${fix}`];
  });
  return lines.length === 0 ? [] : ['', 'How to fix:', ...lines];
}

function footer(run: TicketRun): string {
  const finished = Date.parse(run.finishedAt);
  const next = run.nextCheck === null ? 'No check is scheduled.' : `The next scheduled check: ${dayAndTime(Date.parse(run.nextCheck), run.timezone)}.`;
  return `Run ${run.runId} (${run.mode}) finished ${zonedDateTime(finished, run.timezone)} ${run.timezone}. ${next}`;
}

/** "Tue 15 Dec 06:00" */
function dayAndTime(instant: number, timezone: string): string {
  return `${dayLabel(zonedDate(instant, timezone))} ${zonedTime(instant, timezone)}`;
}

/** Largest amount first; exceptions without an amount last. */
function byAmountDescending(a: ReportException, b: ReportException): number {
  if (a.amount === null || b.amount === null) return Number(a.amount === null) - Number(b.amount === null);
  return new Money(b.amount).comparedTo(a.amount);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
