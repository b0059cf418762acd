import type { Decimal } from 'decimal.js';
import { Money, ZERO, formatAmount } from '../money.js';
import type { Report, ReportException } from './schema.js';

const TOP_EXCEPTIONS = 10;

/** What a finance lead reads in the terminal after a run. */
export function renderSummary(report: Report, highValueThreshold: Decimal | null): string {
  const lines: string[] = [];
  const counts = report.counts;
  lines.push(`billing-guard ${report.mode} run — tenant ${report.tenant}, period ${report.period}`);
  lines.push(
    `Pulled ${counts.timeEntries} time entries, ${counts.agreements} agreements (${counts.additions} additions), ` +
      `${counts.expenses} expenses, ${counts.tickets} closed tickets, ${counts.invoices} invoices, ` +
      `${counts.members} members in ${counts.apiRequests} API requests.`,
  );
  lines.push('');
  if (report.exceptions.length === 0) {
    lines.push('No exceptions: nothing stands in the way of invoicing.');
  } else {
    lines.push(...exceptionTable(report.exceptions));
    lines.push('');
    lines.push(`Amount at stake: ${formatAmount(amountAtStake(report.exceptions))}`);
  }
  if (highValueThreshold) {
    const highValue = report.companies.filter((company) => new Money(company.projectedTotal).greaterThan(highValueThreshold));
    lines.push('');
    lines.push(`Companies over ${formatAmount(highValueThreshold)} (review before sending): ${highValue.length}`);
    for (const company of highValue) {
      const previous = company.previousTotal === null ? 'no invoice last period' : `previous ${company.previousTotal}`;
      lines.push(`  ${company.name} (${company.identifier}): projected ${company.projectedTotal}, ${previous}`);
    }
  }
  const top = report.exceptions.filter((exception) => exception.amount !== null).slice(0);
  top.sort((a, b) => new Money(b.amount!).comparedTo(a.amount!));
  if (top.length > 0) {
    lines.push('');
    lines.push('Top exceptions by amount:');
    for (const exception of top.slice(0, TOP_EXCEPTIONS)) {
      lines.push(`  ${exception.amount!.padStart(10)}  ${exception.severity.padEnd(7)} ${exception.rule.padEnd(28)} ${exception.message}`);
    }
  }
  if (report.tickets.length > 0) {
    lines.push('');
    const actions = new Map<string, number>();
    for (const ticket of report.tickets) actions.set(ticket.action, (actions.get(ticket.action) ?? 0) + 1);
    lines.push(`Exception tickets: ${[...actions].map(([action, count]) => `${count} ${action}`).join(', ')}`);
  }
  return lines.join('\n');
}

function exceptionTable(exceptions: readonly ReportException[]): string[] {
  const rows = new Map<string, { rule: string; info: number; warning: number; error: number; amount: Decimal }>();
  for (const exception of exceptions) {
    const row = rows.get(exception.rule) ?? { rule: exception.rule, info: 0, warning: 0, error: 0, amount: ZERO };
    row[exception.severity] += 1;
    if (exception.amount !== null) row.amount = row.amount.plus(exception.amount);
    rows.set(exception.rule, row);
  }
  const header = `${'rule'.padEnd(28)} ${'error'.padStart(6)} ${'warning'.padStart(8)} ${'info'.padStart(6)} ${'amount'.padStart(12)}`;
  const body = [...rows.values()]
    .sort((a, b) => a.rule.localeCompare(b.rule))
    .map(
      (row) =>
        `${row.rule.padEnd(28)} ${String(row.error).padStart(6)} ${String(row.warning).padStart(8)} ${String(row.info).padStart(6)} ${formatAmount(row.amount).padStart(12)}`,
    );
  const totals = { error: 0, warning: 0, info: 0 };
  for (const exception of exceptions) totals[exception.severity] += 1;
  const footer = `${'total'.padEnd(28)} ${String(totals.error).padStart(6)} ${String(totals.warning).padStart(8)} ${String(totals.info).padStart(6)}`;
  return [header, ...body, footer];
}

/** The money on exceptions finance must act on (warnings and errors). */
export function amountAtStake(exceptions: readonly ReportException[]): Decimal {
  let total: Decimal = ZERO;
  for (const exception of exceptions) {
    if (exception.amount !== null && exception.severity !== 'info' && exception.rule !== 'invoice.high-value') {
      total = total.plus(exception.amount);
    }
  }
  return total;
}
