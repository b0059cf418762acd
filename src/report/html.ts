import { SafeHtml, html } from '../html.js';
import { Money, formatAmount } from '../money.js';
import type { Severity } from '../rules/define.js';
import { fixOf } from '../rules/registry.js';
import type { Report, ReportException } from './schema.js';
import { describeTicketActions, isOpen, revenueAtRisk, tallyOf, type Tally } from './tally.js';

/**
 * The page finance reads before invoices go out: one self-contained HTML document (inline CSS,
 * no scripts, nothing fetched) with the run's totals, then per company its projected and previous
 * totals and its open exceptions by rule, each rule with how to fix it, then the internal exceptions
 * by member and how to fix each of their rules; waived
 * exceptions are listed apart, each with who waived it, when and why. Every value passes through
 * the `html` tag, which escapes it: company names, messages and waiver reasons come from ConnectWise.
 */

type CompanyRef = NonNullable<ReportException['company']>;
type CompanyTotals = Report['companies'][number];

const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info'];

const STYLE = new SafeHtml(`
body { font: 14px/1.45 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2933; max-width: 62rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 0 0 .25rem; }
h3 { font-size: .95rem; margin: 1rem 0 .25rem; }
.muted { color: #616e7c; }
header { border-bottom: 2px solid #1f2933; padding-bottom: 1rem; }
section { border-bottom: 1px solid #cbd2d9; padding: 1rem 0; }
dl { display: grid; grid-template-columns: max-content auto; gap: .15rem 1rem; margin: .75rem 0 0; }
dt { color: #616e7c; }
dd { margin: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid #e4e7eb; }
th { font-size: .8rem; color: #616e7c; font-weight: 600; }
.number { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.severity { font-size: .75rem; font-weight: 700; text-transform: uppercase; white-space: nowrap; }
.error { color: #b42318; }
.warning { color: #b54708; }
.info { color: #475467; }
.changed { color: #b54708; }
.fix { margin: 0 0 .35rem; }
@media print {
  body { max-width: none; margin: 0; font-size: 11px; }
  tr, h2, h3 { break-inside: avoid; break-after: avoid-page; }
}
`);

