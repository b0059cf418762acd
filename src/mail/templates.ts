import { zonedDate } from '../calendar.js';
import { html, htmlDocument, type SafeHtml } from '../html.js';
import { formatAmount } from '../money.js';
import type { NotReminded, ReportException, Waiver } from '../report/schema.js';
import { atRiskLabel, ruleTableRows } from '../report/summary.js';
import { describeTicketActions } from '../report/tally.js';
import { joinWords } from '../rules/shared/describe.js';
import type { FinanceDigest, RunDigest } from './digest.js';
import { dateTimeLabel, periodLabel, shortDateLabel } from './format.js';
import type { MailContent } from './message.js';
import type { RemindedMember, TechnicianReminder, TechnicianRule } from './plan.js';

const HEADINGS: Record<TechnicianRule, string> = {
  'time.missing': 'Days with less time logged than the daily minimum',
  'time.unapproved': 'Time entries not yet approved',
  'time.unclassified': 'Time entries without a billable option or work type',
  'time.closed-ticket-no-time': 'Tickets you own that were closed without time',
};

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

export function technicianReminderMail(reminder: TechnicianReminder): MailContent {
  const period = periodLabel(reminder.period);
  const count = reminder.members.reduce((sum, { sections }) => sum + sections.reduce((items, section) => items + section.items.length, 0), 0);
  const by = reminder.deadline
    ? `by ${dateTimeLabel(reminder.deadline, reminder.timezone)}, when billing-guard validates the period`
    : 'before invoices are generated';
  const greeting = `Hi ${joinWords(reminder.members.map(({ member }) => member.firstName ?? member.identifier))},`;
  const intro = `Before invoices for ${period} go out, please fix ${count === 1 ? 'this item' : `these ${count} items`} in ConnectWise ${by}:`;
  const outro = 'Fixed already? Then there is nothing more to do: the validation run will find it in order.';
  const subject = reminder.deadline
    ? `Time entries to fix before billing on ${shortDateLabel(reminder.deadline, reminder.timezone)}`
    : `Time entries to fix before billing for ${period}`;
  // one member's items need no name above them; members sharing the address each get theirs
  const owners = reminder.members.map(({ member, sections }) => ({ name: reminder.members.length > 1 ? ownerName(member) : null, sections }));

  const text = [
    greeting,
    '',
    intro,
    ...owners.flatMap(({ name, sections }) => [
      ...(name === null ? [] : ['', name]),
      ...sections.flatMap((section) => ['', `${HEADINGS[section.rule]} (${section.items.length})`, ...section.items.map((item) => `  - ${item.message}`)]),
    ]),
    '',
    outro,
    '',
    '-- billing-guard',
  ].join('\n');

  const body = html`<p>${greeting}</p>
<p>${intro}</p>
${owners.map(
  ({ name, sections }) => html`${name === null ? '' : html`<h2 style="margin: 22px 0 6px">${name}</h2>
`}${sections.map(
    (section) => html`<h3 style="margin: 18px 0 6px">${HEADINGS[section.rule]} (${section.items.length})</h3>
<ul>${section.items.map((item) => html`<li>${item.message}</li>`)}</ul>
`,
  )}`,
)}<p>${outro}</p>
<p style="color: #616e7c">&mdash; billing-guard</p>`;
  return { subject, text, html: htmlDocument(subject, body) };
}

function ownerName(member: RemindedMember['member']): string {
  return member.name ? `${member.name} (${member.identifier})` : member.identifier;
}

export function financeDigestMail(digest: FinanceDigest): MailContent {
  const period = periodLabel(digest.period);
  if (!digest.run) return notValidatedMail(digest, period);
  const run = digest.run;
  const { tally } = run;
  const open = tally.severities.error + tally.severities.warning;
  const atRisk = `${formatAmount(tally.revenueAtRisk)} revenue at risk`;
  const subject = `Billing exceptions for ${period}: ${open === 0 ? 'no open exceptions' : `${plural(open, 'open exception')}, ${atRisk}`}`;
  const finished = `Latest validation run (${run.mode}) finished ${dateTimeLabel(run.finishedAt, digest.timezone)}.`;
  const review = tally.toReview.exceptions.length === 0 ? '' : `; ${formatAmount(tally.toReview.total)} to review, not in revenue at risk`;
  const waived = tally.waived === 0 ? '' : `; ${tally.waived} waived`;
  const stake = `${plural(open, 'open exception')} (warnings and errors), ${atRisk}${review}${waived}.`;
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
    sections.push({
      title: `Exception tickets: ${describeTicketActions(run.tally)}`,
      lines: run.tickets.map((ticket) => `${ticket.company}: ${ticket.ticketId === null ? 'no ticket' : `ticket #${ticket.ticketId}`} ${ticket.action}`),
    });
  }
  const { toReview } = run.tally;
  if (toReview.exceptions.length > 0) {
    sections.push({
      title: `To review before sending (high-value, jumps and large expenses): ${formatAmount(toReview.total)}`,
      lines: capped(toReview.exceptions.map((exception) => `${exception.rule}: ${exception.message}`)),
    });
  }
  if (run.waived.length > 0) {
    sections.push({
      title: `Waived, not open and in no figure (${plural(run.waived.length, 'exception')})`,
      lines: capped(run.waived.map((exception) => `[${exception.severity}] ${exception.rule}: ${exception.message} — ${waiverLabel(exception.waiver!, timezone)}`)),
    });
  }
  if (run.unreminded.length > 0) {
    const items = run.unreminded.flatMap(({ member, reason, items }) =>
      items.map((item) => `${member.name ?? member.identifier} (${member.identifier}, ${NOT_REMINDED[reason]}): ${item.message}`),
    );
    sections.push({ title: `Owned by members who will not be reminded (${plural(items.length, 'item')})`, lines: capped(items) });
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

function listed(label: string, exceptions: readonly ReportException[]): string[] {
  return capped(exceptions.map((exception) => `${label}: [${exception.severity}] ${exception.rule}: ${exception.message}`), `${label}: `);
}

function capped(lines: readonly string[], label = ''): string[] {
  return lines.length > LISTED ? [...lines.slice(0, LISTED), `${label}… and ${lines.length - LISTED} more`] : [...lines];
}

function ruleRows(run: RunDigest): string[] {
  return run.tally.rules.length === 0 ? [NO_EXCEPTIONS] : ruleTableRows(run.tally);
}

function rulesTable(run: RunDigest): SafeHtml {
  if (run.tally.rules.length === 0) return html`<p>${NO_EXCEPTIONS}</p>`;
  const number = (value: string | number) => html`<td style="padding: 3px 10px; border-bottom: 1px solid #d9e2ec" align="right">${value}</td>`;
  return html`<table style="border-collapse: collapse; margin: 12px 0">
<tr><th align="left" style="padding: 3px 10px">rule</th><th align="right" style="padding: 3px 10px">error</th><th align="right" style="padding: 3px 10px">warning</th><th align="right" style="padding: 3px 10px">info</th><th align="right" style="padding: 3px 10px">at risk</th></tr>
${run.tally.rules.map(
  (count) =>
    html`<tr><td style="padding: 3px 10px; border-bottom: 1px solid #d9e2ec">${count.rule}</td>${[count.error, count.warning, count.info, atRiskLabel(count.atRisk)].map(number)}</tr>
`,
)}</table>`;
}
