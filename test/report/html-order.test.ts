import { describe, expect, it } from 'vitest';
import { renderHtmlPreview } from '../../src/report/html.js';
import type { Report, ReportException } from '../../src/report/schema.js';
import { ACME, GLOBEX, exception, internalException, report } from '../tickets/fixtures.js';
import { NEW_YORK, between, companyHeadings, quietRows } from './html-page.js';

const INITECH = { id: 21, identifier: 'INITECH', name: 'Initech' };
const companies: Report['companies'] = [
  { ...ACME, projectedTotal: '6120.00', previousTotal: '4890.00' },
  { ...GLOBEX, projectedTotal: '900.00', previousTotal: null },
  { ...INITECH, projectedTotal: '300.00', previousTotal: '300.00' },
];
const names = (page: string) => companyHeadings(page).map((heading) => heading.replace(/ \(.*$/, ''));

describe('the HTML preview, in the order people act on it', () => {
  it('opens with the revenue at risk, then the companies, the most at risk first, then the most errors', () => {
    const page = renderHtmlPreview(
      report(
        [
          exception(1, { amount: '75.00' }),
          exception(2, { company: GLOBEX, amount: '900.00', severity: 'warning' }),
          exception(3, { company: INITECH, amount: '75.00', severity: 'warning' }),
        ],
        { companies },
      ),
    );
    expect(page.indexOf('<p class="at-risk">Revenue at risk $1,050.00')).toBeGreaterThan(-1);
    expect(page.indexOf('<p class="at-risk">')).toBeLessThan(page.indexOf('<section'));
    // Acme and Initech each have 75.00 at risk; Acme's is an error
    expect(names(page)).toEqual(['Globex', 'Acme Corp', 'Initech']);
  });

  it('lists what to review apart, by rule with its total, and leaves it out of the companies to fix', () => {
    const review = (n: number, fields: Partial<ReportException>) => exception(n, { severity: 'warning', member: null, ...fields });
    const page = renderHtmlPreview(
      report(
        [
          exception(1),
          review(2, { rule: 'invoice.high-value', company: GLOBEX, amount: '7079.55' }),
          review(3, { rule: 'invoice.jump', amount: '1230.00' }),
          review(4, { rule: 'invoice.jump', company: INITECH, amount: '19305.00' }),
        ],
        { companies },
      ),
    );
    expect(names(page)).toEqual(['Acme Corp']);
    expect(between(page, '<section class="company">', '</section>')).not.toContain('invoice.');
    const toReview = between(page, '<section class="review part">', '</section>');
    expect(toReview).toContain('<h2>To review <span class="muted">(3; $27,614.55, not in revenue at risk)</span></h2>');
    expect(toReview).toContain('<h3>invoice.high-value <span class="muted">(1; $7,079.55)</span></h3>');
    expect(toReview).toContain('<h3>invoice.jump <span class="muted">(2; $20,535.00)</span></h3>');
    // the largest first
    expect(toReview.indexOf('$19,305.00')).toBeLessThan(toReview.indexOf('$1,230.00'));
    expect(page.indexOf('<section class="review part">')).toBeGreaterThan(page.indexOf('<section class="internal part">'));
  });

  it('collapses the companies with nothing to fix into one table at the end: name, projected, previous', () => {
    const page = renderHtmlPreview(report([exception(1)], { companies }));
    expect(page).not.toContain('No exceptions.');
    expect(page.lastIndexOf('<section')).toBe(page.indexOf('<section class="quiet part">'));
    expect(between(page, '<section class="quiet part">')).toContain('<h2>Nothing to fix <span class="muted">(2 companies)</span></h2>');
    expect(quietRows(page)).toEqual([
      ['Globex', '$900.00', ''],
      ['Initech', '$300.00', '$300.00'],
    ]);
  });

  it('renders 600 companies as a section for each to fix and one row for each of the rest', () => {
    const many: Report['companies'] = Array.from({ length: 600 }, (_, index) => ({
      id: 1000 + index,
      identifier: `C${index}`,
      name: `Client ${String(index).padStart(3, '0')}`,
      projectedTotal: '1000.00',
      previousTotal: index % 2 === 0 ? '950.00' : null,
    }));
    // every third company has an exception, its amount growing with its index
    const exceptions = many
      .filter((_, index) => index % 3 === 0)
      .map(({ id, identifier, name }, n) => exception(n + 1, { company: { id, identifier, name }, amount: `${n + 1}.00` }));
    const page = renderHtmlPreview(report(exceptions, { companies: many, display: NEW_YORK }));
    const headings = names(page);
    expect(headings).toHaveLength(200);
    expect(headings.slice(0, 2)).toEqual(['Client 597', 'Client 594']);
    expect(headings.at(-1)).toBe('Client 000');
    const rows = quietRows(page);
    expect(rows).toHaveLength(400);
    expect(rows[0]).toEqual(['Client 001', '$1,000.00', '']);
    expect(page.match(/<section class="quiet part">/g)).toHaveLength(1);
  });
});

describe('waived exceptions in the HTML preview', () => {
  const open = exception(1, { amount: '75.00', message: 'Time entry #101 overlaps #103' });
  const waived = exception(2, {
    amount: '1500.00',
    message: 'Time entry #102 overlaps #104',
    waiver: { by: 'jsmith', at: '2026-11-16T14:02:00.000Z', reason: `Agreed with <b>Acme</b> & "Tom"`, source: 'ticket' },
  });
  const page = renderHtmlPreview(report([open, waived], { display: NEW_YORK }));

  it('are listed in a section of their own after what to fix, with who waived each, when and why, escaped', () => {
    const section = between(page, '<section class="waived part">', '</section>');
    expect(section).toContain('<h2>Waived <span class="muted">(1; not open, in no figure)</span></h2>');
    expect(section).toMatch(/>Acme Corp<\/a><\/td><td>time\.overlap<\/td><td>Time entry #102 overlaps #104<\/td>/);
    expect(section).toContain(
      '<td class="number">0.50</td><td class="number">$1,500.00</td><td>jsmith</td><td>2026-11-16 09:02 EST</td><td>Agreed with &lt;b&gt;Acme&lt;/b&gt; &amp; &quot;Tom&quot;</td>',
    );
    expect(page).not.toContain('<b>Acme</b>');
    expect(page.indexOf('<section class="waived part">')).toBeGreaterThan(page.indexOf('<section class="company">'));
  });

  it("are not among the company's open exceptions nor in its revenue at risk", () => {
    const acme = between(page, '<section class="company">', '</section>');
    expect(acme).toContain('<div>Revenue at risk $75.00</div>');
    expect(acme).toContain('<h3>time.overlap <span class="muted">(1)</span></h3>');
    expect(acme).toContain('Time entry #101 overlaps #103');
    expect(acme).not.toContain('Time entry #102 overlaps #104');
  });

  it('are counted apart in the header, out of the revenue at risk', () => {
    const header = between(page, '<header>', '</header>');
    expect(header).toContain('<dt>Open exceptions</dt><dd>1 (1 error, 0 warning, 0 info)</dd>');
    expect(header).toContain('<dt>Waived</dt><dd>1 ');
    expect(header).toContain('Revenue at risk $75.00');
  });

  it('leave a company whose exceptions are all waived among those with nothing to fix', () => {
    const allWaived = renderHtmlPreview(report([waived]));
    expect(allWaived).not.toContain('<section class="company">');
    expect(quietRows(allWaived).map(([name]) => name)).toEqual(['Acme Corp', 'Globex']);
    expect(between(allWaived, '<section class="waived part">')).toContain('Time entry #102 overlaps #104');
  });

  it('name the configuration when an admin waived them there, and list internal ones apart from the open internal exceptions', () => {
    const standing = internalException(3, { message: 'jsmith is short on 2026-10-03', waiver: { by: 'config', at: null, reason: 'part-time', source: 'config' } });
    const internal = renderHtmlPreview(report([standing, internalException(4, { message: 'jsmith is short on 2026-10-04' })]));
    const openPart = between(internal, '<h2>Internal exceptions', '</section>');
    expect(openPart).toContain('<h2>Internal exceptions <span class="muted">(1)</span></h2>');
    expect(openPart).toContain('jsmith is short on 2026-10-04');
    expect(openPart).not.toContain('2026-10-03');
    expect(between(internal, '<section class="waived part">')).toContain(
      '<td>Internal</td><td>time.missing</td><td>jsmith is short on 2026-10-03</td><td class="records"></td><td class="number">0.50</td><td class="number"></td><td>the configuration</td><td></td><td>part-time</td>',
    );
  });
});
