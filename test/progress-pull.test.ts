import { describe, expect, it } from 'vitest';
import { periodFromId } from '../src/calendar.js';
import { pullSnapshot, type CollectionProgress } from '../src/connectwise/pull.js';
import { API, connectWise, makeClient, nockedConnectWise } from './connectwise/helpers.js';

const acme = { id: 19, identifier: 'ACME', name: 'Acme Corp' };
const period = periodFromId('2026-10', 'America/Chicago');

const member = (id: number) => ({ id, identifier: `m${id}`, licenseClass: 'F', inactiveFlag: false });
const entry = (id: number, agreementId: number) => ({
  id,
  company: acme,
  member: { id: 7, identifier: 'jsmith' },
  timeStart: '2026-10-05T14:00:00Z',
  timeEnd: '2026-10-05T16:00:00Z',
  billableOption: 'Billable',
  agreement: { id: agreementId, name: `Agreement ${agreementId}` },
});
const agreement = (id: number) => ({ id, name: `Agreement ${id}`, company: acme, agreementStatus: 'Active' });

/** A list answered as ConnectWise pages it: by id, after `id >`, up to `id <=`, newest first when asked. */
function paged<T extends { id: number }>(records: readonly T[]) {
  return (query: Record<string, string>) => {
    const after = Number(/id > (\d+)/.exec(query.conditions ?? '')?.[1] ?? 0);
    const through = Number(/id <= (\d+)/.exec(query.conditions ?? '')?.[1] ?? Infinity);
    const matching = records.filter((record) => record.id > after && record.id <= through);
    const ordered = query.orderBy === 'id desc' ? [...matching].reverse() : matching;
    return ordered.slice(0, Number(query.pageSize));
  };
}

describe('pull progress', () => {
  const { context, serve } = nockedConnectWise();

  it('announces each collection’s total from one count, reports records as pages arrive and each collection done once', async () => {
    const counted: string[] = [];
    const count = (path: string, records: number) =>
      connectWise()
        .get(`${API}${path}/count`)
        .query(true)
        .reply(200, () => (counted.push(path), { count: records }));
    serve('/system/members', paged([member(1), member(2), member(3)]));
    count('/system/members', 3);
    // entries past the first page are split into ranges by the count of the rest: that count announces the total
    serve('/time/entries', paged([entry(11, 88), entry(12, 88), entry(13, 77), entry(14, 88), entry(15, 88)]));
    count('/time/entries', 3);
    // agreement 77 ended before the lookback: read by id afterwards, as part of the same collection
    serve('/finance/agreements', (query) => (query.conditions!.includes('id in (77)') ? [agreement(77)] : [agreement(88)]));
    for (const path of ['/expense/entries', '/service/tickets', '/finance/invoices']) serve(path, () => []);
    for (const id of [77, 88]) for (const part of ['additions', 'workTypeExclusions', 'workRoleExclusions']) serve(`/finance/agreements/${id}/${part}`, () => []);

    const events: CollectionProgress[] = [];
    const client = makeClient(context, { settings: { pageSize: 2 } });
    const snapshot = await pullSnapshot(client, period, { lookbackDays: 0, exclusions: false, onProgress: (progress) => events.push(progress) });

    const of = (collection: string) => events.filter((event) => event.collection === collection);
    expect(of('members')[0]).toEqual({ collection: 'members', read: 0, total: null, done: false });
    expect(of('members').at(-1)).toEqual({ collection: 'members', read: 3, total: 3, done: true });
    expect(of('timeEntries')).toContainEqual({ collection: 'timeEntries', read: 2, total: 5, done: false });
    expect(of('timeEntries').at(-1)).toEqual({ collection: 'timeEntries', read: 5, total: 5, done: true });
    // a list that fits in one page is counted by reading it
    expect(of('expenses').at(-1)).toEqual({ collection: 'expenses', read: 0, total: 0, done: true });
    expect(of('agreements').at(-1)).toEqual({ collection: 'agreements', read: 2, total: 2, done: true });
    for (const collection of ['members', 'agreements', 'additions', 'timeEntries', 'expenses', 'tickets', 'invoices']) {
      expect(of(collection).filter((event) => event.done), collection).toHaveLength(1);
    }
    expect(snapshot.counts).toMatchObject({ members: 3, agreements: 2, timeEntries: 5 });
    // one count per collection with more than a page, the entries' being the one their ranges already asked for
    expect(counted.sort()).toEqual(['/system/members', '/time/entries']);
  });

  it('asks no count of a list that fits in its first page', async () => {
    serve('/system/members', paged([member(1)]));
    for (const path of ['/time/entries', '/finance/agreements', '/expense/entries', '/service/tickets', '/finance/invoices']) serve(path, () => []);
    const client = makeClient(context, { settings: { pageSize: 2 } });

    await pullSnapshot(client, period, { lookbackDays: 0, onProgress: () => undefined });

    expect(client.requestCount).toBe(6);
  });
});
