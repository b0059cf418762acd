import { describe, expect, it } from 'vitest';
import { reportSchema } from '../../src/report/schema.js';
import { ACME, addition, agreement, invoice, member, snapshot, timeEntry } from '../rules/fixtures.js';
import { reportOf } from './report-of.js';

const TWO_DECIMALS = /^-?\d+\.\d{2}$/;

/**
 * Acme's month: a managed agreement with one addition, two overlapping billable entries on no
 * agreement (14:00–16:00 and 15:40–16:30 on 5 October), and last period's invoice.
 */
function acmeMonth(entryFields: Record<string, unknown> = {}) {
  return snapshot({
    agreements: [agreement({}, { additions: [addition()] })],
    timeEntries: [
      timeEntry({ id: 101, ...entryFields }),
      timeEntry({ id: 102, timeStart: '2026-10-05T15:40:00Z', timeEnd: '2026-10-05T16:30:00Z', ...entryFields }),
    ],
    invoices: [invoice()],
  });
}

describe('the run report', () => {
  it('is valid JSON for the public report schema', () => {
    const report = reportOf(acmeMonth());
    expect(report.exceptions.map((exception) => exception.rule).sort()).toEqual([
      'invoice.jump',
      'time.no-agreement',
      'time.no-agreement',
      'time.overlap',
    ]);
    const parsed = reportSchema.safeParse(JSON.parse(JSON.stringify(report)));
    expect(parsed.success, parsed.error?.message).toBe(true);
  });

  it('writes money and hours as strings with exactly two decimals, rounded half-up', () => {
    const report = reportOf(acmeMonth());
    const overlap = report.exceptions.find((exception) => exception.rule === 'time.overlap')!;
    // 20 minutes are 0.333… h; at 150.00 an hour they bill 50.00
    expect([overlap.hours, overlap.amount]).toEqual(['0.33', '50.00']);
    // 2,500.00 agreement + 220.00 addition + 300.00 and 125.00 of time
    expect(report.companies).toEqual([
      { id: ACME.id, identifier: ACME.identifier, name: ACME.name, projectedTotal: '3145.00', previousTotal: '4890.00' },
    ]);
    for (const exception of report.exceptions) {
      for (const value of [exception.hours, exception.amount]) if (value !== null) expect(value).toMatch(TWO_DECIMALS);
    }
  });

  it('gives a finding the same exception id on every run of the same snapshot', () => {
    const ids = () => reportOf(acmeMonth()).exceptions.map((exception) => exception.id);
    expect(ids()).toEqual(ids());
    expect(new Set(ids()).size).toBe(4);
  });

  it('keeps exception ids when amounts and messages change but the records stay the same', () => {
    const before = reportOf(acmeMonth());
    const after = reportOf(acmeMonth({ hourlyRate: 175, notes: 'Rebuilt the switch stack' }));
    const amounts = (report: typeof before) => report.exceptions.map((exception) => exception.amount).sort();
    expect(amounts(after)).not.toEqual(amounts(before));
    const ids = (report: typeof before) => report.exceptions.map((exception) => exception.id).sort();
    expect(ids(after)).toEqual(ids(before));
  });

  it('gives different records different exception ids', () => {
    const original = reportOf(acmeMonth()).exceptions.find((exception) => exception.rule === 'time.overlap')!;
    const shot = acmeMonth();
    shot.timeEntries[1] = timeEntry({ id: 103, timeStart: '2026-10-05T15:40:00Z', timeEnd: '2026-10-05T16:30:00Z' });
    const moved = reportOf(shot).exceptions.find((exception) => exception.rule === 'time.overlap')!;
    expect(moved.id).not.toBe(original.id);
  });

  it('gives each unusable row of a counts file and each product counted without an addition an exception of its own', () => {
    const shot = acmeMonth();
    shot.unusableCountRows.push(
      { file: 'counts/rmm.csv', line: 7, problem: 'the count "12.5" is not a whole number ≥ 0' },
      { file: 'counts/rmm.csv', line: 8, problem: 'the company is empty' },
      { file: 'counts/rmm.csv', line: null, problem: 'the header has no item column' },
    );
    shot.deployedCounts.push(
      { company: ACME, product: 'MANAGED-WS', count: 12, source: 'counts/rmm.csv' },
      { company: ACME, product: 'BACKUP', count: 3, source: 'counts/rmm.csv' },
    );
    const ids = (rule: string) => reportOf(shot).exceptions.filter((exception) => exception.rule === rule).map((exception) => exception.id);
    expect(new Set(ids('data.invalid')).size).toBe(3);
    expect(new Set(ids('addition.count-drift')).size).toBe(2);
    expect(ids('data.invalid')).toEqual(ids('data.invalid'));
  });

  it('reports a malformed record as a data.invalid exception and still validates the rest', () => {
    const shot = acmeMonth();
    shot.invalid.push(
      { type: 'timeEntry', id: 555, company: ACME, problems: ['timeStart is missing'] },
      { type: 'member', id: null, company: null, problems: ['identifier is empty'] },
    );
    const report = reportOf(shot);
    const invalid = report.exceptions
      .filter((exception) => exception.rule === 'data.invalid')
      .sort((left, right) => left.scope.localeCompare(right.scope));
    expect(invalid.map(({ scope, company, records }) => ({ scope, company: company?.id ?? null, records }))).toEqual([
      { scope: 'company', company: ACME.id, records: [{ type: 'timeEntry', id: 555 }] },
      { scope: 'internal', company: null, records: [] },
    ]);
    expect(invalid[0]!.message).toContain('#555');
    expect(report.exceptions.filter((exception) => exception.rule === 'time.overlap')).toHaveLength(1);
    expect(reportSchema.safeParse(JSON.parse(JSON.stringify(report))).success).toBe(true);
  });

  it('totals revenue at risk without the review flags, which are to review', () => {
    // the overlap (50.00) and the two entries on no agreement (300.00 and 125.00); the jump is to review
    expect(reportOf(acmeMonth()).totals).toEqual({
      revenueAtRisk: '475.00',
      toReview: '1745.00',
      exceptions: { error: 1, warning: 3, info: 0 },
      waived: 0,
    });
    expect(reportOf(acmeMonth()).exceptions.every((exception) => exception.waiver === null)).toBe(true);
  });

  it('names each member an exception names, and why no technician reminder reaches them', () => {
    const shot = acmeMonth();
    shot.members.push(member(), member({ id: 8, identifier: 'adoe', firstName: 'Ann', lastName: 'Doe', inactiveFlag: true }));
    shot.timeEntries.push(timeEntry({ id: 103, member: { id: 8, identifier: 'adoe' }, status: 'Open', timeStart: '2026-10-06T14:00:00Z', timeEnd: '2026-10-06T15:00:00Z' }));

    expect(reportOf(shot).members).toEqual([
      { id: 8, identifier: 'adoe', name: 'Ann Doe', notReminded: 'inactive' },
      { id: 7, identifier: 'jsmith', name: 'John Smith', notReminded: null },
    ]);
  });
});
