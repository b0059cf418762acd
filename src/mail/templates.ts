import type { ReportException } from '../report/schema.js';
import type { FinanceDigest, RunDigest, TechnicianReminder, TechnicianRule } from '../reminders/plan.js';
import { dateTimeLabel, periodLabel, shortDateLabel } from './format.js';
import { html, htmlDocument, type SafeHtml } from '../html.js';
import type { MailContent } from './message.js';

const HEADINGS: Record<TechnicianRule, string> = {
  'time.missing': 'Days with less time logged than the daily minimum',
  'time.unapproved': 'Time entries not yet approved',
  'time.unclassified': 'Time entries without a billable option or work type',
  'time.closed-ticket-no-time': 'Tickets you own that were closed without time',
};

/** Longer lists are cut in the digest: the report and the exception tickets hold them all. */
const LISTED = 20;

const NO_EXCEPTIONS = 'No exceptions: nothing stands in the way of invoicing.';

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

export function technicianReminderMail(reminder: TechnicianReminder): MailContent {
  const period = periodLabel(reminder.period);
  const count = reminder.sections.reduce((sum, section) => sum + section.items.length, 0);
  const by = reminder.deadline
    ? `by ${dateTimeLabel(reminder.deadline, reminder.timezone)}, when billing-guard validates the period`
    : 'before invoices are generated';
  const greeting = `Hi ${reminder.member.firstName ?? reminder.member.identifier},`;
  const intro = `Before invoices for ${period} go out, please fix ${count === 1 ? 'this item' : `these ${count} items`} in ConnectWise ${by}:`;
  const outro = 'Fixed already? Then there is nothing more to do: the validation run will find it in order.';
  const subject = reminder.deadline
    ? `Time entries to fix before billing on ${shortDateLabel(reminder.deadline, reminder.timezone)}`
    : `Time entries to fix before billing for ${period}`;

  const text = [
    greeting,
    '',
    intro,
    ...reminder.sections.flatMap((section) => ['', `${HEADINGS[section.rule]} (${section.items.length})`, ...section.items.map((item) => `  - ${item.message}`)]),
    '',
    outro,
    '',
    '-- billing-guard',
  ].join('\n');

  const body = html`<p>${greeting}</p>
<p>${intro}</p>
${reminder.sections.map(
  (section) => html`<h3 style="margin: 18px 0 6px">${HEADINGS[section.rule]} (${section.items.length})</h3>
<ul>${section.items.map((item) => html`<li>${item.message}</li>`)}</ul>
`,
)}<p>${outro}</p>
<p style="color: #616e7c">&mdash; billing-guard</p>`;
  return { subject, text, html: htmlDocument(subject, body) };
}

export function financeDigestMail(digest: FinanceDigest): MailContent {
  const period = periodLabel(digest.period);
  if (!digest.run) return notValidatedMail(digest, period);
  const run = digest.run;
  const subject = `Billing exceptions for ${period}: ${run.toReview === 0 ? 'nothing' : run.toReview} to review`;
  const finished = `Latest validation run (${run.mode}) finished ${dateTimeLabel(run.finishedAt, digest.timezone)}.`;
  const stake = `${plural(run.toReview, 'exception')} to review (warnings and errors), ${run.amountAtStake} at stake.`;
  const sections = digestSections(run, digest.timezone);

  const text = [
    subject,
    '',
    finished,
    stake,
    ...[{ title: 'Exceptions by rule', lines: ruleRows(run) }, ...sections].flatMap((section) => ['', section.title, ...section.lines.map((line) => `  ${line}`)]),
  ].join('\n');
  const body = html`<h2 style="margin: 0 0 8px">Billing exceptions for ${period}</h2>
<p>${finished}<br>${stake}</p>
${rulesTable(run)}
${sections.map(
  (section) => html`<h3 style="margin: 18px 0 6px">${section.title}</h3>
<ul>${section.lines.map((line) => html`<li>${line}</li>`)}</ul>
`,
)}`;
  return { subject, text: `${text}\n`, html: htmlDocument(subject, body) };
}

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

interface Section {
  title: string;
  lines: string[];
}

/** The digest's parts after the table of exceptions by rule, in reading order. */
function digestSections(run: RunDigest, timezone: string): Section[] {
  const sections: Section[] = [];
  if (run.tickets.length > 0) {
    const actions = new Map<string, number>();
    for (const ticket of run.tickets) actions.set(ticket.action, (actions.get(ticket.action) ?? 0) + 1);
    sections.push({
      title: `Exception tickets: ${[...actions].map(([action, count]) => `${count} ${action}`).join(', ')}`,
      lines: run.tickets.map((ticket) => `${ticket.company}: ${ticket.ticketId === null ? 'no ticket' : `ticket #${ticket.ticketId}`} ${ticket.action}`),
    });
  }
  if (run.highValue.length > 0) {
    sections.push({
      title: 'Companies over the high-value threshold (review before sending)',
      lines: run.highValue.map((company) => `${company.company}: ${company.amount} projected`),
    });
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

function listed(label: string, exceptions: readonly ReportException[]): string[] {
  const lines = exceptions.slice(0, LISTED).map((exception) => `${label}: [${exception.severity}] ${exception.rule}: ${exception.message}`);
  if (exceptions.length > LISTED) lines.push(`${label}: … and ${exceptions.length - LISTED} more`);
  return lines;
}

function ruleRows(run: RunDigest): string[] {
  if (run.rules.length === 0) return [NO_EXCEPTIONS];
  const row = (rule: string, counts: readonly string[], amount: string) =>
    `${rule.padEnd(28)} ${counts[0]!.padStart(6)} ${counts[1]!.padStart(8)} ${counts[2]!.padStart(6)} ${amount.padStart(12)}`;
  return [
    row('rule', ['error', 'warning', 'info'], 'amount'),
    ...run.rules.map((tally) => row(tally.rule, [tally.error, tally.warning, tally.info].map(String), tally.amount)),
  ];
}

function rulesTable(run: RunDigest): SafeHtml {
  if (run.rules.length === 0) return html`<p>${NO_EXCEPTIONS}</p>`;
  const number = (value: string | number) => html`<td style="padding: 3px 10px; border-bottom: 1px solid #d9e2ec" align="right">${value}</td>`;
  return html`<table style="border-collapse: collapse; margin: 12px 0">
<tr><th align="left" style="padding: 3px 10px">rule</th><th align="right" style="padding: 3px 10px">error</th><th align="right" style="padding: 3px 10px">warning</th><th align="right" style="padding: 3px 10px">info</th><th align="right" style="padding: 3px 10px">amount</th></tr>
${run.rules.map(
  (tally) =>
    html`<tr><td style="padding: 3px 10px; border-bottom: 1px solid #d9e2ec">${tally.rule}</td>${[tally.error, tally.warning, tally.info, tally.amount].map(number)}</tr>
`,
)}</table>`;
}
