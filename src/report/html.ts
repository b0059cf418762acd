import type { Decimal } from 'decimal.js';
import { html, type SafeHtml } from '../html.js';
import { Money, ZERO, formatAmount } from '../money.js';
import type { Severity } from '../rules/define.js';
import { internalSection, reviewSection, waivedSection } from './html-apart.js';
import {
  companyLink,
  exceptionTable,
  fixLine,
  groupBy,
  instant,
  money,
  previewContext,
  ticketLink,
  type CompanyRef,
  type PreviewContext,
} from './html-cells.js';
import { PREVIEW_STYLE } from './html-style.js';
import type { Report, ReportException } from './schema.js';
import { describeTicketActions, isOpen, isReviewFlag, revenueAtRisk, ticketActionsOf } from './tally.js';

/**
 * The page finance reads before invoices go out (product.md, "What people read"): one self-contained
 * HTML document (inline CSS, no scripts, nothing fetched) that opens with what needs action — the
 * revenue at risk, then the companies with open exceptions, the most at risk first, each with its
 * exception ticket and its exceptions by rule with the rule's fix — then the internal exceptions,
 * what to review and what was waived; companies with nothing to fix share one short table at the end.
 * Every value passes through the `html` tag, which escapes it: names, messages and reasons come from ConnectWise.
 */

type CompanyTotals = Report['companies'][number];

interface CompanyRow {
  company: CompanyRef;
  totals: CompanyTotals | null;
  /** its open exceptions to fix: review flags are listed apart */
  open: ReportException[];
  atRisk: Decimal;
}

const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info'];

