import { describe, expect, it } from 'vitest';
import { html } from '../../src/html.js';
import { financeDigestMail, technicianReminderMail } from '../../src/mail/templates.js';
import { planFinanceDigest, type FinanceDigest } from '../../src/mail/digest.js';
import type { RemindedMember, TechnicianReminder } from '../../src/mail/plan.js';
import { exception, internalException, report } from '../tickets/fixtures.js';

const HOSTILE = `Tom & Jerry's "Cheese" <script>alert(1)</script>`;

function jsmith(member: Partial<RemindedMember['member']> = {}): RemindedMember {
  return {
    member: { id: 7, identifier: 'jsmith', firstName: 'John', name: 'John Smith', ...member },
    sections: [
      { rule: 'time.missing', items: [internalException(1, { message: 'jsmith logged 2.00 h on 2026-10-05, 5.00 h short' })] },
      {
        rule: 'time.closed-ticket-no-time',
        items: [internalException(2, { rule: 'time.closed-ticket-no-time', message: `Ticket #5001 "${HOSTILE}" for ${HOSTILE} was closed with no time logged.` })],
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
    deadline: new Date('2026-11-15T11:00:00Z'),
    ...fields,
  };
}

const SETTINGS = { recipients: ['finance@msp.example'], period: '2026-10', timezone: 'America/New_York', nextValidation: new Date('2026-12-15T11:00:00Z') };

function digest(): FinanceDigest {
  const hostile = { id: 21, identifier: 'TJ', name: HOSTILE };
  const run = report(
    [
      exception(1),
      exception(2, { company: hostile, severity: 'warning', message: `Time entry #102 for ${HOSTILE} has no notes` }),
      exception(3, { rule: 'invoice.high-value', severity: 'warning', company: hostile, amount: '7200.00', message: `${HOSTILE} is projected to invoice 7200.00` }),
    ],
    { companies: [{ ...hostile, projectedTotal: '7200.00', previousTotal: null }], tickets: [{ company: 21, ticketId: 5012, action: 'created' }] },
  );
  return planFinanceDigest(run, report([exception(9)], { finishedAt: '2026-11-14T20:00:00.000Z' }), SETTINGS);
}

describe('the technician reminder', () => {
  it('has a subject a technician recognises, naming the deadline day in the tenant timezone', () => {
    expect(technicianReminderMail(reminder()).subject).toBe('Time entries to fix before billing on Nov 15');
    expect(technicianReminderMail(reminder({ deadline: null })).subject).toBe('Time entries to fix before billing for October 2026');
  });

  it('lists every item under its heading with the deadline, in plain text', () => {
    const { text } = technicianReminderMail(reminder());

    expect(text).toContain('Hi John,');
    expect(text).toContain('please fix these 2 items in ConnectWise by Sunday, November 15, 2026 at 6:00 AM EST');
    expect(text).toContain('Days with less time logged than the daily minimum (1)\n  - jsmith logged 2.00 h on 2026-10-05, 5.00 h short');
    expect(text).toContain(`Tickets you own that were closed without time (1)\n  - Ticket #5001 "${HOSTILE}"`);
  });

  it('escapes ticket summaries, company and member names in the HTML part', () => {
    const { html: body } = technicianReminderMail(reminder({ members: [jsmith({ firstName: '<b>John</b>' })] }));

    expect(body).not.toContain('<script>');
    expect(body).not.toContain('<b>John</b>');
    expect(body).toContain('Hi &lt;b&gt;John&lt;/b&gt;,');
    expect(body).toContain('Tom &amp; Jerry&#39;s &quot;Cheese&quot; &lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('lists each member’s items under their name when members share the address', () => {
    const adoe: RemindedMember = {
      member: { id: 8, identifier: 'adoe', firstName: 'Ann', name: 'Ann Doe' },
      sections: [{ rule: 'time.unapproved', items: [internalException(3, { rule: 'time.unapproved', message: 'Time entry #503 is not approved' })] }],
    };
    const { text, html: body } = technicianReminderMail(reminder({ to: 'helpdesk@msp.example', members: [adoe, jsmith()] }));

    expect(text).toContain('Hi Ann and John,');
    expect(text).toContain('please fix these 3 items');
    expect(text).toContain('Ann Doe (adoe)\n\nTime entries not yet approved (1)\n  - Time entry #503 is not approved\n\nJohn Smith (jsmith)\n\nDays with less');
    expect(body).toContain('<h2 style="margin: 22px 0 6px">Ann Doe (adoe)</h2>');
  });

  it('names no one above the items of a single member', () => {
    expect(technicianReminderMail(reminder()).text).not.toContain('John Smith (jsmith)');
  });
});

describe('the finance digest', () => {
  it('names the period, how many exceptions are open and the revenue at risk', () => {
    expect(financeDigestMail(digest()).subject).toBe('Billing exceptions for October 2026: 3 open exceptions, 150.00 revenue at risk');
    expect(financeDigestMail(planFinanceDigest(report([]), null, SETTINGS)).subject).toBe('Billing exceptions for October 2026: no open exceptions');
  });

  it('shows counts by rule, the revenue at risk, tickets, what is to review and the change since the last run', () => {
    const { text } = financeDigestMail(digest());

    expect(text).toContain('Latest validation run (live) finished Sunday, November 15, 2026 at 6:00 AM EST.');
    expect(text).toContain('3 open exceptions (warnings and errors), 150.00 revenue at risk; 7200.00 to review, not in revenue at risk.');
    expect(text).toMatch(/time\.overlap\s+1\s+1\s+0\s+150\.00/);
    expect(text).toMatch(/invoice\.high-value\s+0\s+1\s+0\s+to review/);
    expect(text).toContain(`Exception tickets: 1 created\n  ${HOSTILE}: ticket #5012 created`);
    expect(text).toContain(`To review before sending (high-value, jumps and large expenses): 7200.00\n  invoice.high-value: ${HOSTILE} is projected to invoice 7200.00`);
    expect(text).toContain('3 new, 0 still open, 1 resolved');
  });

  it('escapes company names and messages in the HTML part', () => {
    const { html: body } = financeDigestMail(digest());

    expect(body).not.toContain('<script>');
    expect(body).toContain('invoice.high-value: Tom &amp; Jerry&#39;s &quot;Cheese&quot; &lt;script&gt;alert(1)&lt;/script&gt; is projected to invoice 7200.00');
    expect(body).toContain('<td style="padding: 3px 10px; border-bottom: 1px solid #d9e2ec">time.overlap</td>');
  });

  it('counts waived exceptions and lists each with who waived it, on which day in the tenant timezone, and why', () => {
    const open = exception(1, { message: 'Time entry #101 overlaps #103' });
    // 02:30 UTC on 17 November is still 16 November in New York
    const onTicket = exception(2, { message: 'Time entry #102 overlaps #104', waiver: { by: 'jsmith', at: '2026-11-17T02:30:00.000Z', reason: HOSTILE, source: 'ticket' } });
    const inConfig = internalException(3, { message: 'jsmith is short on 2026-10-03', waiver: { by: 'config', at: null, reason: 'part-time', source: 'config' } });
    const mail = financeDigestMail(planFinanceDigest(report([open, onTicket, inConfig]), null, SETTINGS));

    expect(mail.subject).toBe('Billing exceptions for October 2026: 1 open exception, 75.00 revenue at risk');
    expect(mail.text).toContain('1 open exception (warnings and errors), 75.00 revenue at risk; 2 waived.');
    expect(mail.text).toContain(
      'Waived, not open and in no figure (2 exceptions)\n' +
        `  [error] time.overlap: Time entry #102 overlaps #104 — waived by jsmith on 2026-11-16: ${HOSTILE}\n` +
        '  [warning] time.missing: jsmith is short on 2026-10-03 — waived in the configuration: part-time',
    );
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('waived by jsmith on 2026-11-16: Tom &amp; Jerry&#39;s &quot;Cheese&quot; &lt;script&gt;');
  });

  it('says nothing of waivers when none was waived', () => {
    expect(financeDigestMail(digest()).text).not.toMatch(/waived/i);
  });

  it('says when the period was not validated yet and when validation fires next', () => {
    const mail = financeDigestMail(planFinanceDigest(null, null, SETTINGS));

    expect(mail.subject).toBe('Billing exceptions for October 2026: not validated yet');
    expect(mail.text).toContain('billing-guard has not validated October 2026 yet.');
    expect(mail.text).toContain('The next validation run is scheduled for Tuesday, December 15, 2026 at 6:00 AM EST.');
    expect(mail.text).toContain('billing-guard run --period 2026-10');
  });
});

describe('html', () => {
  it('escapes every interpolated value and keeps nested fragments as markup', () => {
    const inner = html`<b>${'a < b'}</b>`;

    expect(html`<p title="${'"x"'}">${inner}${[html`<i>${"it's"}</i>`]}${3}</p>`.value).toBe('<p title="&quot;x&quot;"><b>a &lt; b</b><i>it&#39;s</i>3</p>');
  });
});
