import { describe, expect, it } from 'vitest';
import { financeDigestMail } from '../../src/mail/templates.js';
import { planFinanceDigest } from '../../src/mail/digest.js';
import { renderHtmlPreview } from '../../src/report/html.js';
import { renderSummary } from '../../src/report/summary.js';
import { tallyOf } from '../../src/report/tally.js';
import { ticketTarget } from '../../src/tickets/target.js';
import { toDecimal } from '../../src/money.js';
import { ACME, GLOBEX, descriptionOf, exception, report } from '../tickets/fixtures.js';

const WAIVER = { by: 'jsmith', at: '2026-11-16T14:05:00Z', reason: 'agreed with the client', source: 'ticket' as const };
const overlapRecords = [
  { type: 'timeEntry' as const, id: 301 },
  { type: 'timeEntry' as const, id: 302 },
];

/** A high-value company, a jump, one overlap reported for two companies, a waived exception and an info notice. */
const run = report([
  exception(1, { rule: 'invoice.high-value', severity: 'warning', amount: '7079.55', records: [] }),
  exception(2, { rule: 'invoice.jump', severity: 'warning', amount: '6120.00', company: GLOBEX, records: [{ type: 'invoice', id: 900 }] }),
  exception(3, { rule: 'time.overlap', amount: '150.00', records: overlapRecords }),
  exception(4, { rule: 'time.overlap', amount: '150.00', records: overlapRecords, company: GLOBEX }),
  exception(5, { rule: 'agreement.out-of-scope', amount: '240.50' }),
  exception(6, { rule: 'expense.duplicate', amount: '999.99', waiver: WAIVER }),
  exception(7, { rule: 'agreement.overage', severity: 'info', amount: '45.00' }),
]);

describe('revenue at risk', () => {
  it('is one figure in the report totals, the terminal, the preview, the ticket header and the digest', () => {
    // the overlap counts once tenant-wide; review flags, the waived exception and the info notice are in no figure
    expect(run.totals.revenueAtRisk).toBe('390.50');
    expect(tallyOf(run).revenueAtRisk.toFixed(2)).toBe('390.50');
    expect(renderSummary(run, toDecimal('5000.00'))).toContain('Revenue at risk: 390.50');
    expect(renderHtmlPreview(run)).toMatch(/Revenue at risk \$390\.50/);
    const digest = financeDigestMail(planFinanceDigest(run, null, { recipients: ['finance@msp.example'], period: '2026-10', timezone: 'America/New_York', nextValidation: null }));
    expect(digest.text).toContain('$390.50 revenue at risk');
  });

  it('is each company’s own on its ticket: the overlap on both, the review flags on neither', () => {
    expect(descriptionOf(ticketTarget(run, ACME.id, null)!)).toContain('390.50 at stake');
    expect(descriptionOf(ticketTarget(run, GLOBEX.id, null)!)).toContain('150.00 at stake');
  });
});
