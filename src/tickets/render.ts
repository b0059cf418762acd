import { recordNames } from '../connectwise/records.js';
import { Money, formatAmount } from '../money.js';
import { compareExceptions } from '../report/build.js';
import type { Report, ReportException } from '../report/schema.js';
import { revenueAtRisk } from '../report/tally.js';
import type { TicketTarget } from './target.js';

/**
 * The texts of an exception ticket, in plain text: values from ConnectWise appear verbatim,
 * only folded onto one line. The description and every note end with the marker line of
 * the exception ids they leave open, which the next run reads back (ConnectWise never
 * returns initialDescription, but it becomes the ticket's first note).
 */

export interface TicketRun {
  runId: string;
  mode: Report['mode'];
  /** ISO instant */
  finishedAt: string;
}

/** ConnectWise's limit for a ticket summary */
const MAX_SUMMARY_LENGTH = 100;
/** lines of exceptions (or resolved ids) a text lists; the report has the rest */
export const MAX_LISTED = 100;
const MARKER = 'billing-guard open:';
const MARKER_LINE = /^billing-guard open:[ \t]*(.*?)\s*$/gm;
const EXCEPTION_ID = /^[0-9a-f]{16}$/;

export function ticketSummary(period: string, companyName: string): string {
  const summary = `Billing exceptions ${period}: ${oneLine(companyName).trim()}`;
  if (summary.length <= MAX_SUMMARY_LENGTH) return summary;
  let end = MAX_SUMMARY_LENGTH - 1;
  // never leave half of a surrogate pair before the ellipsis
  if (/[\uD800-\uDBFF]/.test(summary.charAt(end - 1))) end -= 1;
  return `${summary.slice(0, end)}…`;
}

export function ticketDescription(target: TicketTarget, run: TicketRun): string {
  return [
    title(target),
    ...totalsLines(target),
    '',
    ...listExceptions(target.exceptions),
    '',
    footer(target, run),
    openMarker(target.exceptions.map((exception) => exception.id)),
  ].join('\n');
}

/** The note for an open ticket whose open exceptions changed since its last marker. */
export function updateNote(
  target: TicketTarget,
  change: { added: readonly ReportException[]; resolved: readonly string[] },
  run: TicketRun,
): string {
  const lines = [
    `${title(target)}: ${change.added.length} new, ${change.resolved.length} resolved since the last note`,
    ...totalsLines(target),
  ];
  if (change.added.length > 0) lines.push('', 'New:', ...listExceptions(change.added));
  if (change.resolved.length > 0) lines.push('', 'Resolved:', ...listResolved(change.resolved));
  lines.push('', footer(target, run), openMarker(target.exceptions.map((exception) => exception.id)));
  return lines.join('\n');
}

/** The last note before the ticket moves to the resolved status. */
export function closingNote(target: TicketTarget, resolved: readonly string[], run: TicketRun): string {
  const lines = [`${title(target)}: every exception is resolved, the ticket is closed`];
  if (resolved.length > 0) lines.push('', 'Resolved:', ...listResolved(resolved));
  lines.push('', footer(target, run), openMarker([]));
  return lines.join('\n');
}

export function openMarker(ids: readonly string[]): string {
  return `${MARKER} ${ids.length === 0 ? 'none' : [...ids].sort().join(',')}`;
}

/** The ids the last marker line of a text leaves open; null when the text carries no valid marker. */
export function parseOpenIds(text: string): ReadonlySet<string> | null {
  let last: string | undefined;
  for (const match of text.matchAll(MARKER_LINE)) last = match[1];
  if (last === undefined) return null;
  if (last === 'none') return new Set();
  const ids = last.split(',').map((id) => id.trim());
  return ids.every((id) => EXCEPTION_ID.test(id)) ? new Set(ids) : null;
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

function listResolved(ids: readonly string[]): string[] {
  const sorted = [...ids].sort();
  const lines = sorted.slice(0, MAX_LISTED).map((id) => `- ref ${id}`);
  if (sorted.length > MAX_LISTED) lines.push(`… ${sorted.length - MAX_LISTED} more in the report`);
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

function footer(target: TicketTarget, run: TicketRun): string {
  return `Run ${run.runId} (${run.mode}) finished ${run.finishedAt}. To check again: billing-guard run --period ${target.period}`;
}

/** Largest amount first; exceptions without an amount last. */
function byAmountDescending(a: ReportException, b: ReportException): number {
  if (a.amount === null || b.amount === null) return Number(a.amount === null) - Number(b.amount === null);
  return new Money(b.amount).comparedTo(a.amount);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Line breaks and control characters in a ConnectWise value would break the text's lines. */
function oneLine(text: string): string {
  return text.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ');
}
