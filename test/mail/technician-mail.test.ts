import { describe, expect, it } from 'vitest';
import type { RemindedMember, ReminderItem, TechnicianReminder } from '../../src/mail/plan.js';
import { technicianReminderMail } from '../../src/mail/technician-mail.js';
import type { ReportException } from '../../src/report/schema.js';
import { internalException } from '../tickets/fixtures.js';
import { DISPLAY, opens } from './fixtures.js';

const HOSTILE = `Tom & Jerry's "Cheese" <script>alert(1)</script>`;

const item = (exception: ReportException, day: ReminderItem['day'] = null): ReminderItem => ({ exception, day });

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
    expect(text).toContain(`Tickets you own that were closed without time (1): Log the time worked on the ticket, or note on it why none was needed.\n  - Ticket #5001 "${HOSTILE}"`);
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

  it('escapes ticket summaries, company and member names in the HTML part', () => {
    const { html: body } = technicianReminderMail(reminder({ members: [jsmith({ firstName: '<b>John</b>' })] }));

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
          items: [item(internalException(3, { rule: 'time.unapproved', records: [{ type: 'timeEntry', id: 503 }], message: 'Time entry #503 is not approved' }))],
        },
      ],
    };
    const { text, html: body } = technicianReminderMail(reminder({ to: 'helpdesk@msp.example', members: [adoe, jsmith()] }));

    expect(text).toContain('Hi Ann and John,');
    expect(text).toContain('please fix these 3 items');
    expect(text).toContain('Ann Doe (adoe)\n\nTime entries not yet approved (1): Approve the time in Time Sheets.\n  - Time entry #503 is not approved\n\nJohn Smith (jsmith)\n\nDays with less');
    expect(body).toContain('<h2 style="margin: 22px 0 6px">Ann Doe (adoe)</h2>');
  });

  it('names no one above the items of a single member', () => {
    expect(technicianReminderMail(reminder()).text).not.toContain('John Smith (jsmith)');
  });
});
