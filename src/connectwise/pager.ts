import type { CommonParameters } from 'connectwise-rest';
import type { ConnectWiseClient } from './client.js';

export interface PageRequest {
  /** REST path for logs, errors and counting, e.g. /time/entries */
  path: string;
  conditions?: string;
  /** comma-separated field list; id is always added */
  fields?: string;
  pageSize?: number;
  /** only records with a greater id are read */
  afterId?: number;
}

type FetchPages<T> = (params: CommonParameters) => Promise<T[]>;
export type FetchCount = (params: CommonParameters) => Promise<{ count?: number }>;

/** How many id ranges of one list are read at once, at most. */
const MAX_RANGES = 8;

/**
 * Streams a ConnectWise list page by page with keyset paging: ordered by id, each page asks
 * for ids above the greatest id of the page before, so records inserted during the pull are
 * neither skipped nor repeated. Stops after a page shorter than the page size.
 */
export async function* streamPages<T extends { id?: number }>(
  client: ConnectWiseClient,
  request: PageRequest,
  fetchPage: FetchPages<T>,
): AsyncGenerator<T[]> {
  const pageSize = request.pageSize ?? client.pageSize;
  let lastId = request.afterId;
  for (;;) {
    const page = await keysetPage(client, request, fetchPage, lastId);
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
    lastId = advancedId(request.path, page, lastId);
  }
}

/** A page of a list read in id ranges, with the range it belongs to. */
export interface RangePage<T> {
  /** 0 for the first page, then 1, 2, … for the ranges after it in id order */
  range: number;
  page: T[];
}

/**
 * Streams a large list as disjoint id ranges paged concurrently, each with keyset paging. The
 * first page is read alone: a list that fits in it costs nothing more. Otherwise the rest of the
 * list is counted and its greatest id read, and the ids after the first page are split into ranges
 * by that count; the last range has no upper bound, so a record inserted during the pull is read by
 * it exactly once, and a record edited during the pull keeps its id and so its range.
 * Pages are yielded as they arrive, whichever range they come from, each with its range number:
 * the pages of one range come in id order, so the list in id order is the records of range 0, then
 * range 1, and so on. A failure of any range ends the whole at once; the other ranges stop after
 * their current page.
 * `onTotal` hears how many records the list holds: the first page's and the rest's count.
 */
export async function* streamRanges<T extends { id?: number }>(
  client: ConnectWiseClient,
  request: PageRequest,
  fetchPage: FetchPages<T>,
  fetchCount: FetchCount,
  { maxRanges = MAX_RANGES, onTotal }: { maxRanges?: number; onTotal?: (records: number) => void } = {},
): AsyncGenerator<RangePage<T>> {
  const pageSize = request.pageSize ?? client.pageSize;
  const first = await keysetPage(client, request, fetchPage, request.afterId);
  if (first.length > 0) yield { range: 0, page: first };
  if (first.length < pageSize) return;
  const afterId = advancedId(request.path, first, request.afterId);

  const rest = keysetConditions(request.conditions, afterId);
  const [counted, greatest] = await Promise.all([
    countOf(client, request.path, rest, fetchCount),
    client.call({ method: 'get', path: request.path }, () =>
      fetchPage({ orderBy: 'id desc', page: 1, pageSize: 1, fields: 'id', ...(rest === undefined ? {} : { conditions: rest }) }),
    ),
  ]);
  onTotal?.(first.length + counted);
  const splits = rangeSplits(afterId, greatestId(greatest), Math.min(maxRanges, Math.ceil(counted / pageSize)));
  yield* inArrivalOrder(
    splits.map((from, index) => {
      const through = splits[index + 1];
      const conditions = through === undefined ? request.conditions : withCondition(request.conditions, `id <= ${through}`);
      return rangePages(index + 1, streamPages(client, { ...request, conditions, afterId: from }, fetchPage));
    }),
  );
}

