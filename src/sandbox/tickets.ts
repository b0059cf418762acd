import { z } from 'zod';
import type { CwRecord, SandboxData } from './data.js';
import type { ErrorDetail } from './errors.js';
import { invalid, invalidField, zodInvalid } from './errors.js';
import { compareText } from './values.js';

/**
 * The writes ConnectWise accepts from billing-guard: create a service ticket, add a note,
 * patch a ticket. Each validates everything before it changes anything, so a rejected write
 * leaves the data as it was. `initialDescription` and `initialInternalAnalysis` are stored on the
 * ticket (GETs hide them) and become its first notes, a discussion and an internal one, as in
 * ConnectWise. What could reach the client is recorded as sent: the contact, the mail flags and
 * each note's `processNotifications`.
 */

const API_MEMBER = 'api';
/** the integration's own API member, as ConnectWise names it on the notes it writes */
const API_MEMBER_REFERENCE = { id: 9999, identifier: API_MEMBER, name: 'billing-guard API' };

const reference = z.object({ id: z.number().int().positive().optional(), name: z.string().optional() });
type Reference = z.infer<typeof reference>;

const summary = z.string().min(1, 'summary is required').max(100, 'summary must be at most 100 characters');
const externalXRef = z.string().max(100, 'externalXRef must be at most 100 characters').nullable();

const ticketBody = z.object({
  summary,
  externalXRef: externalXRef.optional(),
  initialDescription: z.string().nullish(),
  initialInternalAnalysis: z.string().nullish(),
  contact: z.object({ id: z.number().int().positive() }).nullish(),
  automaticEmailContactFlag: z.boolean().optional(),
  automaticEmailCcFlag: z.boolean().optional(),
  company: z.object({ id: z.number().int().positive().optional(), identifier: z.string().optional() }),
  board: reference,
  status: reference.nullish(),
  priority: reference.nullish(),
  type: reference.nullish(),
});

const noteBody = z.object({
  text: z.string().min(1, 'text is required'),
  /** who wrote it: a member by id or identifier (finance writing on the ticket); the API member when absent */
  member: z.object({ id: z.number().int().positive().optional(), identifier: z.string().optional() }).optional(),
  detailDescriptionFlag: z.boolean().optional(),
  internalAnalysisFlag: z.boolean().optional(),
  resolutionFlag: z.boolean().optional(),
  processNotifications: z.boolean().optional(),
});

const patchBody = z
  .array(z.object({ op: z.enum(['replace', 'add']), path: z.string(), value: z.unknown() }))
  .min(1, 'a JSON Patch array with at least one operation is expected');

type Problem = Omit<ErrorDetail, 'resource'>;

export function createTicket(data: SandboxData, body: unknown, now: Date): CwRecord {
  const parsed = ticketBody.safeParse(body);
  if (!parsed.success) throw zodInvalid('ticket', parsed.error);
  const input = parsed.data;
  const problems: Problem[] = [];
  const company = data.companies.find((record) =>
    input.company.id !== undefined
      ? record.id === input.company.id
      : sameText(record.identifier, input.company.identifier),
  );
  if (!company) problems.push(notFoundProblem('company', input.company.id ?? input.company.identifier));
  const board = lookup(data.boards, input.board, 'board', problems);
  const priority = input.priority
    ? lookup(data.priorities, input.priority, 'priority', problems)
    : data.priorities.find((record) => record.defaultFlag === true);
  let status: CwRecord | undefined;
  let type: CwRecord | undefined;
  if (board) {
    const statuses = data.boardStatuses.filter((record) => record.boardId === board.id);
    status = input.status ? lookup(statuses, input.status, 'status', problems) : defaultOf(statuses);
    if (input.type) type = lookup(data.boardTypes.filter((record) => record.boardId === board.id), input.type, 'type', problems);
  }
  if (problems.length > 0 || !company || !board) throw invalid('ticket', problems);

  const stamp = timestamp(now);
  const ticket: CwRecord = withoutEmpty({
    id: nextId(data.tickets),
    summary: input.summary,
    recordType: 'ServiceTicket',
    board: nameOf(board),
    company: { id: company.id, identifier: company.identifier, name: company.name },
    priority: priority && nameOf(priority),
    type: type && nameOf(type),
    externalXRef: input.externalXRef,
    initialDescription: input.initialDescription,
    initialInternalAnalysis: input.initialInternalAnalysis,
    contact: input.contact,
    automaticEmailContactFlag: input.automaticEmailContactFlag ?? true,
    automaticEmailCcFlag: input.automaticEmailCcFlag ?? true,
    closedFlag: false,
    _info: { lastUpdated: stamp, updatedBy: API_MEMBER, dateEntered: stamp, enteredBy: API_MEMBER },
  });
  if (status) setStatus(ticket, status, stamp);
  data.tickets.push(ticket);
  if (input.initialDescription) {
    storeNote(data, ticket.id, { text: input.initialDescription, detailDescriptionFlag: true }, stamp);
  }
  if (input.initialInternalAnalysis) {
    storeNote(data, ticket.id, { text: input.initialInternalAnalysis, internalAnalysisFlag: true, processNotifications: false }, stamp);
  }
  return ticket;
}

