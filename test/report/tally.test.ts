import { describe, expect, it } from 'vitest';
import { formatAmount } from '../../src/money.js';
import { revenueAtRisk, tallyOf, totalsOf } from '../../src/report/tally.js';
import { ACME, GLOBEX, exception, report } from '../tickets/fixtures.js';

const figures = (run: ReturnType<typeof report>) => {
  const tally = tallyOf(run);
  return { revenueAtRisk: formatAmount(tally.revenueAtRisk), toReview: formatAmount(tally.toReview.total) };
};

/** One overlap of two entries billed to two companies: the rule reports it on each company's ticket. */
const pair = [
  exception(1, { records: [{ type: 'timeEntry', id: 101 }, { type: 'timeEntry', id: 202 }], amount: '60.00' }),
  exception(2, { company: GLOBEX, records: [{ type: 'timeEntry', id: 202 }, { type: 'timeEntry', id: 101 }], amount: '60.00' }),
];

describe('the tally of a run', () => {
  it('adds the amounts of warnings and errors to revenue at risk', () => {
    const run = report([exception(1, { amount: '100.10' }), exception(2, { severity: 'warning', amount: '20.05' }), exception(3, { amount: null })]);

    expect(figures(run)).toEqual({ revenueAtRisk: '120.15', toReview: '0.00' });
  });

  it.each(['invoice.high-value', 'invoice.jump', 'expense.large'])('lists %s as to review, never in revenue at risk', (rule) => {
    const flag = exception(2, { rule, severity: 'warning', member: null, records: [], amount: '6120.00' });
    const run = report([exception(1), flag]);

    expect(figures(run)).toEqual({ revenueAtRisk: '75.00', toReview: '6120.00' });
    expect(tallyOf(run).toReview.exceptions).toEqual([flag]);
    expect(tallyOf(run).rules.find((count) => count.rule === rule)!.atRisk).toBeNull();
  });

  it('counts info exceptions by severity but in no figure', () => {
    const run = report([
      exception(1, { severity: 'info', amount: '40.00' }),
      exception(2, { rule: 'invoice.high-value', severity: 'info', amount: '5000.00' }),
    ]);

    expect(figures(run)).toEqual({ revenueAtRisk: '0.00', toReview: '0.00' });
    expect(tallyOf(run).severities).toEqual({ error: 0, warning: 0, info: 2 });
    expect(tallyOf(run).toReview.exceptions).toEqual([]);
  });

  it('counts a pair reported for two companies once tenant-wide, and once in each company’s figure', () => {
    const run = report([...pair, exception(3, { amount: '10.00' })]);

    expect(figures(run).revenueAtRisk).toBe('70.00');
    expect(tallyOf(run).severities.error).toBe(3);
    expect(formatAmount(revenueAtRisk(pair.filter((item) => item.company?.id === ACME.id)))).toBe('60.00');
    expect(formatAmount(revenueAtRisk(pair.filter((item) => item.company?.id === GLOBEX.id)))).toBe('60.00');
  });

  it('adds up to revenue at risk rule by rule', () => {
    const run = report([...pair, exception(3, { rule: 'time.no-agreement', severity: 'warning', amount: '12.50' })]);
    const atRisk = tallyOf(run).rules.map((count) => [count.rule, count.atRisk && formatAmount(count.atRisk)]);

    expect(atRisk).toEqual([
      ['time.no-agreement', '12.50'],
      ['time.overlap', '60.00'],
    ]);
    expect(figures(run).revenueAtRisk).toBe('72.50');
  });

  it('counts waived exceptions apart, in no figure', () => {
    const waived = exception(2, { amount: '500.00', waiver: { by: 'finance', at: '2026-11-16T09:00:00.000Z', reason: 'agreed with the client', source: 'ticket' } });
    const run = report([exception(1), waived]);

    expect(figures(run).revenueAtRisk).toBe('75.00');
    expect(totalsOf(tallyOf(run))).toEqual({ revenueAtRisk: '75.00', toReview: '0.00', exceptions: { error: 1, warning: 0, info: 0 }, waived: 1 });
  });

  it('leaves waived exceptions out of the counts by rule and the total to review', () => {
    const waiver = { by: 'config', at: null, reason: 'standing', source: 'config' as const };
    const run = report([
      exception(1),
      exception(2, { rule: 'agreement.ambiguous', severity: 'warning', waiver }),
      exception(3, { rule: 'invoice.high-value', severity: 'warning', amount: '6120.00', waiver }),
    ]);

    expect(tallyOf(run).rules.map((count) => count.rule)).toEqual(['time.overlap']);
    expect(tallyOf(run).toReview.exceptions).toEqual([]);
    expect(figures(run)).toEqual({ revenueAtRisk: '75.00', toReview: '0.00' });
    expect(tallyOf(run).waived).toBe(2);
  });

  it('counts ticket actions in the order the run names them', () => {
    const run = report([], {
      tickets: [
        { company: ACME.id, ticketId: 5012, action: 'created' },
        { company: GLOBEX.id, ticketId: 5013, action: 'noted' },
        { company: 'internal', ticketId: 5014, action: 'created' },
      ],
    });

    expect(tallyOf(run).ticketActions).toEqual([
      { action: 'created', count: 2 },
      { action: 'noted', count: 1 },
    ]);
  });
});