export function renderHtmlPreview(report: Report): string {
  const context = previewContext(report);
  const open = report.exceptions.filter(isOpen);
  const toFix = open.filter((exception) => !isReviewFlag(exception));
  const companies = companiesOf(report, toFix);
  const needAction = companies.filter((row) => row.open.length > 0).sort(byRevenueAtRisk);
  const quiet = companies.filter((row) => row.open.length === 0);
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Billing preview ${report.period} — ${report.tenant}</title>
<style>${PREVIEW_STYLE}</style>
</head>
<body>
${header(context, report, needAction.length)}
${needAction.length === 0 ? html`<p class="muted">No company has an open exception to fix.</p>` : needAction.map((row) => companySection(context, row))}
${internalSection(context, toFix.filter((exception) => exception.scope === 'internal'))}
${reviewSection(context, open.filter(isReviewFlag), report.totals)}
${waivedSection(context, report.exceptions.filter((exception) => !isOpen(exception)))}
${quietTable(context, quiet)}
</body>
</html>
`.value;
}

function header(context: PreviewContext, report: Report, companiesAtRisk: number): SafeHtml {
  const { counts, totals } = report;
  const open = SEVERITY_ORDER.reduce((sum, severity) => sum + totals.exceptions[severity], 0);
  const bySeverity = SEVERITY_ORDER.map((severity) => `${totals.exceptions[severity]} ${severity}`);
  const tickets = describeTicketActions({ ticketActions: ticketActionsOf(report.tickets) });
  return html`<header>
<h1>Billing preview ${report.period}</h1>
<div class="muted">Tenant ${report.tenant} · ${report.mode === 'dry-run' ? 'dry run' : 'live run'} · ${instant(context, report.startedAt)} to ${instant(context, report.finishedAt)}</div>
<p class="at-risk">Revenue at risk ${money(context, totals.revenueAtRisk)} <span class="muted">in ${companiesAtRisk} ${companiesAtRisk === 1 ? 'company' : 'companies'} with open exceptions, listed below, the most at risk first</span></p>
<dl>
<dt>Open exceptions</dt><dd>${open} (${bySeverity.join(', ')})</dd>
<dt>To review</dt><dd>${money(context, totals.toReview)} <span class="muted">(high-value, jumps and large expenses; not in revenue at risk)</span></dd>
${totals.waived === 0 ? '' : html`<dt>Waived</dt><dd>${totals.waived} <span class="muted">(listed apart; not open, in no figure)</span></dd>
`}<dt>Companies</dt><dd>${report.companies.length}</dd>
${tickets === '' ? '' : html`<dt>Exception tickets</dt><dd>${tickets}</dd>
`}<dt>Pulled</dt><dd>${counts.timeEntries} time entries, ${counts.agreements} agreements (${counts.additions} additions), ${counts.expenses} expenses, ${counts.tickets} closed tickets, ${counts.invoices} invoices, ${counts.members} members in ${counts.apiRequests} API requests</dd>
</dl>
</header>`;
}

function companySection(context: PreviewContext, { company, totals, open, atRisk }: CompanyRow): SafeHtml {
  const identifier = company.identifier ? `${company.identifier}, ` : '';
  return html`<section class="company">
<h2>${companyLink(context, company)} <span class="muted">(${identifier}#${company.id})</span>${ticketLink(context, company.id)}</h2>
${totals ? totalsLine(context, totals) : html`<div class="muted">No projected total.</div>`}
<div>Revenue at risk ${money(context, formatAmount(atRisk))}</div>
${byRule(context, open)}
</section>`;
}

function totalsLine(context: PreviewContext, { projectedTotal, previousTotal }: CompanyTotals): SafeHtml {
  const projected = `Projected ${money(context, projectedTotal)}`;
  if (previousTotal === null) return html`<div>${projected} · <span class="muted">no invoice last period</span></div>`;
  const previous = new Money(previousTotal);
  const change = new Money(projectedTotal).minus(previous);
  if (change.isZero()) return html`<div>${projected} · previous ${money(context, previousTotal)} · <span class="muted">no change</span></div>`;
  const sign = change.isNegative() ? '−' : '+';
  const share = previous.isZero() ? '' : ` (${sign}${change.abs().div(previous.abs()).times(100).toFixed(1)}%)`;
  return html`<div>${projected} · previous ${money(context, previousTotal)} · change <span class="changed">${sign}${money(context, formatAmount(change.abs()))}${share}</span></div>`;
}

/** The company's exceptions under one heading per rule, the most severe rules first. */
function byRule(context: PreviewContext, exceptions: ReportException[]): SafeHtml[] {
  const groups = groupBy(exceptions, (exception) => exception.rule);
  const rank = (group: ReportException[]) => Math.min(...group.map((exception) => SEVERITY_ORDER.indexOf(exception.severity)));
  return [...groups]
    .sort(([leftRule, left], [rightRule, right]) => rank(left) - rank(right) || leftRule.localeCompare(rightRule))
    .map(([rule, group]) => html`<h3>${rule} <span class="muted">(${group.length})</span></h3>
${fixLine(rule)}${exceptionTable(context, group, ['member'])}`);
}

/** Companies with nothing to fix: one row each, so a tenant of hundreds of companies stays a short read. */
function quietTable(context: PreviewContext, quiet: CompanyRow[]): SafeHtml | string {
  if (quiet.length === 0) return '';
  return html`<section class="quiet part">
<h2>Nothing to fix <span class="muted">(${quiet.length} ${quiet.length === 1 ? 'company' : 'companies'})</span></h2>
<p class="muted">No open exception to fix; an invoice to review or a waived exception is listed above.</p>
<table>
<tr><th>Company</th><th class="number">Projected</th><th class="number">Previous</th></tr>
${quiet.map(({ company, totals }) => html`<tr><td>${companyLink(context, company)}</td><td class="number">${totals ? money(context, totals.projectedTotal) : ''}</td><td class="number">${totals?.previousTotal ? money(context, totals.previousTotal) : ''}</td></tr>`)}
</table>
</section>`;
}

/** Every company with totals, plus any that only appears on an exception, by name, with its open exceptions to fix. */
function companiesOf(report: Report, toFix: readonly ReportException[]): CompanyRow[] {
  const companies = new Map<number, CompanyRow>();
  for (const totals of report.companies) {
    companies.set(totals.id, { company: { id: totals.id, identifier: totals.identifier, name: totals.name }, totals, open: [], atRisk: ZERO });
  }
  for (const { company, scope } of report.exceptions) {
    if (company && scope === 'company' && !companies.has(company.id)) companies.set(company.id, { company, totals: null, open: [], atRisk: ZERO });
  }
  for (const exception of toFix) {
    if (exception.scope === 'company' && exception.company) companies.get(exception.company.id)!.open.push(exception);
  }
  for (const row of companies.values()) row.atRisk = revenueAtRisk(row.open);
  return [...companies.values()].sort(
    (left, right) => left.company.name.localeCompare(right.company.name) || left.company.id - right.company.id,
  );
}

/** The most revenue at risk first, then the most errors; the name keeps ties in a stable order. */
function byRevenueAtRisk(left: CompanyRow, right: CompanyRow): number {
  const errors = (row: CompanyRow) => row.open.filter((exception) => exception.severity === 'error').length;
  return right.atRisk.comparedTo(left.atRisk) || errors(right) - errors(left);
}
