import type { Decimal } from 'decimal.js';
import { Money, formatAmount } from '../money.js';
import type { Report } from './schema.js';
import { REVIEW_RULES, describeTicketActions, isOpen, tallyOf, type Tally } from './tally.js';
import { oneLine } from '../text.js';

const TOP_EXCEPTIONS = 10;

/** What a finance lead reads in the terminal after a run. */
export function renderSummary(report: Report, highValueThreshold: Decimal | null): string {
  const tally = tallyOf(report);
  const lines: string[] = [];
  const counts = report.counts;
  lines.push(`billing-guard ${report.mode} run — tenant ${report.tenant}, period ${report.period}`);
  lines.push(
    `Pulled ${counts.timeEntries} time entries, ${counts.agreements} agreements (${counts.additions} additions), ` +
      `${counts.expenses} expenses, ${counts.tickets} closed tickets, ${counts.invoices} invoices, ` +
      `${counts.members} members in ${counts.apiRequests} API requests.`,
  );
  lines.push('');
  if (tally.rules.length === 0) {
    lines.push(tally.waived === 0 ? 'No exceptions: nothing stands in the way of invoicing.' : 'No open exceptions: nothing stands in the way of invoicing.');
  } else {
    lines.push(...exceptionTable(tally));
    lines.push('');
    lines.push(`Revenue at risk: ${formatAmount(tally.revenueAtRisk)}`);
    if (tally.toReview.exceptions.length > 0) {
      lines.push(`To review (${REVIEW_RULES.join(', ')}; not in revenue at risk): ${formatAmount(tally.toReview.total)}`);
    }
  }
  if (tally.waived > 0) lines.push(waivedLine(report));
  if (highValueThreshold) {
    const highValue = report.companies.filter((company) => new Money(company.projectedTotal).greaterThan(highValueThreshold));
    lines.push('');
    lines.push(`Companies over ${formatAmount(highValueThreshold)} (review before sending): ${highValue.length}`);
    for (const company of highValue) {
      const previous = company.previousTotal === null ? 'no invoice last period' : `previous ${company.previousTotal}`;
      lines.push(`  ${oneLine(company.name)} (${oneLine(company.identifier)}): projected ${company.projectedTotal}, ${previous}`);
    }
  }
  const top = report.exceptions.filter((exception) => isOpen(exception) && exception.amount !== null);
  top.sort((a, b) => new Money(b.amount!).comparedTo(a.amount!));
  if (top.length > 0) {
    lines.push('');
    lines.push('Top exceptions by amount:');
    for (const exception of top.slice(0, TOP_EXCEPTIONS)) {
      lines.push(`  ${exception.amount!.padStart(10)}  ${exception.severity.padEnd(7)} ${exception.rule.padEnd(28)} ${oneLine(exception.message)}`);
    }
  }
  if (tally.ticketActions.length > 0) {
    lines.push('');
    lines.push(`Exception tickets: ${describeTicketActions(tally)}`);
  }
  return lines.join('\n');
}

/** "Waived: 2 (1 on tickets, 1 in the configuration; not open, in no figure)" */
function waivedLine(report: Report): string {
  const waived = report.exceptions.filter((exception) => !isOpen(exception));
  const onTickets = waived.filter((exception) => exception.waiver!.source === 'ticket').length;
  const sources = [
    ...(onTickets > 0 ? [`${onTickets} on ${onTickets === 1 ? 'a ticket' : 'tickets'}`] : []),
    ...(waived.length > onTickets ? [`${waived.length - onTickets} in the configuration`] : []),
  ];
  return `Waived: ${waived.length} (${sources.join(', ')}; not open, in no figure)`;
}

/** The rule table's rows, as text: the terminal and the digest print the same table. */
export function ruleTableRows(tally: Tally): string[] {
  const row = (rule: string, counts: readonly (string | number)[], atRisk: string) =>
    `${rule.padEnd(28)} ${String(counts[0]).padStart(6)} ${String(counts[1]).padStart(8)} ${String(counts[2]).padStart(6)} ${atRisk.padStart(12)}`;
  return [
    row('rule', ['error', 'warning', 'info'], 'at risk'),
    ...tally.rules.map((count) => row(count.rule, [count.error, count.warning, count.info], atRiskLabel(count.atRisk))),
  ];
}

/** A review flag's money is to review, not at risk. */
function atRiskLabel(atRisk: Decimal | null): string {
  return atRisk === null ? 'to review' : formatAmount(atRisk);
}

function exceptionTable(tally: Tally): string[] {
  const { error, warning, info } = tally.severities;
  const footer = `${'total'.padEnd(28)} ${String(error).padStart(6)} ${String(warning).padStart(8)} ${String(info).padStart(6)} ${formatAmount(tally.revenueAtRisk).padStart(12)}`;
  return [...ruleTableRows(tally), footer];
}
