import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ConnectWiseClient } from '../../src/connectwise/client.js';
import { keysetConditions, rangeSplits, streamPages, streamRanges } from '../../src/connectwise/pager.js';
import { readList, type ListRead } from '../../src/connectwise/read.js';
import { API, ORIGIN, connectWise, makeClient, testRedis } from './helpers.js';

const redis = testRedis();

beforeAll(async () => {
  nock.disableNetConnect();
  await redis.redis.connect();
});
afterEach(() => {
  nock.cleanAll();
});
afterAll(async () => {
  nock.enableNetConnect();
  await redis.close();
});

type Query = Record<string, unknown>;

function records(fromId: number, count: number) {
  return Array.from({ length: count }, (_, index) => ({ id: fromId + index, timeStart: '2026-10-05T13:00:00Z' }));
}

/** Serves `pages` in order on /time/entries and keeps each request's query. */
function serveTimeEntries(pages: unknown[][]): { queries: Query[]; scope: nock.Scope } {
  const queries: Query[] = [];
  const scope = connectWise();
  for (const page of pages) {
    scope
      .get(`${API}/time/entries`)
      .query((query) => {
        queries.push(query);
        return true;
      })
      .reply(200, page);
  }
  return { queries, scope };
}

describe('streamPages', () => {
  it('streams a list page by page, asking each page for ids after the last one', async () => {
    const client = makeClient(redis);
    const { queries, scope } = serveTimeEntries([records(1, 1000), records(1001, 1000), records(2001, 17)]);

    const pageSizes: number[] = [];
    const requestsWhenYielded: number[] = [];
    const pages = streamPages(
      client,
      { path: '/time/entries', conditions: "timeStart >= [2026-10-01T04:00:00Z]", fields: 'timeStart,member/id' },
      (params) => client.api.TimeAPI.getTimeEntries(params),
    );
    for await (const page of pages) {
      pageSizes.push(page.length);
      requestsWhenYielded.push(queries.length);
    }

    expect(pageSizes).toEqual([1000, 1000, 17]);
    expect(requestsWhenYielded).toEqual([1, 2, 3]);
    expect(scope.isDone()).toBe(true);
    const common = { orderBy: 'id asc', page: '1', pageSize: '1000', fields: 'id,timeStart,member/id' };
    expect(queries).toEqual([
      { ...common, conditions: 'timeStart >= [2026-10-01T04:00:00Z]' },
      { ...common, conditions: '(timeStart >= [2026-10-01T04:00:00Z]) and id > 1000' },
      { ...common, conditions: '(timeStart >= [2026-10-01T04:00:00Z]) and id > 2000' },
    ]);
    expect(client.requestCount).toBe(3);
  });

  it('stops after an empty page when the last full page ended the list', async () => {
    const client = makeClient(redis);
    const { queries } = serveTimeEntries([records(1, 2), []]);

    const pages = [];
    for await (const page of streamPages(client, { path: '/time/entries', pageSize: 2 }, (params) => client.api.TimeAPI.getTimeEntries(params))) {
      pages.push(page);
    }

    expect(pages).toHaveLength(1);
    expect(queries.map((query) => query.conditions)).toEqual([undefined, 'id > 2']);
    expect(queries[0]).not.toHaveProperty('fields');
  });

  it('yields records without a numeric id and advances by the greatest id seen', async () => {
    const client = makeClient(redis);
    const odd = [{ id: 7 }, { id: 'x' }, {}];
    const { queries } = serveTimeEntries([odd, [{ id: 9 }]]);

    const pages = [];
    for await (const page of streamPages(client, { path: '/time/entries', pageSize: 3 }, (params) => client.api.TimeAPI.getTimeEntries(params))) {
      pages.push(page);
    }

    expect(pages).toEqual([odd, [{ id: 9 }]]);
    expect(queries[1]?.conditions).toBe('id > 7');
  });

  it('refuses to loop when a full page has no record id to advance by', async () => {
    const client = makeClient(redis);
    serveTimeEntries([[{}, {}]]);

    const pull = async () => {
      for await (const _page of streamPages(client, { path: '/time/entries', pageSize: 2 }, (params) => client.api.TimeAPI.getTimeEntries(params))) {
        // consumed
      }
    };

    await expect(pull()).rejects.toThrow('Cannot page through /time/entries');
  });
});

/**
 * /time/entries served from the ids given, honouring the id bounds of each request's conditions
 * (all conjunctions), `orderBy=id desc`, `pageSize` and `/count`; a request whose upper bound is
 * `failAt` gets a 400, and one whose upper bound is `slowAt` is answered after the others.
 */
