import { describe, expect, it } from 'vitest';
import { periodFromId } from '../../src/calendar.js';
import { pullSnapshot } from '../../src/connectwise/pull.js';
import { dataInvalid } from '../../src/rules/data/invalid.js';
import { pullNeedsOf, ruleContextFor } from '../../src/rules/engine.js';
import { ruleRegistry } from '../../src/rules/registry.js';
import { resolveRuleSettings } from '../../src/rules/settings.js';
import { makeClient, nockedConnectWise } from './helpers.js';

const acme = { id: 19, identifier: 'ACME', name: 'Acme Corp' };
const jsmith = { id: 7, identifier: 'jsmith' };
const info = { _info: { lastUpdated: '2026-10-31T12:00:00Z' } };

const entry = (id: number, fields: Record<string, unknown> = {}) => ({
  id,
  company: acme,
  member: jsmith,
  timeStart: '2026-10-05T14:00:00Z',
  timeEnd: '2026-10-05T16:00:00Z',
  billableOption: 'Billable',
  agreement: { id: 88, name: 'Managed Services' },
  ...info,
  ...fields,
});

const period = periodFromId('2026-10', 'America/Chicago');

describe('pull', () => {
  const { context, lists, serve } = nockedConnectWise();
  const conditionsOf = (path: string) => lists.requested[path]?.map((query) => query.conditions ?? '');

  /** Agreements of Acme with the given additions and time entries, and nothing else in ConnectWise. */
  function serveAgreements(agreementIds: readonly number[], { additions = [], timeEntries = [] }: { additions?: unknown[]; timeEntries?: unknown[] } = {}) {
    for (const path of ['/system/members', '/expense/entries', '/service/tickets', '/finance/invoices']) serve(path, () => []);
    serve('/time/entries', () => timeEntries);
    serve('/finance/agreements', () => agreementIds.map((id) => ({ id, name: `Agreement ${id}`, company: acme, agreementStatus: 'Active', ...info })));
    for (const id of agreementIds) {
      serve(`/finance/agreements/${id}/additions`, () => additions);
      serve(`/finance/agreements/${id}/workTypeExclusions`, () => [{ id: 1, workType: { id: 5, name: 'Project' }, agreementId: id }]);
      serve(`/finance/agreements/${id}/workRoleExclusions`, () => [{ id: 2, workRole: { id: 3, name: 'Architect' }, agreementId: id }]);
    }
  }
  const serveOneAgreement = (additions: unknown[]) => serveAgreements([88], { additions });
  const exclusionPaths = () => Object.keys(lists.requested).filter((path) => path.endsWith('Exclusions')).sort();

  it('builds a snapshot with the served counts and keeps a record without timeStart as invalid', async () => {
    serve('/system/members', () => [
      { id: 7, identifier: 'jsmith', firstName: 'John', lastName: 'Smith', licenseClass: 'F', inactiveFlag: false, ...info },
      { id: 8, identifier: 'adoe', licenseClass: 'F', inactiveFlag: true, ...info },
    ]);
    serve('/finance/agreements', (query) =>
      query.conditions!.includes('id in (77)')
        ? [{ id: 77, name: 'Old Block Time', company: acme, agreementStatus: 'Expired', endDate: '2026-01-31T00:00:00Z', ...info }]
        : [{ id: 88, name: 'Managed Services', company: acme, agreementStatus: 'Active', startDate: '2026-01-01T00:00:00Z', billAmount: 2500, ...info }],
    );
    for (const id of [77, 88]) {
      serve(`/finance/agreements/${id}/additions`, () =>
        id === 88
          ? [
              { id: 301, product: { id: 11, identifier: 'M365' }, quantity: 10, unitPrice: 22, billCustomer: 'Billable', ...info },
              { id: 302, product: { id: 12, identifier: 'AV' }, quantity: 5, unitPrice: 4.5, billCustomer: 'Billable', ...info },
            ]
          : [],
      );
      serve(`/finance/agreements/${id}/workTypeExclusions`, () => (id === 88 ? [{ id: 1, workType: { id: 5, name: 'Project' }, agreementId: 88 }] : []));
      serve(`/finance/agreements/${id}/workRoleExclusions`, () => []);
    }
    serve('/time/entries', () => [
      entry(101, { agreementHours: 2 }),
      entry(102, { agreement: { id: 77, name: 'Old Block Time' } }),
      entry(103, { timeStart: undefined }),
    ]);
    serve('/expense/entries', () => [
      { id: 401, company: acme, member: jsmith, type: { id: 2, name: 'Mileage' }, date: '2026-10-07T00:00:00Z', amount: 42.5, ...info },
    ]);
    serve('/service/tickets', () => [{ id: 5001, summary: 'Switch down', company: acme, closedFlag: true, closedDate: '2026-10-06T20:00:00Z', ...info }]);
    serve('/finance/invoices', () => [{ id: 901, company: acme, date: '2026-09-15T00:00:00Z', total: 4890, ...info }]);

    const client = makeClient(context);
    const snapshot = await pullSnapshot(client, period, { lookbackDays: 90 });

    expect(snapshot.counts).toEqual({ members: 2, agreements: 2, additions: 2, timeEntries: 3, expenses: 1, tickets: 1, invoices: 1, configurations: 0, countRows: 0 });
    expect(snapshot.timeEntries.map((record) => record.id)).toEqual([101, 102]);
    // the records of one pull share one frozen object per distinct reference, across lists
    const [first, second] = snapshot.timeEntries;
    expect(second!.company).toBe(first!.company);
    expect(second!.member).toBe(first!.member);
    expect(snapshot.expenses[0]!.company).toBe(first!.company);
    expect(snapshot.agreements.every((agreement) => agreement.company === first!.company)).toBe(true);
    expect(Object.isFrozen(first!.company)).toBe(true);
    expect(second!.agreement).not.toBe(first!.agreement);
    expect(snapshot.invalid).toEqual([
      { type: 'timeEntry', id: 103, company: acme, problems: [expect.stringContaining('timeStart')] },
    ]);
    const managed = snapshot.agreements.find((agreement) => agreement.id === 88)!;
    expect(managed.additions.map((addition) => addition.id)).toEqual([301, 302]);
    expect(managed.excludedWorkTypeIds).toEqual([5]);
    expect(snapshot.agreements.map((agreement) => agreement.id).sort()).toEqual([77, 88]);
    // 6 collections + 1 referenced-agreement read + additions of each agreement + exclusions of the one absorbing time
    expect(client.requestCount).toBe(6 + 1 + 2 + 2);
    expect(exclusionPaths()).toEqual(['/finance/agreements/88/workRoleExclusions', '/finance/agreements/88/workTypeExclusions']);

    // the period's instants in the tenant timezone, and the stale lookback before it
    expect(conditionsOf('/time/entries')).toEqual(['timeStart >= [2026-07-03T05:00:00Z] and timeStart < [2026-11-01T05:00:00Z]']);
    expect(conditionsOf('/service/tickets')).toEqual([
      'closedFlag = true and closedDate >= [2026-10-01T05:00:00Z] and closedDate < [2026-11-01T05:00:00Z]',
    ]);
    // date-only fields are calendar dates at midnight UTC
    expect(conditionsOf('/expense/entries')).toEqual(['date >= [2026-10-01T00:00:00Z] and date < [2026-11-01T00:00:00Z]']);
    expect(conditionsOf('/finance/invoices')).toEqual(['date >= [2026-09-01T00:00:00Z] and date < [2026-10-01T00:00:00Z]']);
  });

  it('reads the agreements entries point at in several id requests, each short enough for a URL', async () => {
    const ids = Array.from({ length: 150 }, (_, index) => 100_001 + index);
    for (const path of ['/system/members', '/expense/entries', '/service/tickets', '/finance/invoices']) serve(path, () => []);
    serve('/time/entries', () => ids.map((id, index) => entry(index + 1, { agreement: { id } })));
    serve('/finance/agreements', (query) => {
      const listed = /^id in \((.*)\)$/.exec(query.conditions!)?.[1]!.split(',').map(Number) ?? [];
      return listed.map((id) => ({ id, name: `Agreement ${id}`, company: acme, agreementStatus: 'Expired', ...info }));
    });
    for (const id of ids) serve(`/finance/agreements/${id}/additions`, () => []);
    const snapshot = await pullSnapshot(makeClient(context), period, { lookbackDays: 0, exclusions: false });

    const byId = conditionsOf('/finance/agreements')!.filter((conditions) => conditions.startsWith('id in ('));
    expect(byId.length).toBeGreaterThan(1);
    for (const conditions of byId) expect(encodeURIComponent(conditions).length).toBeLessThanOrEqual(1200);
    expect(snapshot.agreements.map((agreement) => agreement.id).sort((a, b) => a - b)).toEqual(ids);
  });

  it('reads no exclusions when the enabled rules need none', async () => {
    serveOneAgreement([]);
    const client = makeClient(context);
    const snapshot = await pullSnapshot(client, period, { lookbackDays: 0, exclusions: false });

    expect(conditionsOf('/finance/agreements/88/workTypeExclusions')).toBeUndefined();
    expect(conditionsOf('/finance/agreements/88/workRoleExclusions')).toBeUndefined();
    expect(snapshot.agreements).toMatchObject([{ id: 88, excludedWorkTypeIds: [], excludedWorkRoleIds: [] }]);
    // 6 collections + the agreement's additions
    expect(client.requestCount).toBe(6 + 1);
  });

  it('reads exclusions only for agreements with time in the period that they absorb', async () => {
    serveAgreements([86, 87, 88, 89, 90], {
      timeEntries: [
        entry(101, { agreement: { id: 86 }, agreementHours: 2 }),
        entry(102, { agreement: { id: 87 }, billableOption: 'NoCharge' }),
        // invoiced separately: Billable and not absorbed
        entry(103, { agreement: { id: 88 }, agreementHours: 0 }),
        entry(104, { agreement: { id: 88 } }),
        // absorbed, but before the period: the stale lookback
        entry(105, { agreement: { id: 89 }, agreementHours: 2, timeStart: '2026-09-30T14:00:00Z', timeEnd: '2026-09-30T16:00:00Z' }),
      ],
    });
    const snapshot = await pullSnapshot(makeClient(context), period, { lookbackDays: 30 });

    expect(exclusionPaths()).toEqual([
      '/finance/agreements/86/workRoleExclusions',
      '/finance/agreements/86/workTypeExclusions',
      '/finance/agreements/87/workRoleExclusions',
      '/finance/agreements/87/workTypeExclusions',
    ]);
    expect(snapshot.agreements.map(({ id, excludedWorkTypeIds, excludedWorkRoleIds }) => ({ id, excludedWorkTypeIds, excludedWorkRoleIds }))).toEqual([
      { id: 86, excludedWorkTypeIds: [5], excludedWorkRoleIds: [3] },
      { id: 87, excludedWorkTypeIds: [5], excludedWorkRoleIds: [3] },
      { id: 88, excludedWorkTypeIds: [], excludedWorkRoleIds: [] },
      { id: 89, excludedWorkTypeIds: [], excludedWorkRoleIds: [] },
      { id: 90, excludedWorkTypeIds: [], excludedWorkRoleIds: [] },
    ]);
  });

  it('reads no exclusions when agreement.out-of-scope is disabled', async () => {
    serveAgreements([88], { timeEntries: [entry(101, { agreementHours: 2 })] });
    const { settings } = resolveRuleSettings({ 'agreement.out-of-scope': { enabled: false } }, ruleRegistry);
    const snapshot = await pullSnapshot(makeClient(context), period, pullNeedsOf(ruleRegistry, settings));

    expect(exclusionPaths()).toEqual([]);
    expect(snapshot.agreements).toMatchObject([{ id: 88, excludedWorkTypeIds: [], excludedWorkRoleIds: [] }]);
  });

  it('reads for a technician reminder only members, the period\'s time entries and closed tickets', async () => {
    serve('/system/members', () => [{ id: 7, identifier: 'jsmith', licenseClass: 'F', inactiveFlag: false, ...info }]);
    serve('/service/tickets', () => [{ id: 5001, summary: 'Switch down', company: acme, closedFlag: true, closedDate: '2026-10-06T20:00:00Z', ...info }]);
    serveAgreements([88], { timeEntries: [entry(101, { agreementHours: 2 })] });
    const client = makeClient(context);
    const snapshot = await pullSnapshot(client, period, { scope: 'technicians', lookbackDays: 0 });

    expect(Object.keys(lists.requested).sort()).toEqual(['/service/tickets', '/system/members', '/time/entries']);
    expect(conditionsOf('/time/entries')).toEqual(['timeStart >= [2026-10-01T05:00:00Z] and timeStart < [2026-11-01T05:00:00Z]']);
    expect(client.requestCount).toBe(3);
    expect(snapshot).toMatchObject({ agreements: [], expenses: [], invoices: [], deployedCounts: [] });
    expect(snapshot.counts).toEqual({ members: 1, agreements: 0, additions: 0, timeEntries: 1, expenses: 0, tickets: 1, invoices: 0, configurations: 0, countRows: 0 });
  });

  it("keeps an addition that fails its schema as invalid on its agreement's company", async () => {
    serveOneAgreement([
      { id: 301, product: { id: 11, identifier: 'M365' }, quantity: 10, unitPrice: 22, billCustomer: 'Billable', ...info },
      { id: 302, product: { id: 12, identifier: 'AV' }, quantity: 'five', unitPrice: 4.5, billCustomer: 'Billable', ...info },
    ]);
    const snapshot = await pullSnapshot(makeClient(context), period, { lookbackDays: 0 });

    expect(snapshot.counts.additions).toBe(2);
    expect(snapshot.agreements[0]!.additions.map((addition) => addition.id)).toEqual([301]);
    expect(snapshot.invalid).toEqual([{ type: 'addition', id: 302, company: acme, problems: [expect.stringContaining('quantity')] }]);

    const ruleContext = ruleContextFor(snapshot, { timezone: period.timezone, holidays: [], licenseClasses: [], excludedMembers: [] });
    const findings = dataInvalid.check(snapshot, dataInvalid.options.parse({}), ruleContext);
    expect(findings).toMatchObject([
      { scope: 'company', company: acme, records: [{ type: 'addition', id: 302 }], message: expect.stringContaining('Addition #302') },
    ]);
  });
});
