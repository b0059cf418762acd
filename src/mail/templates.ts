import { zonedDate } from '../calendar.js';
import { html, htmlDocument, type SafeHtml } from '../html.js';
import { formatAmount } from '../money.js';
import type { NotReminded, ReportException, Waiver } from '../report/schema.js';
import { ruleTableRows } from '../report/summary.js';
import { describeTicketActions } from '../report/tally.js';
import type { Decimal } from 'decimal.js';
import { formatMoney, recordLink, recordUrl } from '../links.js';
import { renderHtmlPreview } from '../report/html.js';
import type { FinanceDigest, RunDigest } from './digest.js';
import { dateTimeLabel, periodLabel } from './format.js';
import type { MailAttachment, MailContent } from './message.js';

/** Longer lists are cut in the digest: the report and the exception tickets hold them all. */
const LISTED = 20;

const NO_EXCEPTIONS = 'No exceptions: nothing stands in the way of invoicing.';

const NOT_REMINDED: Record<NotReminded, string> = {
  inactive: 'inactive',
  excluded: 'excluded in the configuration',
  'not-a-technician': 'not a technician',
  'no-email': 'no email address',
};

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

export function financeDigestMail(digest: FinanceDigest): MailContent {
  const period = periodLabel(digest.period);
  if (!digest.run) return notValidatedMail(digest, period);
  const run = digest.run;
  const { tally } = run;
  const money = moneyOf(run);
  const open = tally.severities.error + tally.severities.warning;
  const atRisk = `${money(tally.revenueAtRisk)} revenue at risk`;
  const subject = `Billing exceptions for ${period}: ${open === 0 ? 'no open exceptions' : `${plural(open, 'open exception')}, ${atRisk}`}`;
  const finished = `Latest validation run (${run.mode}) finished ${dateTimeLabel(run.finishedAt, digest.timezone)}.`;
  const review = tally.toReview.exceptions.length === 0 ? '' : `; ${money(tally.toReview.total)} to review, not in revenue at risk`;
  const waived = tally.waived === 0 ? '' : `; ${tally.waived} waived`;
  const stake = `${plural(open, 'open exception')} (warnings and errors), ${atRisk}${review}${waived}.`;
  const sections = digestSections(run, digest.timezone);

  const text = [
    subject,
    '',
    finished,
    stake,
    ...[{ title: 'Exceptions by rule', lines: ruleRows(run).map((row) => ({ text: row })) }, ...sections].flatMap((section) => [
      '',
      section.title,
      ...section.lines.map((line) => `  ${line.text}`),
    ]),
  ].join('\n');
  const body = html`<h2 style="margin: 0 0 8px">Billing exceptions for ${period}</h2>
<p>${finished}<br>${stake}</p>
${rulesTable(run)}
${sections.map(
  (section) => html`<h3 style="margin: 18px 0 6px">${section.title}</h3>
<ul>${section.lines.map((line) => html`<li>${line.html ?? line.text}</li>`)}</ul>
`,
)}`;
  return { subject, text: `${text}\n`, html: htmlDocument(subject, body), attachments: [previewOf(run)] };
}

/** The run's HTML preview, as `billing-guard report` writes it. */
function previewOf(run: RunDigest): MailAttachment {
  return { filename: `billing-guard-${run.report.period}.html`, contentType: 'text/html; charset=utf-8', content: renderHtmlPreview(run.report) };
}

const moneyOf =
  ({ report }: RunDigest) =>
  (amount: Decimal) =>
    formatMoney(report.display, formatAmount(amount));

function notValidatedMail(digest: FinanceDigest, period: string): MailContent {
  const subject = `Billing exceptions for ${period}: not validated yet`;
  const next = digest.nextValidation
    ? `The next validation run is scheduled for ${dateTimeLabel(digest.nextValidation, digest.timezone)}.`
    : 'No validation schedule is configured.';
  const lines = [`billing-guard has not validated ${period} yet.`, next, `To validate now: billing-guard run --period ${digest.period}`];
  const body = html`<h2 style="margin: 0 0 8px">Billing exceptions for ${period}</h2>
${lines.map((line) => html`<p>${line}</p>`)}`;
  return { subject, text: `${[subject, '', ...lines].join('\n')}\n`, html: htmlDocument(subject, body) };
}

/** A line of the digest; its HTML links the record it names when there is one. */
interface Line {
  text: string;
  html?: SafeHtml;
}

interface Section {
  title: string;
  lines: Line[];
}