export function renderHtmlPreview(report: Report): string {
  const companies = companiesOf(report);
  const internal = report.exceptions.filter((exception) => exception.scope === 'internal');
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Billing preview ${report.period} — ${report.tenant}</title>
<style>${STYLE}</style>
</head>
<body>
${header(report)}
${companies.map(({ company, totals }) => companySection(company, totals, exceptionsOf(report, company.id)))}
${internalSection(internal)}
</body>
</html>
`.value;
}

function header(report: Report): SafeHtml {
  const { counts } = report;
  const tally = tallyOf(report);
  const open = SEVERITY_ORDER.reduce((sum, severity) => sum + tally.severities[severity], 0);
  const bySeverity = SEVERITY_ORDER.map((severity) => `${tally.severities[severity]} ${severity}`);
  return html`<header>
<h1>Billing preview ${report.period}</h1>
<div class="muted">Tenant ${report.tenant} · ${report.mode === 'dry-run' ? 'dry run' : 'live run'} · ${instant(report.startedAt)} to ${instant(report.finishedAt)}</div>
<dl>
<dt>Open exceptions</dt><dd>${open} (${bySeverity.join(', ')})</dd>
${tally.waived === 0 ? '' : html`<dt>Waived</dt><dd>${tally.waived} <span class="muted">(listed apart; not open, in no figure)</span></dd>
`}<dt>Revenue at risk</dt><dd>${money(formatAmount(tally.revenueAtRisk))}</dd>
<dt>To review</dt><dd>${money(formatAmount(tally.toReview.total))} <span class="muted">(high-value, jumps and large expenses; not in revenue at risk)</span></dd>
<dt>Companies</dt><dd>${report.companies.length}</dd>
${ticketsLine(tally)}<dt>Pulled</dt><dd>${counts.timeEntries} time entries, ${counts.agreements} agreements (${counts.additions} additions), ${counts.expenses} expenses, ${counts.tickets} closed tickets, ${counts.invoices} invoices, ${counts.members} members in ${counts.apiRequests} API requests</dd>
</dl>
</header>`;
}

function ticketsLine(tally: Tally): SafeHtml | string {
  if (tally.ticketActions.length === 0) return '';
  return html`<dt>Exception tickets</dt><dd>${describeTicketActions(tally)}</dd>
`;
}

function companySection(company: CompanyRef, totals: CompanyTotals | null, exceptions: ReportException[]): SafeHtml {
  const identifier = company.identifier ? `${company.identifier}, ` : '';
  const open = exceptions.filter(isOpen);
  const waived = exceptions.filter((exception) => !isOpen(exception));
  return html`<section class="company">
<h2>${company.name || company.identifier || `Company #${company.id}`} <span class="muted">(${identifier}#${company.id})</span></h2>
${totals ? totalsLine(totals) : html`<div class="muted">No projected total.</div>`}
${open.length === 0 ? html`<p class="muted">${waived.length === 0 ? 'No exceptions.' : 'No open exceptions.'}</p>` : [atRiskLine(open), ...byRule(open)]}
${waivedList(waived)}
</section>`;
}

function atRiskLine(open: ReportException[]): SafeHtml {
  return html`<div>Revenue at risk ${money(formatAmount(revenueAtRisk(open)))}</div>`;
}

function totalsLine({ projectedTotal, previousTotal }: CompanyTotals): SafeHtml {
  if (previousTotal === null) {
    return html`<div>Projected ${money(projectedTotal)} · <span class="muted">no invoice last period</span></div>`;
  }
  const previous = new Money(previousTotal);
  const change = new Money(projectedTotal).minus(previous);
  if (change.isZero()) return html`<div>Projected ${money(projectedTotal)} · previous ${money(previousTotal)} · <span class="muted">no change</span></div>`;
  const sign = change.isNegative() ? '−' : '+';
  const share = previous.isZero() ? '' : ` (${sign}${change.abs().div(previous.abs()).times(100).toFixed(1)}%)`;
  return html`<div>Projected ${money(projectedTotal)} · previous ${money(previousTotal)} · change <span class="changed">${sign}${money(formatAmount(change.abs()))}${share}</span></div>`;
}

/** The company's exceptions under one heading per rule, the most severe rules first. */
function byRule(exceptions: ReportException[]): SafeHtml[] {
  const groups = groupBy(exceptions, (exception) => exception.rule);
  const rank = (group: ReportException[]) => Math.min(...group.map((exception) => SEVERITY_ORDER.indexOf(exception.severity)));
  return [...groups]
    .sort(([leftRule, left], [rightRule, right]) => rank(left) - rank(right) || leftRule.localeCompare(rightRule))
    .map(([rule, group]) => html`<h3>${rule} <span class="muted">(${group.length})</span></h3>
${fixLine(rule)}${exceptionTable(group, false)}`);
}

function fixLine(rule: string): SafeHtml | string {
  const fix = fixOf(rule);
  return fix === undefined ? '' : html`<p class="fix">How to fix: ${fix}</p>
`;
}

/** One line per rule of the exceptions, for a section not grouped by rule. */
function fixList(exceptions: ReportException[]): SafeHtml | string {
  const rules = [...new Set(exceptions.map((exception) => exception.rule))].sort();
  const fixes = rules.flatMap((rule) => {
    const fix = fixOf(rule);
    return fix === undefined ? [] : [html`<dt>${rule}</dt><dd>${fix}</dd>`];
  });
  return fixes.length === 0 ? '' : html`<h3>How to fix</h3>
<dl class="fixes">${fixes}</dl>
`;
}

function internalSection(exceptions: ReportException[]): SafeHtml {
  const open = exceptions.filter(isOpen);
  const waived = waivedList(exceptions.filter((exception) => !isOpen(exception)));
  if (open.length === 0) return html`<section class="internal"><h2>Internal exceptions</h2><p class="muted">None open.</p>${waived}</section>`;
  const groups = groupBy(open, (exception) => exception.member?.identifier ?? '');
  const members = [...groups].sort(([left], [right]) => (left === '' ? 1 : right === '' ? -1 : left.localeCompare(right)));
  return html`<section class="internal">
<h2>Internal exceptions <span class="muted">(${open.length})</span></h2>
<p class="muted">Technicians' time and records that belong on no client's ticket, by member.</p>
${members.map(([identifier, group]) => html`<h3>${identifier === '' ? 'No member' : `${identifier} (#${group[0]!.member!.id})`} <span class="muted">(${group.length})</span></h3>
${exceptionTable(group, true)}`)}
${fixList(open)}${waived}
</section>`;
}

/** Exceptions accepted as they are: still shown, with who waived each, when and why. */
function waivedList(waived: ReportException[]): SafeHtml | string {
  if (waived.length === 0) return '';
  return html`<h3 class="waived">Waived <span class="muted">(${waived.length}; not open, in no figure)</span></h3>
<table>
<tr><th>Severity</th><th>Rule</th><th>Message</th><th class="number">Hours</th><th class="number">Amount</th><th>Waived by</th><th>On</th><th>Reason</th></tr>
${waived.map((exception) => {
  const waiver = exception.waiver!;
  return html`<tr>${exceptionCells(exception, true)}<td>${waiver.source === 'config' ? 'the configuration' : waiver.by}</td><td>${waiver.at === null ? '' : instant(waiver.at)}</td><td>${waiver.reason}</td></tr>`;
})}
</table>`;
}

function exceptionTable(exceptions: ReportException[], withRule: boolean): SafeHtml {
  return html`<table>
<tr><th>Severity</th>${withRule ? html`<th>Rule</th>` : ''}<th>Message</th><th class="number">Hours</th><th class="number">Amount</th></tr>
${exceptions.map((exception) => html`<tr>${exceptionCells(exception, withRule)}</tr>`)}
</table>`;
}

function exceptionCells(exception: ReportException, withRule: boolean): SafeHtml {
  return html`<td class="severity ${exception.severity}">${exception.severity}</td>${withRule ? html`<td>${exception.rule}</td>` : ''}<td>${exception.message}</td><td class="number">${exception.hours ?? ''}</td><td class="number">${exception.amount === null ? '' : money(exception.amount)}</td>`;
}

/** Every company with totals, plus any that only appears on an exception, by name. */
function companiesOf(report: Report): { company: CompanyRef; totals: CompanyTotals | null }[] {
  const companies = new Map<number, { company: CompanyRef; totals: CompanyTotals | null }>();
  for (const totals of report.companies) {
    companies.set(totals.id, { company: { id: totals.id, identifier: totals.identifier, name: totals.name }, totals });
  }
  for (const { company, scope } of report.exceptions) {
    if (company && scope === 'company' && !companies.has(company.id)) companies.set(company.id, { company, totals: null });
  }
  return [...companies.values()].sort(
    (left, right) => left.company.name.localeCompare(right.company.name) || left.company.id - right.company.id,
  );
}

function exceptionsOf(report: Report, companyId: number): ReportException[] {
  return report.exceptions.filter((exception) => exception.scope === 'company' && exception.company?.id === companyId);
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** `12345.60` → `12,345.60`: the report's two-decimal string, grouped for reading. */
function money(amount: string): string {
  return amount.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `2026-11-15T11:00:41.000Z` → `2026-11-15 11:00 UTC` */
function instant(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
