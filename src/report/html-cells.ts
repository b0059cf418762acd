import { html, type SafeHtml } from '../html.js';
import { recordNames, type RecordRef } from '../connectwise/records.js';
import { formatMoney, memberName, recordLink, type RecordContext } from '../links.js';
import { fixOf } from '../rules/registry.js';
import type { Report, ReportDisplay, ReportException, ReportMember } from './schema.js';

/** What every part of the preview reads besides the exceptions: how to show money, times, links and members. */
export interface PreviewContext {
  display: ReportDisplay;
  members: ReadonlyMap<number, ReportMember>;
  /** each company's exception ticket, by company id */
  tickets: ReadonlyMap<number, number>;
}

export type CompanyRef = NonNullable<ReportException['company']>;

export function previewContext(report: Report): PreviewContext {
  const tickets = new Map<number, number>();
  for (const { company, ticketId } of report.tickets) {
    if (company !== 'internal' && ticketId !== null) tickets.set(company, ticketId);
  }
  return { display: report.display, members: new Map(report.members.map((member) => [member.id, member])), tickets };
}

export function money(context: PreviewContext, amount: string): string {
  return formatMoney(context.display, amount);
}

const instantFormats = new Map<string, Intl.DateTimeFormat>();

/** `2026-11-15T14:00:41.000Z` → `2026-11-15 09:00 EST` in the tenant's timezone. */
export function instant(context: PreviewContext, iso: string): string {
  const { timezone } = context.display;
  let format = instantFormats.get(timezone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    instantFormats.set(timezone, format);
  }
  const parts = format.formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((candidate) => candidate.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')} ${part('timeZoneName')}`;
}

/** A company as a heading names it. */
function companyName(company: CompanyRef): string {
  return company.name || company.identifier || `Company #${company.id}`;
}

export function companyLink(context: PreviewContext, company: CompanyRef): SafeHtml {
  return recordLink(context.display, { type: 'company', id: company.id }, companyName(company));
}

export function ticketLink(context: PreviewContext, companyId: number): SafeHtml | string {
  const ticketId = context.tickets.get(companyId);
  if (ticketId === undefined) return '';
  return html`<span class="ticket">${recordLink(context.display, { type: 'ticket', id: ticketId }, `Ticket #${ticketId}`)}</span>`;
}

/** "Jane Smith (jsmith)" when the report has the member's name, else the identifier. */
export function memberLabel(context: PreviewContext, member: NonNullable<ReportException['member']>): string {
  return memberName(context.members.get(member.id) ?? { ...member, name: null });
}

/** Each record the exception names, linked; an addition opens its agreement, an invoice its company. */
function recordsCell(context: PreviewContext, exception: ReportException): SafeHtml {
  const agreement = exception.records.find((record) => record.type === 'agreement');
  const parents: RecordContext = { agreement: agreement?.id, company: exception.company?.id };
  const links = exception.records
    .filter((record) => record.type !== 'member')
    .map((record: RecordRef) => html`<div>${recordLink(context.display, record, `${recordNames[record.type]} #${record.id}`, parents)}</div>`);
  return html`<td class="records">${links}</td>`;
}

export type Column = 'company' | 'rule' | 'member';

const HEADINGS: Record<Column, string> = { company: 'Company', rule: 'Rule', member: 'Member' };

export function exceptionHeadings(columns: readonly Column[]): SafeHtml {
  return html`<th>Severity</th>${columns.map((column) => html`<th>${HEADINGS[column]}</th>`)}<th>Message</th><th>Records</th><th class="number">Hours</th><th class="number">Amount</th>`;
}

export function exceptionCells(context: PreviewContext, exception: ReportException, columns: readonly Column[]): SafeHtml {
  const extra = columns.map((column) => {
    if (column === 'rule') return html`<td>${exception.rule}</td>`;
    if (column === 'member') return html`<td>${exception.member ? memberLabel(context, exception.member) : ''}</td>`;
    return html`<td>${exception.company ? companyLink(context, exception.company) : 'Internal'}</td>`;
  });
  return html`<td class="severity ${exception.severity}">${exception.severity}</td>${extra}<td>${exception.message}</td>${recordsCell(context, exception)}<td class="number">${exception.hours ?? ''}</td><td class="number">${exception.amount === null ? '' : money(context, exception.amount)}</td>`;
}

export function exceptionTable(context: PreviewContext, exceptions: readonly ReportException[], columns: readonly Column[]): SafeHtml {
  return html`<table>
<tr>${exceptionHeadings(columns)}</tr>
${exceptions.map((exception) => html`<tr>${exceptionCells(context, exception, columns)}</tr>`)}
</table>`;
}

export function fixLine(rule: string): SafeHtml | string {
  const fix = fixOf(rule);
  return fix === undefined ? '' : html`<p class="fix">How to fix: ${fix}</p>
`;
}

export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