/** The digest's parts after the table of exceptions by rule, in reading order. */
function digestSections(run: RunDigest, timezone: string): Section[] {
  const sections: Section[] = [];
  if (run.tickets.length > 0) {
    sections.push({
      title: `Exception tickets: ${describeTicketActions(run.tally)}`,
      lines: run.tickets.map(({ company, ticketId, action }) => {
        if (ticketId === null) return { text: `${company}: no ticket ${action}` };
        const ticket = `ticket #${ticketId}`;
        return { text: `${company}: ${ticket} ${action}`, html: html`${company}: ${recordLink(run.report.display, { type: 'ticket', id: ticketId }, ticket)} ${action}` };
      }),
    });
  }
  const { toReview } = run.tally;
  if (toReview.exceptions.length > 0) {
    sections.push({
      title: `To review before sending (high-value, jumps and large expenses): ${moneyOf(run)(toReview.total)}`,
      lines: capped(toReview.exceptions.map((exception) => linkedLine(`${exception.rule}: ${exception.message}`, exception, run))),
    });
  }
  if (run.waived.length > 0) {
    sections.push({
      title: `Waived, not open and in no figure (${plural(run.waived.length, 'exception')})`,
      lines: capped(run.waived.map((exception) => ({ text: `[${exception.severity}] ${exception.rule}: ${exception.message} — ${waiverLabel(exception.waiver!, timezone)}` }))),
    });
  }
  if (run.unreminded.length > 0) {
    const items = run.unreminded.flatMap(({ member, reason, items }) =>
      items.map((item) => `${member.name ?? member.identifier} (${member.identifier}, ${NOT_REMINDED[reason]}): ${item.message}`),
    );
    sections.push({ title: `Owned by members who will not be reminded (${plural(items.length, 'item')})`, lines: capped(items.map((text) => ({ text }))) });
  }
  if (run.comparison) {
    const { added, stillOpen, resolved, previousFinishedAt } = run.comparison;
    sections.push({
      title: `Since the run of ${dateTimeLabel(previousFinishedAt, timezone)}: ${added.length} new, ${stillOpen} still open, ${resolved.length} resolved`,
      lines: [...listed('New', added), ...listed('Resolved', resolved)],
    });
  }
  return sections;
}

/** "waived by jsmith on 2026-11-16: <reason>", the day in the tenant timezone */
function waiverLabel(waiver: Waiver, timezone: string): string {
  if (waiver.source === 'config' || waiver.at === null) return `waived in the configuration: ${waiver.reason}`;
  return `waived by ${waiver.by} on ${zonedDate(Date.parse(waiver.at), timezone)}: ${waiver.reason}`;
}

function listed(label: string, exceptions: readonly ReportException[]): Line[] {
  return capped(exceptions.map((exception) => ({ text: `${label}: [${exception.severity}] ${exception.rule}: ${exception.message}` })), `${label}: `);
}

/** The line with a link after it to the first of the exception's records that opens in ConnectWise (an invoice opens its company). */
function linkedLine(text: string, exception: ReportException, run: RunDigest): Line {
  const context = { company: exception.company?.id };
  const record = exception.records.find((candidate) => recordUrl(run.report.display, candidate, context) !== null);
  if (record === undefined) return { text };
  return { text, html: html`${text} (${recordLink(run.report.display, record, 'open in ConnectWise', context)})` };
}

function capped(lines: readonly Line[], label = ''): Line[] {
  return lines.length > LISTED ? [...lines.slice(0, LISTED), { text: `${label}… and ${lines.length - LISTED} more` }] : [...lines];
}

function ruleRows(run: RunDigest): string[] {
  return run.tally.rules.length === 0 ? [NO_EXCEPTIONS] : ruleTableRows(run.tally);
}

function rulesTable(run: RunDigest): SafeHtml {
  const money = moneyOf(run);
  if (run.tally.rules.length === 0) return html`<p>${NO_EXCEPTIONS}</p>`;
  const number = (value: string | number) => html`<td style="padding: 3px 10px; border-bottom: 1px solid #d9e2ec" align="right">${value}</td>`;
  return html`<table style="border-collapse: collapse; margin: 12px 0">
<tr><th align="left" style="padding: 3px 10px">rule</th><th align="right" style="padding: 3px 10px">error</th><th align="right" style="padding: 3px 10px">warning</th><th align="right" style="padding: 3px 10px">info</th><th align="right" style="padding: 3px 10px">at risk</th></tr>
${run.tally.rules.map(
  (count) =>
    html`<tr><td style="padding: 3px 10px; border-bottom: 1px solid #d9e2ec">${count.rule}</td>${[count.error, count.warning, count.info, count.atRisk === null ? 'to review' : money(count.atRisk)].map(number)}</tr>
`,
)}</table>`;
}
