import { describe, expect, it } from 'vitest';
import type { DayEntry, RemindedMember, ReminderItem, TechnicianReminder, TechnicianRule } from '../../src/mail/plan.js';
import { technicianReminderMail } from '../../src/mail/technician-mail.js';
import type { ReportException } from '../../src/report/schema.js';
import { internalException } from '../tickets/fixtures.js';
import { DISPLAY, opens } from './fixtures.js';

const HOSTILE = `Tom & Jerry's "Cheese" <script>alert(1)</script>`;

const item = (exception: ReportException, day: ReminderItem['day'] = null, entry: DayEntry | null = null): ReminderItem => ({ exception, day, entry });

const SHORT_DAY = item(internalException(1, { date: '2026-11-10', hours: '3.75', message: 'jsmith logged 3.25 h on 2026-11-10, 3.75 h short' }), {
  logged: '3.25',
  minimum: '7.00',
  entries: [
    { id: 101, hours: '2.00', ticket: 5001, chargeCode: null, workType: 'Remote Support' },
    { id: 102, hours: '1.25', ticket: null, chargeCode: 12, workType: 'Admin' },
  ],
});

function jsmith(member: Partial<RemindedMember['member']> = {}): RemindedMember {
  return {
    member: { id: 7, identifier: 'jsmith', firstName: 'John', name: 'John Smith', ...member },
    sections: [
      { rule: 'time.missing', fix: 'Log the missing time, or PTO if you were off.', items: [SHORT_DAY] },
      {
        rule: 'time.closed-ticket-no-time',
        fix: 'Log the time worked on the ticket, or note on it why none was needed.',
        items: [
          item(
            internalException(2, {
              rule: 'time.closed-ticket-no-time',
              records: [{ type: 'ticket', id: 5001 }],
              date: '2026-11-11',
              message: `Ticket #5001 "${HOSTILE}" for ${HOSTILE} was closed with no time logged.`,
            }),
          ),
        ],
      },
    ],
  };
}

function reminder(fields: Partial<TechnicianReminder> = {}): TechnicianReminder {
  return {
    to: 'jsmith@msp.example',
    members: [jsmith()],
    period: '2026-10',
    timezone: 'America/New_York',
    display: DISPLAY,
    deadline: new Date('2026-11-15T11:00:00Z'),
    ...fields,
  };
}

