import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { periodFromId } from '../../src/calendar.js';
import { pullSnapshot } from '../../src/connectwise/pull.js';
import { API, connectWise, makeClient, testRedis } from './helpers.js';

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

describe('pull', () => {
  const context = testRedis();
  const requested: Record<string, string[]> = {};

  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  afterAll(async () => {
    nock.enableNetConnect();
    await context.close();
  });

  function serve(path: string, answer: (query: Record<string, string>) => unknown[]) {
    connectWise()
      .get(`${API}${path}`)
      .query(true)
      .reply(200, function reply(uri) {
        const query = Object.fromEntries(new URL(uri, 'https://x').searchParams);
        (requested[path] ??= []).push(query.conditions ?? '');
        return answer(query);
      })
      .persist();
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
    const snapshot = await pullSnapshot(client, periodFromId('2026-10', 'America/Chicago'), { lookbackDays: 90 });

    expect(snapshot.counts).toEqual({ members: 2, agreements: 2, additions: 2, timeEntries: 3, expenses: 1, tickets: 1, invoices: 1 });
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
    expect(requested['/time/entries']).toEqual(['timeStart >= [2026-07-03T05:00:00Z] and timeStart < [2026-11-01T05:00:00Z]']);
    expect(requested['/service/tickets']).toEqual([
      'closedFlag = true and closedDate >= [2026-10-01T05:00:00Z] and closedDate < [2026-11-01T05:00:00Z]',
    ]);
    // date-only fields are calendar dates at midnight UTC
    expect(requested['/expense/entries']).toEqual(['date >= [2026-10-01T00:00:00Z] and date < [2026-11-01T00:00:00Z]']);
    expect(requested['/finance/invoices']).toEqual(['date >= [2026-09-01T00:00:00Z] and date < [2026-10-01T00:00:00Z]']);
  });
});
