import { describe, expect, it } from 'vitest';
import { toDecimal } from '../../src/money.js';
import { renderSummary } from '../../src/report/summary.js';
import type { Waiver } from '../../src/report/schema.js';
import { exception, report } from '../tickets/fixtures.js';

const ON_TICKET: Waiver = { by: 'finance', at: '2026-11-16T14:02:00.000Z', reason: 'overlap agreed with the client', source: 'ticket' };
const IN_CONFIG: Waiver = { by: 'config', at: null, reason: 'two sites', source: 'config' };

const open = exception(1, { amount: '75.00', message: 'Time entry #101 overlaps' });
const waivedOnTicket = exception(2, { amount: '500.00', message: 'Time entry #102 overlaps', waiver: ON_TICKET });
const waivedInConfig = exception(3, { rule: 'agreement.ambiguous', severity: 'warning', amount: '900.00', message: 'Acme Corp has two agreements', waiver: IN_CONFIG });

describe('the terminal summary', () => {
  it('prints how many exceptions were waived, and where', () => {
    const summary = renderSummary(report([open, waivedOnTicket, waivedInConfig]), null);

    expect(summary).toContain('Waived: 2 (1 on a ticket, 1 in the configuration; not open, in no figure)');
    expect(renderSummary(report([open, waivedOnTicket]), null)).toContain('Waived: 1 (1 on a ticket; not open, in no figure)');
    expect(renderSummary(report([open]), null)).not.toContain('Waived');
  });

  it('leaves waived exceptions out of the rule table, the revenue at risk and the top exceptions', () => {
    const summary = renderSummary(report([open, waivedOnTicket, waivedInConfig]), null);

    expect(summary).toMatch(/time\.overlap\s+1\s+0\s+0\s+75\.00/);
    expect(summary).not.toContain('agreement.ambiguous');
    expect(summary).toMatch(/total\s+1\s+0\s+0\s+75\.00/);
    expect(summary).toContain('Revenue at risk: 75.00');
    expect(summary).toContain('Time entry #101 overlaps');
    expect(summary).not.toContain('Time entry #102 overlaps');
  });

  it('says nothing is open when every exception was waived', () => {
    const summary = renderSummary(report([waivedOnTicket]), null);

    expect(summary).toContain('No open exceptions: nothing stands in the way of invoicing.');
    expect(summary).toContain('Waived: 1 (1 on a ticket; not open, in no figure)');
    expect(summary).not.toContain('Top exceptions');
  });
});

describe('the terminal summary of values from ConnectWise', () => {
  it('folds line breaks and control characters in company names and messages onto one line', () => {
    const name = 'Acme\nCorp\u001b[31m';
    const summary = renderSummary(
      report([exception(1, { amount: '75.00', message: 'Time entry #101\r\nfor Acme\nCorp overlaps' })], {
        companies: [{ id: 19, identifier: 'ACME', name, projectedTotal: '9000.00', previousTotal: null }],
      }),
      toDecimal('5000.00'),
    );
    expect(summary).toContain('Acme Corp [31m (ACME)');
    expect(summary).toContain('Time entry #101 for Acme Corp overlaps');
    expect(summary.split('\n').filter((line) => /\p{Cc}/u.test(line))).toEqual([]);
  });
});