/** Each page of `pages`, as a page of range `range`. */
export async function* rangePages<T>(range: number, pages: AsyncIterable<T[]>): AsyncGenerator<RangePage<T>> {
  for await (const page of pages) yield { range, page };
}

/** How many records of the list meet the conditions: ConnectWise's `/count` of it. */
export async function countOf(client: ConnectWiseClient, path: string, conditions: string | undefined, fetchCount: FetchCount): Promise<number> {
  const counted = await client.call({ method: 'get', path: `${path}/count` }, () => fetchCount(conditions === undefined ? {} : { conditions }));
  return counted.count ?? 0;
}

/**
 * Where the ranges start: range i holds the ids above splits[i] up to splits[i + 1], the last one
 * every id above its start. Ranges are at least one id wide.
 */
export function rangeSplits(afterId: number, greatest: number | undefined, ranges: number): number[] {
  const span = greatest === undefined ? 0 : greatest - afterId;
  const count = Math.max(1, Math.min(ranges, span));
  return Array.from({ length: count }, (_, index) => afterId + Math.floor((index * span) / count));
}

/**
 * The items of every stream, all of them read at once, each item yielded as soon as it arrives
 * whichever stream it comes from. A failure of any stream ends the whole at once; the others stop
 * after their current item.
 */
async function* inArrivalOrder<T>(streams: readonly AsyncIterable<T>[]): AsyncGenerator<T> {
  const arrived: T[] = [];
  let reading = streams.length;
  let failure: { error: unknown } | undefined;
  let stopped = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  async function read(stream: AsyncIterable<T>): Promise<void> {
    try {
      for await (const item of stream) {
        if (stopped) return;
        arrived.push(item);
        notify();
      }
    } catch (error) {
      failure ??= { error };
    } finally {
      reading--;
      notify();
    }
  }
  for (const stream of streams) void read(stream);
  try {
    for (;;) {
      if (failure) throw failure.error;
      if (arrived.length > 0) yield arrived.shift()!;
      else if (reading === 0) return;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    stopped = true;
  }
}

function keysetPage<T>(client: ConnectWiseClient, request: PageRequest, fetchPage: FetchPages<T>, afterId: number | undefined): Promise<T[]> {
  const conditions = keysetConditions(request.conditions, afterId);
  const params: CommonParameters = {
    orderBy: 'id asc',
    page: 1,
    pageSize: request.pageSize ?? client.pageSize,
    ...(request.fields === undefined ? {} : { fields: withId(request.fields) }),
    ...(conditions === undefined ? {} : { conditions }),
  };
  return client.call({ method: 'get', path: request.path }, () => fetchPage(params));
}

/** The greatest id of a full page, which must be above the id the page was read after. */
function advancedId(path: string, page: readonly { id?: unknown }[], lastId: number | undefined): number {
  const greatest = greatestId(page);
  if (greatest === undefined || (lastId !== undefined && greatest <= lastId)) {
    throw new Error(`Cannot page through ${path}: a full page did not advance the record id`);
  }
  return greatest;
}

export function keysetConditions(conditions: string | undefined, afterId: number | undefined): string | undefined {
  return afterId === undefined ? withCondition(conditions, undefined) : withCondition(conditions, `id > ${afterId}`);
}

/** The given conditions, parenthesised so an "or" cannot escape, and another one. */
function withCondition(conditions: string | undefined, condition: string | undefined): string | undefined {
  const given = conditions?.trim() ? conditions.trim() : undefined;
  if (condition === undefined || given === undefined) return given ?? condition;
  return `(${given}) and ${condition}`;
}

function withId(fields: string): string {
  const names = fields
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return (names.includes('id') ? names : ['id', ...names]).join(',');
}

function greatestId(page: readonly { id?: unknown }[]): number | undefined {
  let greatest: number | undefined;
  for (const record of page) {
    if (typeof record.id === 'number' && Number.isFinite(record.id) && (greatest === undefined || record.id > greatest)) {
      greatest = record.id;
    }
  }
  return greatest;
}
