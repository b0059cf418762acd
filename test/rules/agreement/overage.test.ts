import { describe, expect, it } from 'vitest';
import { agreementOverage } from '../../../src/rules/agreement/overage.js';
import { ACME, agreement, runRule, snapshot, timeEntry } from '../fixtures.js';

/** Agreement #88: 10 hours included per calendar month, overruns allowed unless a case says otherwise. */
const blockOfHours = (fields: Record<string, unknown> = {}) =>
  agreement({ applicationUnits: 'Hours', applicationLimit: 10, applicationCycle: 'CalendarMonth', allowOverruns: true, ...fields });

let nextId = 1;
const hoursOn = (actualHours: number | string, fields: Record<string, unknown> = {}) =>
  timeEntry({ id: nextId++, agreement: { id: 88 }, timeEnd: null, actualHours, overageRate: 175, ...fields });

function check(entries: ReturnType<typeof timeEntry>[], fields: Record<string, unknown> = {}, options = {}) {
  return runRule(agreementOverage, snapshot({ agreements: [blockOfHours(fields)], timeEntries: entries }), options);
}

describe('agreement.overage', () => {
  it('warns with the overage hours and amount when overruns are allowed', () => {
    const findings = check([hoursOn(6), hoursOn('4.5')]);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.severity).toBeUndefined();
    expect(finding?.records).toEqual([{ type: 'agreement', id: 88 }]);
    expect(finding?.company).toEqual(ACME);
    expect(finding?.hours?.toFixed(2)).toBe('0.50');
    expect(finding?.amount?.toFixed(2)).toBe('87.50');
    expect(finding?.message).toBe(
      'Agreement #88 "Managed Services — Acme" (Acme Corp) has 10.50 h applied in 2026-10 against 10.00 h included: 0.50 h over, worth 87.50 at overage rates; overruns are allowed and will be invoiced.',
    );
  });

  it('is an error when the agreement does not allow overruns', () => {
    const [finding] = check([hoursOn(11)], { allowOverruns: false });
    expect(finding?.severity).toBe('error');
    expect(finding?.hours?.toFixed(2)).toBe('1.00');
    expect(finding?.message).toContain('the agreement does not allow overruns');
  });

  it.each([
    ['exactly at the limit', [hoursOn(10)], {}, '10.00', '(100%)'],
    ['exactly at warnAtPercent (90%)', [hoursOn(9)], {}, '9.00', '(90%)'],
    ['at a custom warnAtPercent', [hoursOn(7.5)], { warnAtPercent: 75 }, '7.50', '(75%)'],
  ])('gives an info exception %s, with the applied hours', (_name, entries, options, hours, percent) => {
    const findings = check(entries, {}, options);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe('info');
    expect(findings[0]?.hours?.toFixed(2)).toBe(hours);
    expect(findings[0]?.amount).toBeNull();
    expect(findings[0]?.message).toContain(`#88`);
    expect(findings[0]?.message).toContain(percent);
  });

  it.each([
    ['just below warnAtPercent', [hoursOn('8.99')], {}, {}],
    ['below a custom warnAtPercent', [hoursOn(9)], {}, { warnAtPercent: 95 }],
    ['hours that do not apply (DoNotBill, NoCharge)', [hoursOn(8), hoursOn(5, { billableOption: 'DoNotBill' }), hoursOn(5, { billableOption: 'NoCharge' })], {}, {}],
    ['an agreement counted in Amount', [hoursOn(20)], { applicationUnits: 'Amount' }, {}],
    ['an unlimited agreement', [hoursOn(20)], { applicationUnlimitedFlag: true }, {}],
    ['an agreement without a limit', [hoursOn(20)], { applicationLimit: 0 }, {}],
    ['a yearly application cycle', [hoursOn(20)], { applicationCycle: 'CalendarYear' }, {}],
    ['hours at 23:30 on 30 September in Chicago, before the period', [hoursOn(8), hoursOn(5, { timeStart: '2026-10-01T04:30:00Z' })], {}, {}],
    ['hours at 00:30 on 1 November in Chicago, the night the clocks go back', [hoursOn(8), hoursOn(5, { timeStart: '2026-11-01T05:30:00Z' })], {}, {}],
  ])('stays quiet for %s', (_name, entries, fields, options) => {
    expect(check(entries, fields, options)).toEqual([]);
  });

  it('counts hours logged at 23:30 on 31 October in Chicago', () => {
    const [finding] = check([hoursOn(8), hoursOn(3, { timeStart: '2026-11-01T04:30:00Z' })]);
    expect(finding?.hours?.toFixed(2)).toBe('1.00');
  });

  it('rejects a warnAtPercent outside (0, 100]', () => {
    expect(() => agreementOverage.options.parse({ warnAtPercent: 120 })).toThrow();
    expect(agreementOverage.options.parse({})).toEqual({ warnAtPercent: 90 });
  });
});
