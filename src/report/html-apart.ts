import { html, type SafeHtml } from '../html.js';
import { formatAmount } from '../money.js';
import { fixOf } from '../rules/registry.js';
import {
  exceptionCells,
  exceptionHeadings,
  exceptionTable,
  fixLine,
  groupBy,
  instant,
  memberLabel,
  money,
  type PreviewContext,
} from './html-cells.js';
import type { ReportException, ReportTotals } from './schema.js';
import { REVIEW_RULES, reviewTotal } from './tally.js';

/** The parts of the preview after the companies to fix: internal exceptions, what to review, what was waived. */

/** Technicians' exceptions that belong on no client's ticket, by member, each rule's fix once below them. */
export function internalSection(context: PreviewContext, open: readonly ReportException[]): SafeHtml {
  if (open.length === 0) return html`<section class="internal part"><h2>Internal exceptions</h2><p class="muted">None open.</p></section>`;
  const groups = groupBy(open, (exception) => String(exception.member?.id ?? ''));
  const members = [...groups.values()]
    .map((group) => ({ group, member: group[0]!.member }))
    .map(({ group, member }) => ({ group, named: member !== null, heading: member ? memberLabel(context, member) : 'No member' }))
    .sort((left, right) => Number(right.named) - Number(left.named) || left.heading.localeCompare(right.heading));
  return html`<section class="internal part">
<h2>Internal exceptions <span class="muted">(${open.length})</span></h2>
<p class="muted">Technicians' time and records that belong on no client's ticket, by member.</p>
${members.map(({ group, heading }) => html`<h3>${heading} <span class="muted">(${group.length})</span></h3>
${exceptionTable(context, group, ['rule'])}`)}
${fixList(open)}</section>`;
}

function fixList(exceptions: readonly ReportException[]): SafeHtml | string {
  const rules = [...new Set(exceptions.map((exception) => exception.rule))].sort();
  const fixes = rules.flatMap((rule) => {
    const fix = fixOf(rule);
    return fix === undefined ? [] : [html`<dt>${rule}</dt><dd>${fix}</dd>`];
  });
  return fixes.length === 0 ? '' : html`<h3>How to fix</h3>
<dl class="fixes">${fixes}</dl>
`;
}

/** High-value invoices, jumps and large expenses: totals to look at, not money at risk; the largest first. */
export function reviewSection(context: PreviewContext, flags: readonly ReportException[], totals: ReportTotals): SafeHtml | string {
  if (flags.length === 0) return '';
  const groups = groupBy(flags, (exception) => exception.rule);
  const rules = REVIEW_RULES.filter((rule) => groups.has(rule));
  return html`<section class="review part">
<h2>To review <span class="muted">(${flags.length}; ${money(context, totals.toReview)}, not in revenue at risk)</span></h2>
${rules.map((rule) => {
  const group = [...groups.get(rule)!].sort((left, right) => Number(right.amount ?? 0) - Number(left.amount ?? 0));
  return html`<h3>${rule} <span class="muted">(${group.length}; ${money(context, formatAmount(reviewTotal(group)))})</span></h3>
${fixLine(rule)}${exceptionTable(context, group, ['company'])}`;
})}
</section>`;
}

/** Exceptions accepted as they are: still shown, with who waived each, when and why. */
export function waivedSection(context: PreviewContext, waived: readonly ReportException[]): SafeHtml | string {
  if (waived.length === 0) return '';
  return html`<section class="waived part">
<h2>Waived <span class="muted">(${waived.length}; not open, in no figure)</span></h2>
<table>
<tr>${exceptionHeadings(['company', 'rule'])}<th>Waived by</th><th>On</th><th>Reason</th></tr>
${waived.map((exception) => {
  const waiver = exception.waiver!;
  return html`<tr>${exceptionCells(context, exception, ['company', 'rule'])}<td>${waiver.source === 'config' ? 'the configuration' : waiver.by}</td><td>${waiver.at === null ? '' : instant(context, waiver.at)}</td><td>${waiver.reason}</td></tr>`;
})}
</table>
</section>`;
}