describe('the technician reminder', () => {
  it('has a subject a technician recognises, naming the deadline day in the tenant timezone', () => {
    expect(technicianReminderMail(reminder()).subject).toBe('Time entries to fix before billing on Nov 15');
    expect(technicianReminderMail(reminder({ deadline: null })).subject).toBe('Time entries to fix before billing for October 2026');
  });

  it('speaks to the technician about a short day, with its weekday and that day’s entries', () => {
    const { text } = technicianReminderMail(reminder());

    expect(text).toContain(
      '  - You logged 3.25 h on Tue 10 Nov; the minimum is 7 h.\n' +
        '      Time entry #101: 2 h, ticket #5001 (Remote Support)\n' +
        '      Time entry #102: 1.25 h, charge code #12 (Admin)',
    );
    expect(text).not.toContain('jsmith logged');
  });

  it('says what to do under each heading, with the deadline', () => {
    const { text, html: body } = technicianReminderMail(reminder());

    expect(text).toContain('Hi John,');
    expect(text).toContain('please fix these 2 items in ConnectWise by Sunday, November 15, 2026 at 6:00 AM EST');
    expect(text).toContain('Days with less time logged than the daily minimum (1): Log the missing time, or PTO if you were off.\n  - You logged');
    expect(text).toContain(
      'Tickets you own that were closed without time (1): Log the time worked on the ticket, or note on it why none was needed.\n' +
        '  - Your ticket #5001 was closed on Wed 11 Nov with no time logged on it.',
    );
    expect(body).toContain('<p style="margin: 0 0 6px">Log the missing time, or PTO if you were off.</p>');
  });

  it('says so when nothing was logged that day', () => {
    const empty = item(SHORT_DAY.exception, { logged: '0.00', minimum: '7.00', entries: [] });
    const { text } = technicianReminderMail(reminder({ members: [{ ...jsmith(), sections: [{ rule: 'time.missing', fix: 'Log it.', items: [empty] }] }] }));
    expect(text).toContain('  - You logged 0 h on Tue 10 Nov; the minimum is 7 h. No time is logged that day.');
  });

  it('links each entry, ticket and item to ConnectWise in the HTML part, and shows plain labels without a web address', () => {
    const { html: body, text } = technicianReminderMail(reminder());

    expect(body).toContain(`<a href="${opens('TimeEntryFV', 101)}">Time entry #101</a>: 2 h, <a href="${opens('ServiceFV', 5001)}">ticket #5001</a> (Remote Support)`);
    expect(body).toContain(`<a href="${opens('TimeEntryFV', 102)}">Time entry #102</a>: 1.25 h, charge code #12 (Admin)`);
    expect(body).toContain(`(<a href="${opens('ServiceFV', 5001)}">open ticket #5001</a>)`);
    expect(text).not.toContain('openrecord.rails');

    const unlinked = technicianReminderMail(reminder({ display: { ...DISPLAY, webUrl: null } })).html;
    expect(unlinked).not.toContain('<a ');
    expect(unlinked).toContain('Time entry #101: 2 h, ticket #5001 (Remote Support)');
  });

  it('escapes work types and member names in the HTML part', () => {
    const hostileDay = item(SHORT_DAY.exception, { ...SHORT_DAY.day!, entries: [{ id: 101, hours: '2.00', ticket: null, chargeCode: null, workType: HOSTILE }] });
    const member = { ...jsmith({ firstName: '<b>John</b>' }), sections: [{ rule: 'time.missing' as const, fix: 'Log it.', items: [hostileDay] }] };
    const { html: body } = technicianReminderMail(reminder({ members: [member] }));

    expect(body).not.toContain('<script>');
    expect(body).not.toContain('<b>John</b>');
    expect(body).toContain('Hi &lt;b&gt;John&lt;/b&gt;,');
    expect(body).toContain('Tom &amp; Jerry&#39;s &quot;Cheese&quot; &lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('lists each member’s items under their name and identifier when members share the address', () => {
    const adoe: RemindedMember = {
      member: { id: 8, identifier: 'adoe', firstName: 'Ann', name: 'Ann Doe' },
      sections: [
        {
          rule: 'time.unapproved',
          fix: 'Approve the time in Time Sheets.',
          items: [item(internalException(3, { rule: 'time.unapproved', records: [{ type: 'timeEntry', id: 503 }], hours: '0.50', message: 'Time entry #503 is not approved' }))],
        },
      ],
    };
    const { text, html: body } = technicianReminderMail(reminder({ to: 'helpdesk@msp.example', members: [adoe, jsmith()] }));

    expect(text).toContain('Hi Ann and John,');
    expect(text).toContain('please fix these 3 items');
    expect(text).toContain('Ann Doe (adoe)\n\nTime entries not yet approved (1): Approve the time in Time Sheets.\n  - Your entry #503 on Mon 5 Oct (0.5 h) is not approved yet.\n\nJohn Smith (jsmith)\n\nDays with less');
    expect(body).toContain('<h2 style="margin: 22px 0 6px">Ann Doe (adoe)</h2>');
  });

  const ENTRY_501: DayEntry = { id: 501, hours: '2.00', ticket: 7731, chargeCode: null, workType: 'Remote Support' };
  const entryItem = (rule: TechnicianRule, fields: Partial<ReportException>, entry: DayEntry | null) =>
    item(internalException(4, { rule, records: [{ type: 'timeEntry', id: 501 }], date: '2026-11-10', hours: '2.00', ...fields }), null, entry);
  const openEntry = `(<a href="${opens('TimeEntryFV', 501)}">open time entry #501</a>)`;

  it.each([
    {
      what: 'an unapproved entry, with its charge',
      item: entryItem('time.unapproved', {}, ENTRY_501),
      line: 'Your entry #501 on Tue 10 Nov (2 h, ticket #7731) is not approved yet.',
      links: openEntry,
    },
    {
      what: 'an unapproved entry the snapshot does not hold, from the finding alone',
      item: entryItem('time.unapproved', {}, null),
      line: 'Your entry #501 on Tue 10 Nov (2 h) is not approved yet.',
      links: openEntry,
    },
    {
      what: 'an unclassified entry on a charge code',
      item: entryItem('time.unclassified', {}, { ...ENTRY_501, hours: '1.25', ticket: null, chargeCode: 12, workType: null }),
      line: 'Your entry #501 on Tue 10 Nov (1.25 h, charge code #12) has no billable option or no work type.',
      links: openEntry,
    },
    {
      what: 'a ticket closed without time',
      item: entryItem('time.closed-ticket-no-time', { records: [{ type: 'ticket', id: 7731 }], date: '2026-11-11', hours: null }, null),
      line: 'Your ticket #7731 was closed on Wed 11 Nov with no time logged on it.',
      links: `(<a href="${opens('ServiceFV', 7731)}">open ticket #7731</a>)`,
    },
  ])('speaks to the technician about $what, linking its record in the HTML part', ({ item: reminded, line, links }) => {
    const rule = reminded.exception.rule as TechnicianRule;
    const { text, html: body } = technicianReminderMail(reminder({ members: [{ ...jsmith(), sections: [{ rule, fix: 'Fix it.', items: [reminded] }] }] }));

    expect(text).toContain(`(1): Fix it.\n  - ${line}\n`);
    expect(text).not.toContain(reminded.exception.message);
    expect(body).toContain(`<li>${line} ${links}</li>`);
  });

  it('shows the rule’s own message, escaped, when the finding lacks what the sentence needs', () => {
    const undated = entryItem('time.unapproved', { date: null, message: `Time entry #501 for ${HOSTILE} is not approved.` }, ENTRY_501);
    const { text, html: body } = technicianReminderMail(
      reminder({ members: [{ ...jsmith(), sections: [{ rule: 'time.unapproved', fix: 'Fix it.', items: [undated] }] }] }),
    );

    expect(text).toContain(`  - Time entry #501 for ${HOSTILE} is not approved.`);
    expect(body).not.toContain('<script>');
    expect(body).toContain(`<li>Time entry #501 for Tom &amp; Jerry&#39;s &quot;Cheese&quot; &lt;script&gt;alert(1)&lt;/script&gt; is not approved. ${openEntry}</li>`);
  });

  it('names no one above the items of a single member', () => {
    expect(technicianReminderMail(reminder()).text).not.toContain('John Smith (jsmith)');
  });
});
