import { describe, expect, it } from 'vitest';
import { html } from '../../src/html.js';
import { financeDigestMail } from '../../src/mail/templates.js';
import { planFinanceDigest, type FinanceDigest } from '../../src/mail/digest.js';
import { renderHtmlPreview } from '../../src/report/html.js';
import { ACME, exception, internalException, report } from '../tickets/fixtures.js';
import { DISPLAY, opens } from './fixtures.js';

const HOSTILE = `Tom & Jerry's "Cheese" <script>alert(1)</script>`;

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

describe('the finance digest', () => {
  it('names the period, how many exceptions are open and the revenue at risk', () => {
    expect(financeDigestMail(digest()).subject).toBe('Billing exceptions for October 2026: 3 open exceptions, $150.00 revenue at risk');
    expect(financeDigestMail(planFinanceDigest(report([]), null, SETTINGS)).subject).toBe('Billing exceptions for October 2026: no open exceptions');
  });

  it('shows counts by rule, the revenue at risk, tickets, what is to review and the change since the last run', () => {
    const { text } = financeDigestMail(digest());

    expect(text).toContain('Latest validation run (live) finished Sunday, November 15, 2026 at 6:00 AM EST.');
    expect(text).toContain('3 open exceptions (warnings and errors), $150.00 revenue at risk; $7,200.00 to review, not in revenue at risk.');
    expect(text).toMatch(/time\.overlap\s+1\s+1\s+0\s+150\.00/);
    expect(text).toMatch(/invoice\.high-value\s+0\s+1\s+0\s+to review/);
    expect(text).toContain(`Exception tickets: 1 created\n  ${HOSTILE}: ticket #5012 created`);
    expect(text).toContain(`To review before sending (high-value, jumps and large expenses): $7,200.00\n  invoice.high-value: ${HOSTILE} is projected to invoice 7200.00`);
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

    expect(mail.subject).toBe('Billing exceptions for October 2026: 1 open exception, $75.00 revenue at risk');
    expect(mail.text).toContain('1 open exception (warnings and errors), $75.00 revenue at risk; 2 waived.');
    expect(mail.text).toContain(
      'Waived, not open and in no figure (2 exceptions)\n' +
        `  [error] time.overlap: Time entry #102 overlaps #104 — waived by jsmith on 2026-11-16: ${HOSTILE}\n` +
        '  [warning] time.missing: jsmith is short on 2026-10-03 — waived in the configuration: part-time',
    );
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('waived by jsmith on 2026-11-16: Tom &amp; Jerry&#39;s &quot;Cheese&quot; &lt;script&gt;');
  });

  it('shows amounts in the tenant currency', () => {
    const run = report([exception(1)], { display: { ...DISPLAY, currency: 'EUR' } });
    const mail = financeDigestMail(planFinanceDigest(run, null, SETTINGS));

    expect(mail.subject).toBe('Billing exceptions for October 2026: 1 open exception, €75.00 revenue at risk');
    expect(mail.html).toContain('>€75.00</td>');
  });

  it('links each ticket and each total to review to ConnectWise in the HTML part', () => {
    const run = report(
      [exception(3, { rule: 'invoice.high-value', severity: 'warning', company: ACME, amount: '7200.00', records: [{ type: 'invoice', id: 88 }], message: 'Acme is projected to invoice 7200.00' })],
      { tickets: [{ company: ACME.id, ticketId: 5012, action: 'created' }], display: DISPLAY },
    );
    const { html: body, text } = financeDigestMail(planFinanceDigest(run, null, SETTINGS));

    expect(body).toContain(`<a href="${opens('ServiceFV', 5012)}">ticket #5012</a> created`);
    expect(body).toContain(`is projected to invoice 7200.00 (<a href="${opens('CompanyFV', ACME.id)}">open in ConnectWise</a>)`);
    expect(text).not.toContain('openrecord.rails');
  });

  it('attaches the run’s HTML preview', () => {
    const run = report([exception(1)], { display: DISPLAY });
    const { attachments } = financeDigestMail(planFinanceDigest(run, null, SETTINGS));

    expect(attachments).toEqual([{ filename: 'billing-guard-2026-10.html', contentType: 'text/html; charset=utf-8', content: renderHtmlPreview(run) }]);
    expect(attachments![0]!.content).toContain('<!DOCTYPE html>');
    expect(financeDigestMail(planFinanceDigest(null, null, SETTINGS)).attachments ?? []).toEqual([]);
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