function serveIds(ids: readonly number[], { failAt, slowAt }: { failAt?: number; slowAt?: number } = {}) {
  const queries: Query[] = [];
  const within = (conditions: string | undefined) => {
    const above = [...(conditions ?? '').matchAll(/id > (\d+)/g)].map((match) => Number(match[1]));
    const through = /id <= (\d+)/.exec(conditions ?? '')?.[1];
    return ids.filter((id) => above.every((bound) => id > bound) && (through === undefined || id <= Number(through)));
  };
  const upperBound = (query: Query) => Number(/id <= (\d+)/.exec(String(query.conditions ?? ''))?.[1]);
  connectWise()
    .get(`${API}/time/entries/count`)
    .query(true)
    .reply(200, (uri) => ({ count: within(new URL(uri, ORIGIN).searchParams.get('conditions') ?? undefined).length }))
    .persist();
  const answer = (query: Query) => {
    queries.push(query);
    const matching = within(query.conditions as string | undefined);
    const ordered = query.orderBy === 'id desc' ? [...matching].reverse() : matching;
    return ordered.slice(0, Number(query.pageSize)).map((id) => ({ id }));
  };
  connectWise()
    .get(`${API}/time/entries`)
    .query((query) => failAt !== undefined && upperBound(query) === failAt)
    .reply(400, { code: 'InvalidObject', message: 'conditions are not valid' })
    .persist();
  connectWise()
    .get(`${API}/time/entries`)
    .query((query) => slowAt !== undefined && upperBound(query) === slowAt)
    .delay(60)
    .reply(200, (uri) => answer(Object.fromEntries(new URL(uri, ORIGIN).searchParams)))
    .persist();
  connectWise()
    .get(`${API}/time/entries`)
    .query(true)
    .reply(200, (uri) => answer(Object.fromEntries(new URL(uri, ORIGIN).searchParams)))
    .persist();
  return queries;
}

const countEntries = (client: ConnectWiseClient) => (params: Parameters<typeof client.api.TimeAPI.getTimeEntriesCount>[0]) =>
  client.api.TimeAPI.getTimeEntriesCount(params);

/** The pages streamRanges yields, in the order yielded, as their range and ids. */
async function readRanges(client: ConnectWiseClient, pageSize: number): Promise<{ range: number; ids: number[] }[]> {
  const pages: { range: number; ids: number[] }[] = [];
  const request = { path: '/time/entries', conditions: 'timeStart >= [2026-10-01T04:00:00Z]', pageSize };
  for await (const { range, page } of streamRanges(client, request, (params) => client.api.TimeAPI.getTimeEntries(params), countEntries(client))) {
    pages.push({ range, ids: page.map((record) => record.id!) });
  }
  return pages;
}

/** The ids of the pages given, range after range, each range's pages in the order yielded. */
const idsByRange = (pages: readonly { range: number; ids: number[] }[]) =>
  [...pages].sort((a, b) => a.range - b.range).flatMap((page) => page.ids);

describe('streamRanges', () => {
  const ids = Array.from({ length: 40 }, (_, index) => 1 + index * 3);

  it('reads a list that fits in its first page with that one request', async () => {
    const client = makeClient(redis);
    const queries = serveIds(ids.slice(0, 7));

    expect(await readRanges(client, 10)).toEqual([{ range: 0, ids: ids.slice(0, 7) }]);
    expect(queries).toHaveLength(1);
    expect(client.requestCount).toBe(1);
  });

  it('reads the rest in disjoint id ranges, the last without an upper bound, yielding every record once, each range in id order', async () => {
    const client = makeClient(redis);
    // the first range answers last
    const queries = serveIds(ids, { slowAt: 58 });

    const pages = await readRanges(client, 10);

    expect(pages.flatMap((page) => page.ids).sort((a, b) => a - b)).toEqual(ids);
    expect(idsByRange(pages)).toEqual(ids);
    // after the first page (ids up to 28): 30 more, 3 pages' worth, so 3 ranges up to the greatest id, 118
    expect(queries.map((query) => query.conditions)).toEqual(
      expect.arrayContaining([
        '((timeStart >= [2026-10-01T04:00:00Z]) and id <= 58) and id > 28',
        '((timeStart >= [2026-10-01T04:00:00Z]) and id <= 88) and id > 58',
        '(timeStart >= [2026-10-01T04:00:00Z]) and id > 88',
      ]),
    );
    expect(queries.some((query) => query.orderBy === 'id desc' && query.pageSize === '1')).toBe(true);
  });

  it('yields the pages of later ranges as they arrive, not held back behind a slower first range', async () => {
    const client = makeClient(redis);
    serveIds(ids, { slowAt: 58 });

    const pages = await readRanges(client, 10);

    // the first page, then ranges 2 and 3 in whichever order they answer, then the slow range 1
    expect(pages.map((page) => page.range)).toEqual([0, expect.any(Number), expect.any(Number), 1]);
    expect(pages.map((page) => page.ids[0])).toEqual([1, expect.any(Number), expect.any(Number), 31]);
  });

  it('fails the read when one range fails', async () => {
    const client = makeClient(redis);
    serveIds(ids, { failAt: 88 });

    await expect(readRanges(client, 10)).rejects.toThrow('conditions are not valid');
  });
});

