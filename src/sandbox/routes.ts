import type { CwRecord, SandboxData } from './data.js';
import { ConditionsError, parseConditions } from './conditions.js';
import { matches } from './matches.js';
import { SandboxError, invalid, notFound } from './errors.js';
import type { Query } from './paging.js';
import { forwardOnlyPage, navigablePage } from './paging.js';
import { parseFields, parseOrderBy, project, sortRecords } from './query.js';
import { addNote, createTicket, patchTicket } from './tickets.js';

/**
 * The REST resources under `/<codebase>/apis/3.0`: every collection lists, counts
 * (`/count`) and reads one record (`/{id}`); children are served under their parent.
 * `childConditions` and `customFieldConditions` are accepted and ignored: no sandbox record
 * has child collections or custom fields to filter on.
 */

type ParentKey = 'agreementId' | 'ticketId' | 'boardId';

interface Resource {
  segments: string[];
  collection: keyof SandboxData;
  /** singular, for messages */
  noun: string;
  parent?: { collection: keyof SandboxData; key: ParentKey; noun: string };
}

const AGREEMENT = { collection: 'agreements', key: 'agreementId', noun: 'agreement' } as const;
const TICKET = { collection: 'tickets', key: 'ticketId', noun: 'ticket' } as const;
const BOARD = { collection: 'boards', key: 'boardId', noun: 'board' } as const;

const RESOURCES: Resource[] = [
  resource('system/members', 'members', 'member'),
  resource('company/companies', 'companies', 'company'),
  resource('company/configurations', 'configurations', 'configuration'),
  resource('finance/agreements/types', 'agreementTypes', 'agreement type'),
  resource('finance/agreements', 'agreements', 'agreement'),
  resource('finance/agreements/{id}/additions', 'additions', 'addition', AGREEMENT),
  resource('finance/agreements/{id}/workTypeExclusions', 'workTypeExclusions', 'work type exclusion', AGREEMENT),
  resource('finance/agreements/{id}/workRoleExclusions', 'workRoleExclusions', 'work role exclusion', AGREEMENT),
  resource('time/entries', 'timeEntries', 'time entry'),
  resource('time/workTypes', 'workTypes', 'work type'),
  resource('time/workRoles', 'workRoles', 'work role'),
  resource('expense/entries', 'expenses', 'expense'),
  resource('service/tickets', 'tickets', 'ticket'),
  resource('service/tickets/{id}/notes', 'ticketNotes', 'note', TICKET),
  resource('service/boards', 'boards', 'board'),
  resource('service/boards/{id}/statuses', 'boardStatuses', 'board status', BOARD),
  resource('service/boards/{id}/types', 'boardTypes', 'board type', BOARD),
  resource('service/priorities', 'priorities', 'priority'),
  resource('finance/invoices', 'invoices', 'invoice'),
];

function resource(path: string, collection: keyof SandboxData, noun: string, parent?: Resource['parent']): Resource {
  return { segments: path.split('/'), collection, noun, ...(parent ? { parent } : {}) };
}

/** Fields ConnectWise accepts on write but never returns. */
const HIDDEN: Partial<Record<keyof SandboxData, string[]>> = { tickets: ['initialDescription', 'initialInternalAnalysis'] };

export interface ApiRequest {
  method: string;
  /** without the `/<codebase>/apis/3.0` prefix */
  path: string;
  query: Query;
  forwardOnly: boolean;
  body: unknown;
}

export interface ApiResponse {
  status: number;
  body: unknown;
  link?: string;
  /** the record a write stored */
  written?: CwRecord;
}

export interface ApiContext {
  data: SandboxData;
  /** the API's base URL, for Link headers */
  baseUrl: string;
  now: Date;
}

type Target = { kind: 'list' } | { kind: 'count' } | { kind: 'item'; id: number };

interface Match {
  resource: Resource;
  parentId: number | undefined;
  target: Target;
}

export function handle(request: ApiRequest, context: ApiContext): ApiResponse {
  const match = resolve(request.path);
  if (!match) throw notFound(`No resource at ${request.path}`);
  const records = scope(context.data, match);
  return request.method === 'GET' ? read(request, context, match, records) : write(request, context, match, records);
}

function read(request: ApiRequest, context: ApiContext, { resource, target }: Match, records: CwRecord[]): ApiResponse {
  switch (target.kind) {
    case 'list':
      return list(request, context, resource, records);
    case 'count':
      return { status: 200, body: { count: filtered(request.query, visible(resource, records)).length } };
    case 'item':
      return { status: 200, body: shaped(request.query, [hide(resource, find(resource, records, target.id))])[0] };
  }
}

