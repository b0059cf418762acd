import { describe, expect, it } from 'vitest';
import { renderHtmlPreview } from '../../src/report/html.js';
import { ACME, GLOBEX, exception, internalException, report } from '../tickets/fixtures.js';
import { NEW_YORK, between, cwLink } from './html-page.js';

const JOHN = { id: 7, identifier: 'jsmith', name: 'John Smith', notReminded: null };

describe('the HTML preview, read by people who open ConnectWise', () => {
  it("links each company's exception ticket beside its name", () => {
    const page = renderHtmlPreview(
      report([exception(1), exception(2, { company: GLOBEX })], {
        display: NEW_YORK,
        tickets: [
          { company: ACME.id, ticketId: 5012, action: 'created' },
          { company: GLOBEX.id, ticketId: 5013, action: 'noted' },
          { company: 'internal', ticketId: 5014, action: 'noted' },
        ],
      }),
    );
    const heading = between(page, '<section class="company">', '</h2>');
    expect(heading).toContain(`<a ${cwLink('CompanyFV', ACME.id)}>Acme Corp</a>`);
    expect(heading).toContain(`<span class="ticket"><a ${cwLink('ServiceFV', 5012)}>Ticket #5012</a></span>`);
    expect(between(page, '>Acme Corp</a>', '</section>')).not.toContain('Ticket #5013');
    expect(between(page, `${cwLink('CompanyFV', GLOBEX.id)}>Globex</a>`, '</h2>')).toContain(cwLink('ServiceFV', 5013));
  });

  it('links every record: an addition to its agreement, an invoice to its company, a member to nothing', () => {
    const page = renderHtmlPreview(
      report(
        [
          exception(1),
          exception(2, { rule: 'addition.unbilled', records: [{ type: 'addition', id: 301 }, { type: 'agreement', id: 88 }], member: null }),
          exception(3, { rule: 'invoice.high-value', severity: 'warning', records: [{ type: 'invoice', id: 9001 }], member: null }),
          internalException(4),
        ],
        { display: NEW_YORK },
      ),
    );
    const records = (text: string) => between(page, text, '</tr>');
    expect(records('Time entry #101')).toContain(`<a ${cwLink('TimeEntryFV', 101)}>time entry #101</a>`);
    expect(records('Time entry #102')).toContain(`<a ${cwLink('AgreementFV', 88)}>addition #301</a>`);
    expect(records('Time entry #102')).toContain(`<a ${cwLink('AgreementFV', 88)}>agreement #88</a>`);
    expect(records('Time entry #103')).toContain(`<a ${cwLink('CompanyFV', ACME.id)}>invoice #9001</a>`);
    expect(records('Member #7 (jsmith)')).toContain('<td class="records"></td>');
  });

  it('names members by first and last name with their identifier, or by identifier when ConnectWise has no name', () => {
    const named = renderHtmlPreview(report([exception(1), internalException(2)], { members: [JOHN] }));
    expect(between(named, '<section class="company">', '</section>')).toContain('<td>John Smith (jsmith)</td>');
    expect(between(named, '<h2>Internal exceptions')).toContain('<h3>John Smith (jsmith) <span class="muted">(1)</span></h3>');
    const unnamed = renderHtmlPreview(report([exception(1)], { members: [{ ...JOHN, name: null }] }));
    expect(between(unnamed, '<section class="company">', '</section>')).toContain('<td>jsmith</td>');
  });

  it("shows times in the tenant's timezone", () => {
    const waiver = { by: 'jsmith', at: '2026-07-16T14:02:00.000Z', reason: 'agreed', source: 'ticket' as const };
    const page = renderHtmlPreview(report([exception(1, { waiver })], { display: NEW_YORK }));
    expect(between(page, '<header>', '</header>')).toContain('2026-11-15 06:00 EST to 2026-11-15 06:00 EST');
    expect(between(page, '<section class="waived part">')).toContain('<td>2026-07-16 10:02 EDT</td>');
    const utc = renderHtmlPreview(report([], { display: { ...NEW_YORK, timezone: 'UTC' } }));
    expect(between(utc, '<header>', '</header>')).toContain('2026-11-15 11:00 UTC');
  });

  it("shows every amount in the tenant's currency", () => {
    const exceptions = [exception(1, { amount: '1500.00' }), exception(2, { rule: 'invoice.high-value', severity: 'warning', amount: '7079.55' })];
    const euros = renderHtmlPreview(report(exceptions, { display: { ...NEW_YORK, currency: 'EUR' } }));
    expect(between(euros, '<header>', '</header>')).toContain('Revenue at risk €1,500.00');
    expect(between(euros, '<header>', '</header>')).toContain('<dt>To review</dt><dd>€7,079.55 ');
    expect(between(euros, '<section class="company">', '</section>')).toContain('<td class="number">€1,500.00</td>');
    expect(between(euros, '<section class="quiet part">')).toContain('<td class="number">€900.00</td>');
    expect(euros).not.toContain('$');
  });
});