describe('rangeSplits', () => {
  it('splits the ids after the first page evenly, each range at least one id wide', () => {
    expect(rangeSplits(28, 118, 3)).toEqual([28, 58, 88]);
    expect(rangeSplits(10, 12, 8)).toEqual([10, 11]);
  });

  it('reads the rest as one range when there is nothing to split', () => {
    expect(rangeSplits(28, undefined, 8)).toEqual([28]);
    expect(rangeSplits(28, 28, 8)).toEqual([28]);
    expect(rangeSplits(28, 118, 0)).toEqual([28]);
  });
});

describe('keysetConditions', () => {
  it('keeps the given conditions alone on the first page', () => {
    expect(keysetConditions('closedFlag = true', undefined)).toBe('closedFlag = true');
    expect(keysetConditions(undefined, undefined)).toBeUndefined();
  });

  it('parenthesises the given conditions so an "or" cannot escape the key', () => {
    expect(keysetConditions('a = 1 or b = 2', 40)).toBe('(a = 1 or b = 2) and id > 40');
  });
});

const boardSchema = z.object({ id: z.number().int(), name: z.string() });

/** /service/boards served in pages of two: a valid board, one without a name, then a valid board. */
function boards(client: ConnectWiseClient): ListRead<typeof boardSchema> {
  connectWise()
    .get(`${API}/service/boards`)
    .query((query) => query.conditions === undefined)
    .reply(200, [{ id: 1, name: 'Billing Exceptions' }, { id: 2 }])
    .get(`${API}/service/boards`)
    .query((query) => query.conditions === 'id > 2')
    .reply(200, [{ id: 3, name: 'Help Desk' }]);
  return {
    path: '/service/boards',
    schema: boardSchema,
    fields: 'name',
    pageSize: 2,
    fetchPage: (params) => client.api.ServiceAPI.getServiceBoards(params),
  };
}

describe('readList', () => {
  it('parses every page, hands a record failing its schema to onInvalid and counts each page whole', async () => {
    const client = makeClient(redis);
    const invalid: unknown[] = [];
    const pages: number[] = [];

    const records = await readList(client, boards(client), {
      onInvalid: (raw, error) => invalid.push({ raw, paths: error.issues.map((issue) => issue.path.join('/')) }),
      onPage: (count) => pages.push(count),
    });

    expect(records).toEqual([
      { id: 1, name: 'Billing Exceptions' },
      { id: 3, name: 'Help Desk' },
    ]);
    expect(invalid).toEqual([{ raw: { id: 2 }, paths: ['name'] }]);
    expect(pages).toEqual([2, 1]);
  });

  it('stops at a record failing its schema, naming the list, when no one collects them', async () => {
    const client = makeClient(redis);

    await expect(readList(client, boards(client))).rejects.toThrow(/record of \/service\/boards that cannot be read.*name/s);
  });

  it('returns a list read in id ranges in id order when the first range answers last', async () => {
    const client = makeClient(redis);
    const ids = Array.from({ length: 40 }, (_, index) => 1 + index * 3);
    serveIds(ids, { slowAt: 58 });
    const pages: number[] = [];

    const records = await readList(
      client,
      {
        path: '/time/entries',
        schema: z.object({ id: z.number().int() }),
        pageSize: 10,
        ranges: true,
        fetchPage: (params) => client.api.TimeAPI.getTimeEntries(params),
        fetchCount: countEntries(client),
      },
      { onPage: (count) => pages.push(count) },
    );

    expect(records.map((record) => record.id)).toEqual(ids);
    expect(pages).toEqual([10, 10, 10, 10]);
  });
});
