import type { CwRecord } from './data.js';
import { invalidField } from './errors.js';

/**
 * ConnectWise paging. Navigable: `page` (1-based) and `pageSize`, with a `Link` header
 * (first, prev, next, last). Forward-only (header `pagination-type: forward-only`): always by
 * id, `pageId` is the last id of the previous page, the `Link` header names the next page.
 */

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 1000;

export type Query = Record<string, string>;
/** The URL of this same list with some query parameters replaced. */
export type LinkTo = (params: Query) => string;

export interface Page {
  records: CwRecord[];
  link: string | undefined;
}

export function navigablePage(sorted: readonly CwRecord[], query: Query, linkTo: LinkTo): Page {
  const size = pageSizeOf(query);
  const page = integerParameter(query, 'page', 1, 1);
  const lastPage = Math.max(1, Math.ceil(sorted.length / size));
  const links: Array<[string, number]> = [];
  if (page > 1) links.push(['first', 1], ['prev', page - 1]);
  if (page < lastPage) links.push(['next', page + 1], ['last', lastPage]);
  return {
    records: sorted.slice((page - 1) * size, page * size),
    link: linkHeader(links.map(([rel, target]) => [rel, linkTo({ page: String(target), pageSize: String(size) })])),
  };
}

export function forwardOnlyPage(records: readonly CwRecord[], query: Query, linkTo: LinkTo): Page {
  if (query.orderBy !== undefined) {
    throw invalidField('orderBy', 'orderBy', 'orderBy cannot be used with forward-only pagination, which orders by id');
  }
  const size = pageSizeOf(query);
  const after = integerParameter(query, 'pageId', 0, 0);
  const rest = records.filter((record) => record.id > after).sort((a, b) => a.id - b.id);
  const page = rest.slice(0, size);
  const last = page[page.length - 1];
  const next = rest.length > size && last ? [['next', linkTo({ pageId: String(last.id), pageSize: String(size) })] as const] : [];
  return { records: page, link: linkHeader(next) };
}

function pageSizeOf(query: Query): number {
  const size = integerParameter(query, 'pageSize', DEFAULT_PAGE_SIZE, 1);
  if (size > MAX_PAGE_SIZE) {
    throw invalidField('pageSize', 'pageSize', `pageSize ${size} is above the maximum of ${MAX_PAGE_SIZE}`);
  }
  return size;
}

function integerParameter(query: Query, name: string, fallback: number, minimum: number): number {
  const text = query[name];
  if (text === undefined || text === '') return fallback;
  if (!/^\d+$/.test(text) || Number(text) < minimum) {
    throw invalidField(name, name, `${name} must be a whole number of at least ${minimum}, not "${text}"`);
  }
  return Number(text);
}

function linkHeader(links: ReadonlyArray<readonly [string, string]>): string | undefined {
  return links.length === 0 ? undefined : links.map(([rel, url]) => `<${url}>; rel="${rel}"`).join(', ');
}
