import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { periodFromId } from '../../src/calendar.js';
import { pullSnapshot } from '../../src/connectwise/pull.js';
import { dataInvalid } from '../../src/rules/data/invalid.js';
import { ruleContextFor } from '../../src/rules/engine.js';
import { makeClient, servedLists, testRedis } from './helpers.js';

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
  const context = testRedis();
  const lists = servedLists();
  const { serve } = lists;
  const conditionsOf = (path: string) => lists.requested[path]?.map((query) => query.conditions ?? '');

  beforeAll(() => nock.disableNetConnect());
  afterEach(() => lists.reset());
  afterAll(async () => {
    nock.enableNetConnect();
    await context.close();
  });

  /** One agreement of Acme, served with the given additions, and nothing else in ConnectWise. */
  function serveOneAgreement(additions: unknown[]) {
    for (const path of ['/system/members', '/time/entries', '/expense/entries', '/service/tickets', '/finance/invoices']) serve(path, () => []);
    serve('/finance/agreements', () => [{ id: 88, name: 'Managed Services', company: acme, agreementStatus: 'Active', ...info }]);
    serve('/finance/agreements/88/additions', () => additions);
    serve('/finance/agreements/88/workTypeExclusions', () => [{ id: 1, workType: { id: 5, name: 'Project' }, agreementId: 88 }]);
    serve('/finance/agreements/88/workRoleExclusions', () => [{ id: 2, workRole: { id: 3, name: 'Architect' }, agreementId: 88 }]);
  }

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
      entry(101),
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
    expect(snapshot.invalid).toEqual([
      { type: 'timeEntry', id: 103, company: acme, problems: [expect.stringContaining('timeStart')] },
    ]);
    const managed = snapshot.agreements.find((agreement) => agreement.id === 88)!;
    expect(managed.additions.map((addition) => addition.id)).toEqual([301, 302]);
    expect(managed.excludedWorkTypeIds).toEqual([5]);
    expect(snapshot.agreements.map((agreement) => agreement.id).sort()).toEqual([77, 88]);
    // 6 collections + 1 referenced-agreement read + 3 term reads per agreement
    expect(client.requestCount).toBe(6 + 1 + 6);

    // the period's instants in the tenant timezone, and the stale lookback before it
    expect(conditionsOf('/time/entries')).toEqual(['timeStart >= [2026-07-03T05:00:00Z] and timeStart < [2026-11-01T05:00:00Z]']);
    expect(conditionsOf('/service/tickets')).toEqual([
      'closedFlag = true and closedDate >= [2026-10-01T05:00:00Z] and closedDate < [2026-11-01T05:00:00Z]',
    ]);
    // date-only fields are calendar dates at midnight UTC
    expect(conditionsOf('/expense/entries')).toEqual(['date >= [2026-10-01T00:00:00Z] and date < [2026-11-01T00:00:00Z]']);
    expect(conditionsOf('/finance/invoices')).toEqual(['date >= [2026-09-01T00:00:00Z] and date < [2026-10-01T00:00:00Z]']);
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

  it('reads exclusions unless told otherwise', async () => {
    serveOneAgreement([]);
    const snapshot = await pullSnapshot(makeClient(context), period, { lookbackDays: 0 });

    expect(snapshot.agreements).toMatchObject([{ id: 88, excludedWorkTypeIds: [5], excludedWorkRoleIds: [3] }]);
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