function write(request: ApiRequest, context: ApiContext, match: Match, records: CwRecord[]): ApiResponse {
  const { resource, target } = match;
  const { data, now } = context;
  const route = `${request.method} ${resource.collection} ${target.kind}`;
  if (route === 'POST tickets list') {
    const ticket = createTicket(data, request.body, now);
    return { status: 201, body: hide(resource, ticket), written: ticket };
  }
  if (route === 'POST ticketNotes list') {
    const note = addNote(data, match.parentId!, request.body, now);
    return { status: 201, body: note, written: note };
  }
  if (route === 'PATCH tickets item' && target.kind === 'item') {
    const ticket = patchTicket(data, find(resource, records, target.id), request.body, now);
    return { status: 200, body: hide(resource, ticket), written: ticket };
  }
  throw new SandboxError(405, 'MethodNotAllowed', `${request.method} is not allowed on ${request.path}`);
}

function list(request: ApiRequest, context: ApiContext, resource: Resource, records: CwRecord[]): ApiResponse {
  const { query } = request;
  const rows = filtered(query, visible(resource, records));
  const linkTo = (params: Query) =>
    `${context.baseUrl}${request.path}?${new URLSearchParams({ ...query, ...params }).toString()}`;
  const page = request.forwardOnly
    ? forwardOnlyPage(rows, query, linkTo)
    : navigablePage(sortRecords(rows, query.orderBy ? parseOrderBy(query.orderBy) : []), query, linkTo);
  return { status: 200, body: shaped(query, page.records), ...(page.link ? { link: page.link } : {}) };
}

function resolve(path: string): Match | undefined {
  const segments = path.split('/').filter((segment) => segment !== '');
  for (const resource of RESOURCES) {
    const prefix = segments.slice(0, resource.segments.length);
    if (prefix.length < resource.segments.length) continue;
    let parentId: number | undefined;
    const fits = resource.segments.every((expected, index) => {
      const actual = prefix[index]!;
      if (expected !== '{id}') return actual.toLowerCase() === expected.toLowerCase();
      parentId = Number(actual);
      return /^\d+$/.test(actual);
    });
    const target = fits ? targetOf(segments.slice(resource.segments.length)) : undefined;
    if (target) return { resource, parentId, target };
  }
  return undefined;
}

function targetOf(rest: string[]): Target | undefined {
  if (rest.length === 0) return { kind: 'list' };
  if (rest.length > 1) return undefined;
  if (rest[0]!.toLowerCase() === 'count') return { kind: 'count' };
  return /^\d+$/.test(rest[0]!) ? { kind: 'item', id: Number(rest[0]) } : undefined;
}

/** The records of the collection, or of one parent's children (404 when the parent does not exist). */
function scope(data: SandboxData, { resource, parentId }: Match): CwRecord[] {
  const { parent } = resource;
  if (!parent) return data[resource.collection];
  if (!data[parent.collection].some((record) => record.id === parentId)) {
    throw notFound(`The ${parent.noun} ${parentId} was not found`);
  }
  return data[resource.collection].filter((record) => record[parent.key] === parentId);
}

function find(resource: Resource, records: CwRecord[], id: number): CwRecord {
  const record = records.find((candidate) => candidate.id === id);
  if (!record) throw notFound(`The ${resource.noun} ${id} was not found`);
  return record;
}

function visible(resource: Resource, records: CwRecord[]): CwRecord[] {
  return HIDDEN[resource.collection] ? records.map((record) => hide(resource, record)) : records;
}

function hide(resource: Resource, record: CwRecord): CwRecord {
  const hidden = HIDDEN[resource.collection] ?? [];
  return Object.fromEntries(Object.entries(record).filter(([key]) => !hidden.includes(key))) as CwRecord;
}

function filtered(query: Query, records: CwRecord[]): CwRecord[] {
  if (!query.conditions) return records;
  try {
    const condition = parseConditions(query.conditions);
    return records.filter((record) => matches(condition, record));
  } catch (error) {
    if (!(error instanceof ConditionsError)) throw error;
    throw invalid('conditions', [{ code: 'InvalidConditions', message: error.message, field: 'conditions' }]);
  }
}

function shaped(query: Query, records: CwRecord[]): unknown[] {
  if (!query.fields) return records;
  const fields = parseFields(query.fields);
  return records.map((record) => project(record, fields));
}
