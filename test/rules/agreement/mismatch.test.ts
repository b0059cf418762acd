import { describe, expect, it } from 'vitest';
import { agreementMismatch } from '../../../src/rules/agreement/mismatch.js';
import { ACME, GLOBEX, agreement, expense, runRule, snapshot, timeEntry } from '../fixtures.js';

type Parts = Parameters<typeof snapshot>[0];

const onAgreement = (fields: Record<string, unknown> = {}) => timeEntry({ agreement: { id: 88 }, ...fields });
const expenseOnAgreement = (fields: Record<string, unknown> = {}) => expense({ agreement: { id: 88 }, ...fields });

describe('agreement.mismatch', () => {
  it('reports the example of rules.md word for word', () => {
    const findings = runRule(
      agreementMismatch,
      snapshot({
        agreements: [agreement({ name: 'Managed Services — Globex', company: GLOBEX })],
        timeEntries: [onAgreement({ id: 5531, timeStart: '2026-10-14T14:00:00Z', timeEnd: '2026-10-14T16:00:00Z' })],
      }),
    );
    expect(findings.map((finding) => finding.message)).toEqual([
      'Time entry #5531 (jsmith, 2026-10-14, 2.00 h) is on agreement #88 "Managed Services — Globex", which belongs to Globex, not Acme Corp.',
    ]);
  });

  const fires: [string, Parts, string, string, string][] = [
    ['an entry on a cancelled agreement', { agreements: [agreement({ cancelledFlag: true })], timeEntries: [onAgreement()] }, 'is cancelled', '2026-10-05', '2.00'],
    ['an entry on an agreement that is not Active', { agreements: [agreement({ agreementStatus: 'Expired' })], timeEntries: [onAgreement()] }, 'has status Expired, not Active', '2026-10-05', '2.00'],
    [
      'an entry after the agreement ended mid-period',
      { agreements: [agreement({ endDate: '2026-10-15T00:00:00Z', noEndingDateFlag: false })], timeEntries: [onAgreement({ timeStart: '2026-10-20T14:00:00Z', timeEnd: '2026-10-20T16:00:00Z' })] },
      'ended on 2026-10-15',
      '2026-10-20',
      '2.00',
    ],
    [
      'an entry at 23:30 on 31 October in Chicago, after an agreement that ended on the 30th',
      { agreements: [agreement({ endDate: '2026-10-30T00:00:00Z', noEndingDateFlag: false })], timeEntries: [onAgreement({ timeStart: '2026-11-01T04:30:00Z', timeEnd: '2026-11-01T05:00:00Z' })] },
      'ended on 2026-10-30',
      '2026-10-31',
      '0.50',
    ],
    ['an entry before the agreement starts', { agreements: [agreement({ startDate: '2026-10-10T00:00:00Z' })], timeEntries: [onAgreement()] }, 'only starts on 2026-10-10', '2026-10-05', '2.00'],
    ['an entry on an agreement ConnectWise did not return', { timeEntries: [onAgreement()] }, 'is not among the agreements ConnectWise returned', '2026-10-05', '2.00'],
  ];

  it.each(fires)('fires for %s', (_name, parts, reason, date, hours) => {
    const [finding, ...others] = runRule(agreementMismatch, snapshot(parts));
    expect(others).toEqual([]);
    expect(finding?.records).toEqual([
      { type: 'timeEntry', id: 101 },
      { type: 'agreement', id: 88 },
    ]);
    expect(finding?.company).toEqual(ACME);
    expect(finding?.date).toBe(date);
    expect(finding?.hours?.toFixed(2)).toBe(hours);
    expect(finding?.amount).toBeNull();
    expect(finding?.message).toContain('#101');
    expect(finding?.message).toContain('#88');
    expect(finding?.message).toContain(reason);
  });

  it('names every reason that applies in one finding', () => {
    const findings = runRule(
      agreementMismatch,
      snapshot({ agreements: [agreement({ company: GLOBEX, cancelledFlag: true })], timeEntries: [onAgreement()] }),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain('which belongs to Globex, not Acme Corp and is cancelled.');
  });

  it.each([
    ['on another company’s agreement', { company: GLOBEX, name: 'Managed Services — Globex' }, 'belongs to Globex'],
    ['on an agreement that ended before its date', { endDate: '2026-10-06T00:00:00Z', noEndingDateFlag: false }, 'ended on 2026-10-06'],
  ])('fires for an expense %s, with its amount', (_name, fields, reason) => {
    const findings = runRule(agreementMismatch, snapshot({ agreements: [agreement(fields)], expenses: [expenseOnAgreement()] }));
    expect(findings.map((finding) => finding.records)).toEqual([
      [
        { type: 'expense', id: 401 },
        { type: 'agreement', id: 88 },
      ],
    ]);
    expect(findings[0]?.amount?.toFixed(2)).toBe('42.50');
    expect(findings[0]?.date).toBe('2026-10-07');
    expect(findings[0]?.message).toMatch(/^Expense #401 \(jsmith, 2026-10-07, Mileage, 42\.50\) is on agreement #88/);
    expect(findings[0]?.message).toContain(reason);
  });

  const quiet: [string, Parts][] = [
    ['an entry on its own company’s live agreement', { agreements: [agreement()], timeEntries: [onAgreement()] }],
    ['an entry without an agreement', { agreements: [agreement({ cancelledFlag: true })], timeEntries: [timeEntry()] }],
    [
      'an entry at 23:30 in Chicago on the agreement’s last day (the end date is inclusive)',
      { agreements: [agreement({ endDate: '2026-10-15T00:00:00Z', noEndingDateFlag: false })], timeEntries: [onAgreement({ timeStart: '2026-10-16T04:30:00Z', timeEnd: '2026-10-16T05:00:00Z' })] },
    ],
    ['an entry on the agreement’s first day', { agreements: [agreement({ startDate: '2026-10-05T00:00:00Z' })], timeEntries: [onAgreement()] }],
    [
      'an entry after an end date the agreement ignores (noEndingDateFlag)',
      { agreements: [agreement({ endDate: '2026-10-01T00:00:00Z', noEndingDateFlag: true })], timeEntries: [onAgreement()] },
    ],
    [
      'an entry at 23:30 on 30 September in Chicago, before the period',
      { agreements: [agreement({ cancelledFlag: true })], timeEntries: [onAgreement({ timeStart: '2026-10-01T04:30:00Z', timeEnd: '2026-10-01T05:00:00Z' })] },
    ],
    [
      'an entry at 00:30 on 1 November in Chicago, the night the clocks go back',
      { agreements: [agreement({ cancelledFlag: true })], timeEntries: [onAgreement({ timeStart: '2026-11-01T05:30:00Z', timeEnd: '2026-11-01T06:00:00Z' })] },
    ],
    ['an expense dated before the period', { agreements: [agreement({ cancelledFlag: true })], expenses: [expenseOnAgreement({ date: '2026-09-30T00:00:00Z' })] }],
    ['an expense on its own company’s live agreement', { agreements: [agreement()], expenses: [expenseOnAgreement()] }],
  ];

  it.each(quiet)('stays quiet for %s', (_name, parts) => {
    expect(runRule(agreementMismatch, snapshot(parts))).toEqual([]);
  });

  it('orders findings by company, then by record', () => {
    const findings = runRule(
      agreementMismatch,
      snapshot({
        timeEntries: [onAgreement({ id: 103, company: GLOBEX }), onAgreement({ id: 102 }), onAgreement({ id: 101 })],
        expenses: [expenseOnAgreement({ id: 7 })],
      }),
    );
    expect(findings.map((finding) => `${finding.company?.id}:${finding.records[0]?.type}#${finding.records[0]?.id}`)).toEqual([
      '19:expense#7',
      '19:timeEntry#101',
      '19:timeEntry#102',
      '20:timeEntry#103',
    ]);
  });
});
