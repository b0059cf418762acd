import type { CommonParameters } from 'connectwise-rest';
import type { ConnectWiseClient } from './client.js';

export interface PageRequest {
  /** REST path for logs, errors and counting, e.g. /time/entries */
  path: string;
  conditions?: string;
  /** comma-separated field list; id is always added */
  fields?: string;
  pageSize?: number;
}

/**
 * Streams a ConnectWise list page by page with keyset paging: ordered by id, each page asks
 * for ids above the greatest id of the page before, so records inserted during the pull are
 * neither skipped nor repeated. Stops after a page shorter than the page size.
 */
export async function* streamPages<T extends { id?: number }>(
  client: ConnectWiseClient,
  request: PageRequest,
  fetchPage: (params: CommonParameters) => Promise<T[]>,
): AsyncGenerator<T[]> {
  const pageSize = request.pageSize ?? client.pageSize;
  const fields = request.fields === undefined ? undefined : withId(request.fields);
  let lastId: number | undefined;
  for (;;) {
    const conditions = keysetConditions(request.conditions, lastId);
    const params: CommonParameters = {
      orderBy: 'id asc',
      page: 1,
      pageSize,
      ...(fields === undefined ? {} : { fields }),
      ...(conditions === undefined ? {} : { conditions }),
    };
    const page = await client.call({ method: 'get', path: request.path }, () => fetchPage(params));
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
    const greatest = greatestId(page);
    if (greatest === undefined || (lastId !== undefined && greatest <= lastId)) {
      throw new Error(`Cannot page through ${request.path}: a full page did not advance the record id`);
    }
    lastId = greatest;
  }
}

export function keysetConditions(conditions: string | undefined, afterId: number | undefined): string | undefined {
  const given = conditions?.trim() ? conditions.trim() : undefined;
  if (afterId === undefined) return given;
  return given === undefined ? `id > ${afterId}` : `(${given}) and id > ${afterId}`;
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
