import { html, htmlDocument, type SafeHtml } from '../html.js';
import type { RecordRef } from '../connectwise/records.js';
import { memberName, recordLink } from '../links.js';
import { joinWords } from '../rules/shared/describe.js';
import { dayLabel } from '../calendar.js';
import { dateTimeLabel, hoursLabel, periodLabel, shortDateLabel } from './format.js';
import type { MailContent } from './message.js';
import type { DayEntry, ReminderItem, TechnicianReminder, TechnicianRule } from './plan.js';

/** The reminder a technician reads: their own items, what to do about each, and links to open them in ConnectWise. */

const HEADINGS: Record<TechnicianRule, string> = {
  'time.missing': 'Days with less time logged than the daily minimum',
  'time.unapproved': 'Time entries not yet approved',
  'time.unclassified': 'Time entries without a billable option or work type',
  'time.closed-ticket-no-time': 'Tickets you own that were closed without time',
};

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
  const owners = reminder.members.map(({ member, sections }) => ({ name: reminder.members.length > 1 ? memberName(member) : null, sections }));
  const link: Link = (record, label) => recordLink(reminder.display, record, label);

  const text = [
    greeting,
    '',
    intro,
    ...owners.flatMap(({ name, sections }) => [
      ...(name === null ? [] : ['', name]),
      ...sections.flatMap((section) => [
        '',
        `${HEADINGS[section.rule]} (${section.items.length}): ${section.fix}`,
        ...section.items.flatMap((item) => [`  - ${itemLine(section.rule, item)}`, ...(item.day?.entries ?? []).map((entry) => `      ${entryLine(entry)}`)]),
      ]),
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
    (section) => html`<h3 style="margin: 18px 0 2px">${HEADINGS[section.rule]} (${section.items.length})</h3>
<p style="margin: 0 0 6px">${section.fix}</p>
<ul>${section.items.map(
      (item) => html`<li>${itemLine(section.rule, item)}${recordLinks(item, link)}${
        item.day === null
          ? ''
          : html`<ul>${item.day.entries.map(
              (entry) => html`<li>${link({ type: 'timeEntry', id: entry.id }, `Time entry #${entry.id}`)}: ${hoursLabel(entry.hours)}${chargeHtml(entry, link)}</li>`,
            )}</ul>`
      }</li>`,
    )}</ul>
`,
  )}`,
)}<p>${outro}</p>
<p style="color: #616e7c">&mdash; billing-guard</p>`;
  return { subject, text, html: htmlDocument(subject, body) };
}

type Link = (record: RecordRef, label: string) => SafeHtml;

const ENTRY_PROBLEMS: Record<'time.unapproved' | 'time.unclassified', string> = {
  'time.unapproved': 'is not approved yet',
  'time.unclassified': 'has no billable option or no work type',
};

/** An item said to the technician; as the rule found it when the finding lacks what the sentence needs. */
function itemLine(rule: TechnicianRule, { exception, day, entry }: ReminderItem): string {
  if (exception.date === null) return exception.message;
  const on = dayLabel(exception.date);
  if (rule === 'time.missing') {
    if (day === null) return exception.message;
    const entries = day.entries.length === 0 ? ' No time is logged that day.' : '';
    return `You logged ${hoursLabel(day.logged)} on ${on}; the minimum is ${hoursLabel(day.minimum)}.${entries}`;
  }
  if (rule === 'time.closed-ticket-no-time') {
    const ticket = recordId(exception, 'ticket');
    return ticket === null ? exception.message : `Your ticket #${ticket} was closed on ${on} with no time logged on it.`;
  }
  const id = entry?.id ?? recordId(exception, 'timeEntry');
  const hours = entry?.hours ?? exception.hours;
  if (id === null || hours === null) return exception.message;
  const charge = entry === null ? null : chargeLabel(entry);
  return `Your entry #${id} on ${on} (${hoursLabel(hours)}${charge === null ? '' : `, ${charge}`}) ${ENTRY_PROBLEMS[rule]}.`;
}

function recordId({ records }: ReminderItem['exception'], type: RecordRef['type']): number | null {
  return records.find((record) => record.type === type)?.id ?? null;
}

function chargeLabel(entry: DayEntry): string | null {
  if (entry.ticket !== null) return `ticket #${entry.ticket}`;
  return entry.chargeCode === null ? null : `charge code #${entry.chargeCode}`;
}

function chargeOf(entry: DayEntry): string {
  const work = entry.workType === null ? '' : ` (${entry.workType})`;
  const charge = chargeLabel(entry);
  return charge === null ? work : `, ${charge}${work}`;
}

function entryLine(entry: DayEntry): string {
  return `Time entry #${entry.id}: ${hoursLabel(entry.hours)}${chargeOf(entry)}`;
}

function chargeHtml(entry: DayEntry, link: Link): SafeHtml {
  if (entry.ticket === null) return html`${chargeOf(entry)}`;
  const work = entry.workType === null ? '' : ` (${entry.workType})`;
  return html`, ${link({ type: 'ticket', id: entry.ticket }, `ticket #${entry.ticket}`)}${work}`;
}

/** The records an item names (its time entry, its ticket), each opening in ConnectWise. */
function recordLinks({ exception }: ReminderItem, link: Link): SafeHtml {
  const records = exception.records.filter((record) => record.type === 'timeEntry' || record.type === 'ticket');
  if (records.length === 0) return html``;
  return html` (${records.map((record, index) => html`${index === 0 ? '' : ', '}${link(record, `open ${RECORD_LABELS[record.type]} #${record.id}`)}`)})`;
}

const RECORD_LABELS: Partial<Record<RecordRef['type'], string>> = { timeEntry: 'time entry', ticket: 'ticket' };