export function addNote(data: SandboxData, ticketId: number, body: unknown, now: Date): CwRecord {
  const parsed = noteBody.safeParse(body);
  if (!parsed.success) throw zodInvalid('note', parsed.error);
  const wanted = parsed.data.member;
  if (wanted === undefined) return storeNote(data, ticketId, parsed.data, timestamp(now));
  const member = data.members.find((record) =>
    wanted.id !== undefined ? record.id === wanted.id : sameText(record.identifier, wanted.identifier),
  );
  if (!member) throw invalid('note', [notFoundProblem('member', wanted.id ?? wanted.identifier)]);
  return storeNote(data, ticketId, parsed.data, timestamp(now), member);
}

/** Applies a JSON Patch of `status` (by id or name, on the ticket's board), `summary` or `externalXRef`. */
export function patchTicket(data: SandboxData, ticket: CwRecord, body: unknown, now: Date): CwRecord {
  const parsed = patchBody.safeParse(body);
  if (!parsed.success) throw zodInvalid('ticket', parsed.error);
  const stamp = timestamp(now);
  const updated: CwRecord = { ...ticket, _info: { ...(ticket._info as object), lastUpdated: stamp, updatedBy: API_MEMBER } };
  for (const operation of parsed.data) {
    const field = operation.path.replace(/^\//, '');
    switch (field) {
      case 'status': {
        const statuses = data.boardStatuses.filter((record) => record.boardId === idOf(ticket.board));
        const problems: Problem[] = [];
        const status = lookup(statuses, parseField('status', reference, operation.value), 'status', problems);
        if (!status) throw invalid('ticket', problems);
        setStatus(updated, status, stamp);
        break;
      }
      case 'summary':
        updated.summary = parseField(field, summary, operation.value);
        break;
      case 'externalXRef':
        updated.externalXRef = parseField(field, externalXRef, operation.value);
        break;
      default:
        throw invalidField('ticket', field, `"${operation.path}" cannot be patched: status, summary and externalXRef can`);
    }
  }
  data.tickets[data.tickets.indexOf(ticket)] = updated;
  return updated;
}

function storeNote(data: SandboxData, ticketId: number, note: z.infer<typeof noteBody>, stamp: string, member?: CwRecord): CwRecord {
  const author = member ? { id: member.id, identifier: member.identifier, name: `${member.firstName} ${member.lastName}` } : API_MEMBER_REFERENCE;
  const record: CwRecord = {
    id: nextId(data.ticketNotes),
    ticketId,
    text: note.text,
    detailDescriptionFlag: note.detailDescriptionFlag ?? false,
    internalAnalysisFlag: note.internalAnalysisFlag ?? false,
    resolutionFlag: note.resolutionFlag ?? false,
    processNotifications: note.processNotifications ?? true,
    member: author,
    dateCreated: stamp,
    createdBy: author.identifier,
    _info: { lastUpdated: stamp, updatedBy: author.identifier },
  };
  data.ticketNotes.push(record);
  return record;
}

/** Moving to a closed status closes the ticket (keeping the first closing date); any other reopens it. */
function setStatus(ticket: CwRecord, status: CwRecord, stamp: string): void {
  ticket.status = nameOf(status);
  if (status.closedStatus === true) {
    ticket.closedDate = ticket.closedFlag === true ? ticket.closedDate : stamp;
    ticket.closedBy = ticket.closedFlag === true ? ticket.closedBy : API_MEMBER;
    ticket.closedFlag = true;
  } else {
    ticket.closedFlag = false;
    delete ticket.closedDate;
    delete ticket.closedBy;
  }
}

function parseField<T>(field: string, schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidField('ticket', field, `${field}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

function lookup(records: CwRecord[], wanted: Reference, field: string, problems: Problem[]): CwRecord | undefined {
  const found = records.find((record) =>
    wanted.id !== undefined ? record.id === wanted.id : sameText(record.name, wanted.name),
  );
  if (!found) problems.push(notFoundProblem(field, wanted.id ?? wanted.name));
  return found;
}

function notFoundProblem(field: string, wanted: number | string | undefined): Problem {
  const what = typeof wanted === 'number' ? `#${wanted}` : wanted === undefined ? '(no id or name)' : `"${wanted}"`;
  return { code: 'InvalidField', field, message: `${field} ${what} was not found` };
}

function sameText(value: unknown, wanted: string | undefined): boolean {
  return typeof value === 'string' && wanted !== undefined && compareText(value, wanted) === 0;
}

function defaultOf(records: CwRecord[]): CwRecord | undefined {
  return records.find((record) => record.defaultFlag === true);
}

function nameOf(record: CwRecord): { id: number; name: unknown } {
  return { id: record.id, name: record.name };
}

function idOf(value: unknown): number | undefined {
  return value !== null && typeof value === 'object' && 'id' in value && typeof value.id === 'number' ? value.id : undefined;
}

function nextId(records: readonly CwRecord[]): number {
  return records.reduce((max, record) => Math.max(max, record.id), 0) + 1;
}

/** ConnectWise writes instants as ISO strings in UTC without milliseconds. */
function timestamp(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** ConnectWise leaves out fields that have no value. */
function withoutEmpty(record: CwRecord): CwRecord {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value != null)) as CwRecord;
}
