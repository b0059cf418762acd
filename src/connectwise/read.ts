import { z } from 'zod';
import type { CommonParameters } from 'connectwise-rest';
import type { ConnectWiseClient } from './client.js';
import { streamPages, streamRanges, type FetchCount, type PageRequest } from './pager.js';

export type FetchPage = (params: CommonParameters) => Promise<Array<{ id?: number }>>;

export interface ListRead<S extends z.ZodType> extends PageRequest {
  schema: S;
  fetchPage: FetchPage;
  /** for a large list: read it as several id ranges at once, split by this count of its records */
  fetchCount?: FetchCount;
}

export interface ReadHandlers {
  /** A record that fails its schema; by default the read stops with an error naming the list. */
  onInvalid?: (raw: unknown, error: z.ZodError) => void;
  /** After each page, with the number of records it held, valid or not. */
  onPage?: (records: number) => void;
}

/** Every record of a ConnectWise list, page by page, each parsed with the list's schema. */
export async function readList<S extends z.ZodType>(
  client: ConnectWiseClient,
  list: ListRead<S>,
  handlers: ReadHandlers = {},
): Promise<z.output<S>[]> {
  const { schema, fetchPage, fetchCount, ...request } = list;
  const onInvalid = handlers.onInvalid ?? unreadable(list.path);
  const records: z.output<S>[] = [];
  const pages = fetchCount ? streamRanges(client, request, fetchPage, fetchCount) : streamPages(client, request, fetchPage);
  for await (const page of pages) {
    for (const raw of page) {
      const parsed = schema.safeParse(raw);
      if (parsed.success) records.push(parsed.data);
      else onInvalid(raw, parsed.error);
    }
    handlers.onPage?.(page.length);
  }
  return records;
}

function unreadable(path: string): (raw: unknown, error: z.ZodError) => never {
  return (_raw, error) => {
    throw new Error(`ConnectWise returned a record of ${path} that cannot be read: ${z.prettifyError(error)}`);
  };
}
