import { z } from 'zod';
import type { CommonParameters } from 'connectwise-rest';
import type { ConnectWiseClient } from './client.js';
import { countOf, rangePages, streamPages, streamRanges, type FetchCount, type PageRequest } from './pager.js';
import type { ReferenceTable } from './references.js';

export type FetchPage = (params: CommonParameters) => Promise<Array<{ id?: number }>>;

export interface ListRead<S extends z.ZodType> extends PageRequest {
  schema: S;
  fetchPage: FetchPage;
  /** how many records the list holds (`/count`), asked only when the first page is full */
  fetchCount?: FetchCount;
  /** for a large list: read it as several id ranges at once, split by its count */
  ranges?: boolean;
  /** where the records read share their references with the rest of their pull */
  references?: ReferenceTable;
}

export interface ReadHandlers {
  /** A record that fails its schema; by default the read stops with an error naming the list. */
  onInvalid?: (raw: unknown, error: z.ZodError) => void;
  /** After each page, with the number of records it held, valid or not. */
  onPage?: (records: number) => void;
  /** How many records the list holds, once a full first page shows there is more than one page to read. */
  onTotal?: (records: number) => void;
}

/**
 * Every record of a ConnectWise list in id order, each parsed with the list's schema as its page
 * arrives. A list read in id ranges is parsed page by page in whatever order the ranges answer, its
 * records kept per range and joined range after range at the end.
 */
export async function readList<S extends z.ZodType>(
  client: ConnectWiseClient,
  list: ListRead<S>,
  handlers: ReadHandlers = {},
): Promise<z.output<S>[]> {
  const { schema, fetchPage, fetchCount, ranges, references, ...request } = list;
  const { onTotal } = handlers;
  const onInvalid = handlers.onInvalid ?? unreadable(list.path);
  // the records of each range, in id order
  const records: z.output<S>[][] = [];
  const pages =
    fetchCount && ranges
      ? streamRanges(client, request, fetchPage, fetchCount, { onTotal })
      : rangePages(0, streamPages(client, request, fetchPage));
  let counting: Promise<void> | undefined;
  for await (const { range, page } of pages) {
    const rangeRecords = (records[range] ??= []);
    for (const raw of page) {
      const parsed = schema.safeParse(raw);
      if (parsed.success) rangeRecords.push(references ? references.share(parsed.data) : parsed.data);
      else onInvalid(raw, parsed.error);
    }
    handlers.onPage?.(page.length);
    if (fetchCount && !ranges && onTotal && counting === undefined && page.length === (request.pageSize ?? client.pageSize)) {
      counting = announceTotal(client, request, fetchCount, onTotal);
    }
  }
  await counting;
  return records.flat();
}

/** Counted while the pages are read; a count that fails costs the announcement, never the read. */
function announceTotal(client: ConnectWiseClient, request: PageRequest, fetchCount: FetchCount, onTotal: (records: number) => void): Promise<void> {
  return countOf(client, request.path, request.conditions, fetchCount).then(onTotal, () => undefined);
}

function unreadable(path: string): (raw: unknown, error: z.ZodError) => never {
  return (_raw, error) => {
    throw new Error(`ConnectWise returned a record of ${path} that cannot be read: ${z.prettifyError(error)}`);
  };
}
