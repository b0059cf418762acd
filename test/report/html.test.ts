import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/html.js';
import { renderHtmlPreview } from '../../src/report/html.js';
import { fixOf } from '../../src/rules/registry.js';
import { ACME, GLOBEX, addition, agreement, invoice, snapshot, timeEntry } from '../rules/fixtures.js';
import { exception, internalException, report } from '../tickets/fixtures.js';
import { reportOf } from './report-of.js';

const HOSTILE = { id: 31, identifier: 'EVIL', name: `<script>alert("x")</script> Smith & O'Brien` };

/** The text of each company section's heading, in page order. */
function companyHeadings(page: string): string[] {
  return [...page.matchAll(/<section class="company">\s*<h2>([^<]*)/g)].map((match) => match[1]!.trim());
}

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

  it('is one page with nothing to run or fetch', () => {
    const page = renderHtmlPreview(reportOf(snapshot({ agreements: [agreement()], invoices: [invoice()] })));
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('<style>');
    expect(page).not.toMatch(/<script|<link|\bsrc=|\bhref=|url\(|@import/i);
  });

  it('has one section per company, by name, with its projected and previous totals and the change', () => {
    const page = renderHtmlPreview(
      reportOf(
        snapshot({
          agreements: [
            agreement({ id: 88, company: GLOBEX, billAmount: 1200 }),
            agreement({ id: 89, company: ACME, billAmount: 6120 }),
          ],
          invoices: [invoice({ company: ACME, total: 4890 })],
        }),
      ),
    );
    expect(companyHeadings(page)).toEqual(['Acme Corp', 'Globex']);
    expect(page).toContain('Projected 6,120.00 · previous 4,890.00 · change <span class="changed">+1,230.00 (+25.2%)</span>');
    expect(page).toContain('Projected 1,200.00 · <span class="muted">no invoice last period</span>');
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
    const acme = page.slice(page.indexOf('<h2>Acme Corp'), page.indexOf('<h2>Globex'));
    expect(acme).toContain('<h3>time.overlap <span class="muted">(1)</span></h3>');
    expect(acme).toContain('Time entries #101 and #102 by jsmith for Acme Corp overlap by 1.00 h');
    expect(page.slice(page.indexOf('<h2>Globex'))).not.toContain('time.overlap');
  });

  it("says once under each rule's heading how to fix what it found", () => {
    const page = renderHtmlPreview(
      report([exception(1), exception(2), exception(3, { rule: 'agreement.mismatch', message: 'Time entry #103 is on expired agreement #541' })]),
    );
    const acme = page.slice(page.indexOf('<h2>Acme Corp'), page.indexOf('<h2>Globex'));
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
    const internal = page.slice(page.indexOf('<h2>Internal exceptions'));
    const fixes = internal.slice(internal.indexOf('<h3>How to fix</h3>'));
    expect(internal.indexOf('<h3>How to fix</h3>')).toBeGreaterThan(internal.lastIndexOf('<table>'));
    expect([...fixes.matchAll(/<dt>([^<]*)<\/dt><dd>([^<]*)<\/dd>/g)].map((match) => [match[1], match[2]])).toEqual([
      ['time.missing', escapeHtml(fixOf('time.missing')!)],
      ['time.unapproved', escapeHtml(fixOf('time.unapproved')!)],
    ]);
  });

  it('lists internal exceptions by member, apart from the companies', () => {
    const page = renderHtmlPreview(
      reportOf(
        snapshot({
          timeEntries: [
            timeEntry({ id: 101, status: 'Open' }),
            timeEntry({ id: 102, member: { id: 8, identifier: 'adoe' }, status: 'Open', timeStart: '2026-10-06T14:00:00Z', timeEnd: '2026-10-06T15:00:00Z' }),
          ],
        }),
      ),
    );
    const internal = page.slice(page.indexOf('<h2>Internal exceptions'));
    expect(internal).toMatch(/<h3>adoe \(#8\)[\s\S]*time\.unapproved[\s\S]*#102[\s\S]*<h3>jsmith \(#7\)[\s\S]*#101/);
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
    const header = page.slice(page.indexOf('<header>'), page.indexOf('</header>'));
    // the overlap and the time on no agreement are at risk; the invoice jump is to review
    expect(header).toContain('<dt>Revenue at risk</dt><dd>475.00</dd>');
    expect(header).toContain('<dt>To review</dt><dd>1,745.00 ');
  });

  describe('waived exceptions', () => {
    const open = exception(1, { amount: '75.00', message: 'Time entry #101 overlaps #103' });
    const waived = exception(2, {
      amount: '1500.00',
      message: 'Time entry #102 overlaps #104',
      waiver: { by: 'jsmith', at: '2026-11-16T14:02:00.000Z', reason: `Agreed with <b>Acme</b> & "Tom"`, source: 'ticket' },
    });
    const page = renderHtmlPreview(report([open, waived]));
    const acme = page.slice(page.indexOf('<h2>Acme Corp'), page.indexOf('<h2>Globex'));

    it("are listed in their own section of the company, with who waived each, when and why, escaped", () => {
      const section = acme.slice(acme.indexOf('<h3 class="waived">'));
      expect(section).toContain('<h3 class="waived">Waived <span class="muted">(1; not open, in no figure)</span></h3>');
      expect(section).toContain(
        '<td>Time entry #102 overlaps #104</td><td class="number">0.50</td><td class="number">1,500.00</td><td>jsmith</td><td>2026-11-16 14:02 UTC</td><td>Agreed with &lt;b&gt;Acme&lt;/b&gt; &amp; &quot;Tom&quot;</td>',
      );
      expect(page).not.toContain('<b>Acme</b>');
    });

    it("are not among the company's open exceptions nor in its revenue at risk", () => {
      const openPart = acme.slice(0, acme.indexOf('<h3 class="waived">'));
      expect(openPart).toContain('<div>Revenue at risk 75.00</div>');
      expect(openPart).toContain('<h3>time.overlap <span class="muted">(1)</span></h3>');
      expect(openPart).toContain('Time entry #101 overlaps #103');
      expect(openPart).not.toContain('Time entry #102 overlaps #104');
    });

    it('are counted apart in the header, out of the revenue at risk', () => {
      const header = page.slice(page.indexOf('<header>'), page.indexOf('</header>'));
      expect(header).toContain('<dt>Open exceptions</dt><dd>1 (1 error, 0 warning, 0 info)</dd>');
      expect(header).toContain('<dt>Waived</dt><dd>1 ');
      expect(header).toContain('<dt>Revenue at risk</dt><dd>75.00</dd>');
    });

    it('leave a company whose exceptions are all waived with no open exception', () => {
      const allWaived = renderHtmlPreview(report([waived]));
      const section = allWaived.slice(allWaived.indexOf('<h2>Acme Corp'), allWaived.indexOf('<h2>Globex'));
      expect(section).toContain('<p class="muted">No open exceptions.</p>');
      expect(section).not.toContain('Revenue at risk');
      expect(section).toContain('Time entry #102 overlaps #104');
    });

    it('name the configuration when an admin waived them there, and list internal ones apart from the open internal exceptions', () => {
      const standing = internalException(3, { message: 'jsmith is short on 2026-10-03', waiver: { by: 'config', at: null, reason: 'part-time', source: 'config' } });
      const internal = renderHtmlPreview(report([standing, internalException(4, { message: 'jsmith is short on 2026-10-04' })]));
      const section = internal.slice(internal.indexOf('<h2>Internal exceptions'));
      expect(section).toContain('<h2>Internal exceptions <span class="muted">(1)</span></h2>');
      const [openPart, waivedPart] = section.split('<h3 class="waived">');
      expect(openPart).toContain('jsmith is short on 2026-10-04');
      expect(openPart).not.toContain('2026-10-03');
      expect(waivedPart).toContain('<td>jsmith is short on 2026-10-03</td><td class="number">0.50</td><td class="number"></td><td>the configuration</td><td></td><td>part-time</td>');
    });
  });
});
