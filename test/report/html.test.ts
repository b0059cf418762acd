import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/html.js';
import { renderHtmlPreview } from '../../src/report/html.js';
import { fixOf } from '../../src/rules/registry.js';
import { ACME, GLOBEX, addition, agreement, invoice, snapshot, timeEntry } from '../rules/fixtures.js';
import { exception, internalException, report } from '../tickets/fixtures.js';
import { NEW_YORK, between, companyHeadings, quietRows } from './html-page.js';
import { reportOf } from './report-of.js';

const HOSTILE = { id: 31, identifier: 'EVIL', name: `<script>alert("x")</script> Smith & O'Brien` };
const IMG = { id: 32, identifier: 'IMG', name: '<img src=x onerror=alert(1)>' };

describe('the HTML preview', () => {
  it('escapes company names and messages that come from ConnectWise', () => {
    const page = renderHtmlPreview(
      reportOf(
        snapshot({
          agreements: [agreement({ id: 90, name: 'Managed "Gold" <b>', company: HOSTILE, billAmount: 9000 })],
          timeEntries: [timeEntry({ agreement: { id: 90 } })],
        }),
      ),
    );
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<b>');
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Smith &amp; O&#39;Brien');
    // the high-value message names the company; Acme's entry on that company's agreement names the agreement
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Smith &amp; O&#39;Brien (#31) is projected to invoice 9000.00');
    expect(page).toContain('agreement #90 &quot;Managed &quot;Gold&quot; &lt;b&gt;&quot;');
  });

  it('keeps a company named like markup as text, linked or not, in its section and in the table of the rest', () => {
    const companies = [
      { ...IMG, projectedTotal: '10.00', previousTotal: null },
      { ...HOSTILE, projectedTotal: '20.00', previousTotal: null },
    ];
    const page = renderHtmlPreview(report([exception(1, { company: IMG })], { companies, display: NEW_YORK }));
    expect(page).not.toMatch(/<img|<script/);
    expect(companyHeadings(page)).toEqual(['&lt;img src=x onerror=alert(1)&gt; (IMG, #32)']);
    expect(quietRows(page)[0]![0]).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Smith &amp; O&#39;Brien');
  });

  it('is one page with nothing to run or fetch, whose only links open ConnectWise', () => {
    const page = renderHtmlPreview({ ...reportOf(snapshot({ agreements: [agreement()], invoices: [invoice()] })), display: NEW_YORK });
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('<style>');
    expect(page).not.toMatch(/<script|<link|\bsrc=|url\(|@import/i);
    const hrefs = [...page.matchAll(/\bhref="([^"]*)"/g)].map((match) => match[1]);
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^https:\/\/na\.myconnectwise\.net\/v2025_1\/services\/system_io\/router\/openrecord\.rails\?/);
  });

  it('links nothing when the run knows no ConnectWise address', () => {
    const page = renderHtmlPreview(report([exception(1)], { tickets: [{ company: ACME.id, ticketId: 5012, action: 'created' }] }));
    expect(page).not.toContain('href=');
    expect(page).toContain('Ticket #5012');
  });

  it("gives each company to fix its projected and previous totals and the change, in the tenant's currency", () => {
    const page = renderHtmlPreview(report([exception(1)], { display: { ...NEW_YORK, currency: 'EUR' } }));
    expect(between(page, '<section class="company">', '</section>')).toContain(
      'Projected €6,120.00 · previous €4,890.00 · change <span class="changed">+€1,230.00 (+25.2%)</span>',
    );
  });

  it("groups a company's exceptions by rule under its own section", () => {
    const page = renderHtmlPreview(
      reportOf(
        snapshot({
          agreements: [agreement({ company: GLOBEX })],
          timeEntries: [timeEntry({ id: 101 }), timeEntry({ id: 102, timeStart: '2026-10-05T15:00:00Z', timeEnd: '2026-10-05T17:00:00Z' })],
        }),
      ),
    );
    const acme = between(page, '<h2>Acme Corp', '</section>');
    expect(acme).toContain('<h3>time.overlap <span class="muted">(1)</span></h3>');
    expect(acme).toContain('Time entries #101 and #102 by jsmith for Acme Corp overlap by 1.00 h');
    expect(page).not.toContain('<h2>Globex');
  });

  it("says once under each rule's heading how to fix what it found", () => {
    const page = renderHtmlPreview(
      report([exception(1), exception(2), exception(3, { rule: 'agreement.mismatch', message: 'Time entry #103 is on expired agreement #541' })]),
    );
    const acme = between(page, '<h2>Acme Corp', '</section>');
    const fix = (rule: string) => `<p class="fix">How to fix: ${escapeHtml(fixOf(rule)!)}</p>`;
    expect(acme).toContain(`<h3>time.overlap <span class="muted">(2)</span></h3>\n${fix('time.overlap')}\n<table>`);
    expect(acme).toContain(`<h3>agreement.mismatch <span class="muted">(1)</span></h3>\n${fix('agreement.mismatch')}`);
    expect(acme.split('class="fix"')).toHaveLength(3);
    expect(acme).toContain('Time entry #103 is on expired agreement #541');
  });

  it('says how to fix each rule of the internal exceptions once, below the members', () => {
    const page = renderHtmlPreview(
      report([
        internalException(1),
        internalException(2, { member: { id: 8, identifier: 'adoe' } }),
        internalException(3, { rule: 'time.unapproved', severity: 'error', message: 'Time entry #103 is not approved' }),
      ]),
    );
    const internal = between(page, '<h2>Internal exceptions', '</section>');
    const fixes = internal.slice(internal.indexOf('<h3>How to fix</h3>'));
    expect(internal.indexOf('<h3>How to fix</h3>')).toBeGreaterThan(internal.lastIndexOf('<table>'));
    expect([...fixes.matchAll(/<dt>([^<]*)<\/dt><dd>([^<]*)<\/dd>/g)].map((match) => [match[1], match[2]])).toEqual([
      ['time.missing', escapeHtml(fixOf('time.missing')!)],
      ['time.unapproved', escapeHtml(fixOf('time.unapproved')!)],
    ]);
  });

  it('lists internal exceptions by member, by name, apart from the companies', () => {
    const shot = snapshot({
      timeEntries: [
        timeEntry({ id: 101, status: 'Open' }),
        timeEntry({ id: 102, member: { id: 8, identifier: 'adoe' }, status: 'Open', timeStart: '2026-10-06T14:00:00Z', timeEnd: '2026-10-06T15:00:00Z' }),
      ],
    });
    const built = reportOf(shot);
    const members = [
      { id: 7, identifier: 'jsmith', name: 'John Smith', notReminded: null },
      { id: 8, identifier: 'adoe', name: 'Ann Doe', notReminded: null },
    ];
    const page = renderHtmlPreview({ ...built, members });
    const internal = between(page, '<h2>Internal exceptions');
    expect(internal).toMatch(/<h3>Ann Doe \(adoe\)[\s\S]*time\.unapproved[\s\S]*#102[\s\S]*<h3>John Smith \(jsmith\)[\s\S]*#101/);
    expect(page.slice(0, page.indexOf('<h2>Internal exceptions'))).not.toContain('time.unapproved');
  });

  it('opens with the revenue at risk and, apart from it, the total to review', () => {
    const page = renderHtmlPreview(
      reportOf(
        snapshot({
          agreements: [agreement({}, { additions: [addition()] })],
          timeEntries: [timeEntry({ id: 101 }), timeEntry({ id: 102, timeStart: '2026-10-05T15:40:00Z', timeEnd: '2026-10-05T16:30:00Z' })],
          invoices: [invoice()],
        }),
      ),
    );
    const header = between(page, '<header>', '</header>');
    // the overlap and the time on no agreement are at risk; the invoice jump is to review
    expect(header).toContain('<p class="at-risk">Revenue at risk $475.00 ');
    expect(header).toContain('<dt>To review</dt><dd>$1,745.00 ');
  });
});
