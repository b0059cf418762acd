import { z } from 'zod';
import type { CommonParameters } from 'connectwise-rest';
import type { BillingConfig } from '../config/billing.js';
import type { ConnectWiseClient } from '../connectwise/client.js';
import { streamPages } from '../connectwise/pager.js';
import { companyRefSchema, type CompanyRef } from '../connectwise/records.js';
import { companyOfKey, ticketKeyPrefix, type TicketCompany } from './key.js';
import type { KeyTicket } from './plan.js';
import { parseOpenIds } from './render.js';

/** Reads and writes of exception tickets in ConnectWise; every record read is parsed. */

const named = z.object({ id: z.number().int(), name: z.string() });

/** The configured names of tickets.*, resolved to ConnectWise records; JSON, so a job can carry it. */
export const ticketSetupSchema = z.object({
  board: named,
  status: named,
  resolvedStatus: named,
  priority: named.nullable(),
  type: named.nullable(),
  internalCompany: companyRefSchema.nullable(),
});
export type TicketSetup = z.infer<typeof ticketSetupSchema>;

export interface SetupProblem {
  /** the setting under `tickets:` */
  setting: keyof BillingConfig['tickets'];
  value: string;
  problem: string;
}

/** A tickets.* name that ConnectWise does not know: the run stops before anything is written. */
export class TicketSetupError extends Error {
  override readonly name = 'TicketSetupError';

  constructor(readonly problems: readonly SetupProblem[]) {
    super(
      `The exception ticket settings do not match ConnectWise: ${problems
        .map((problem) => `tickets.${problem.setting} "${problem.value}" ${problem.problem}`)
        .join('; ')}`,
    );
  }
}

const choiceSchema = z
  .object({ id: z.number().int(), name: z.string(), inactiveFlag: z.boolean().nullish(), inactive: z.boolean().nullish() })
  .transform(({ id, name, inactiveFlag, inactive }) => ({ id, name, active: inactiveFlag !== true && inactive !== true }));
type Choice = z.output<typeof choiceSchema>;
type Named = z.infer<typeof named>;

/** Looks every tickets.* name up before any write, and names every one that is wrong. */
export async function resolveTicketSetup(client: ConnectWiseClient, settings: BillingConfig['tickets']): Promise<TicketSetup> {
  const service = client.api.ServiceAPI;
  const problems: SetupProblem[] = [];
  const [boards, priorities, internalCompany] = await Promise.all([
    readAll(client, '/service/boards', choiceSchema, 'id,name,inactiveFlag', (params) => service.getServiceBoards(params)),
    settings.priority === null
      ? []
      : readAll(client, '/service/priorities', choiceSchema, 'id,name', (params) => service.getServicePriorities(params)),
    settings.internalCompany === null ? null : findCompany(client, settings.internalCompany, problems),
  ]);
  const board = choose(boards, 'board', settings.board, 'service boards', problems);
  const priority = settings.priority === null ? null : choose(priorities, 'priority', settings.priority, 'priorities', problems);
  if (!board) throw new TicketSetupError(problems);

  const [statuses, types] = await Promise.all([
    readAll(client, `/service/boards/${board.id}/statuses`, choiceSchema, 'id,name,inactive', (params) =>
      service.getServiceBoardsByParentIdStatuses(board.id, params),
    ),
    settings.type === null
      ? []
      : readAll(client, `/service/boards/${board.id}/types`, choiceSchema, 'id,name,inactiveFlag', (params) =>
          service.getServiceBoardsByParentIdTypes(board.id, params),
        ),
  ]);
  const ofBoard = (what: string) => `${what} of the board "${board.name}"`;
  const status = choose(statuses, 'status', settings.status, ofBoard('statuses'), problems);
  const resolvedStatus = choose(statuses, 'resolvedStatus', settings.resolvedStatus, ofBoard('statuses'), problems);
  const type = settings.type === null ? null : choose(types, 'type', settings.type, ofBoard('types'), problems);
  if (!status || !resolvedStatus || type === undefined || priority === undefined || internalCompany === undefined) {
    throw new TicketSetupError(problems);
  }
  return { board, status, resolvedStatus, priority, type, internalCompany };
}

/** The active record of that name (case aside), or a problem naming what exists. */
function choose(
  choices: readonly Choice[],
  setting: SetupProblem['setting'],
  wanted: string,
  what: string,
  problems: SetupProblem[],
): Named | undefined {
  const found = choices.find((choice) => sameName(choice.name, wanted));
  if (found?.active) return { id: found.id, name: found.name };
  const known = choices.filter((choice) => choice.active).map((choice) => `"${choice.name}"`);
  const problem = found ? 'is inactive in ConnectWise' : `is not one of the ${what}: ${known.length > 0 ? known.join(', ') : '(none)'}`;
  problems.push({ setting, value: wanted, problem });
  return undefined;
}

async function findCompany(client: ConnectWiseClient, wanted: string, problems: SetupProblem[]): Promise<CompanyRef | undefined> {
  const companies = await readAll(
    client,
    '/company/companies',
    companyRefSchema,
    'id,identifier,name',
    (params) => client.api.CompanyAPI.getCompanyCompanies(params),
    `identifier = ${quoted(wanted)} or name = ${quoted(wanted)}`,
  );
  const found =
    companies.find((company) => sameName(company.identifier, wanted)) ?? companies.find((company) => sameName(company.name, wanted));
  if (!found) {
    const problem = 'is neither the identifier nor the name of a ConnectWise company';
    problems.push({ setting: 'internalCompany', value: wanted, problem });
  }
  return found;
}

const keyTicketSchema = z.object({
  id: z.number().int(),
  externalXRef: z.string().nullish(),
  closedFlag: z.boolean().nullish(),
  status: z.object({ id: z.number().int() }).nullish(),
});
type KeyTicketRecord = z.output<typeof keyTicketSchema>;

/** Every ticket, open or closed, whose externalXRef is the key. */
export async function findTicketsByKey(client: ConnectWiseClient, setup: TicketSetup, key: string): Promise<KeyTicket[]> {
  const tickets = await readTickets(client, `externalXRef = ${quoted(key)}`);
  return tickets
    .filter((ticket) => ticket.externalXRef === key)
    .map((ticket) => ({ id: ticket.id, closed: isClosed(ticket, setup) }));
}

/** The open exception tickets of a tenant's period, with the company of their key. */
export async function findOpenTickets(
  client: ConnectWiseClient,
  setup: TicketSetup,
  tenant: string,
  period: string,
): Promise<Array<{ id: number; company: TicketCompany }>> {
  // `contains` rather than `like`: its meaning does not depend on the wildcard a server takes
  const tickets = await readTickets(client, `externalXRef contains ${quoted(ticketKeyPrefix(tenant, period))} and closedFlag = false`);
  return tickets.flatMap((ticket) => {
    const company = companyOfKey(ticket.externalXRef ?? '', tenant, period);
    return company === null || isClosed(ticket, setup) ? [] : [{ id: ticket.id, company }];
  });
}

const noteSchema = z.object({ id: z.number().int(), text: z.string().nullish() });

/** What the ticket's newest note carrying the marker leaves open; null when no note carries it. */
export async function readOpenIds(client: ConnectWiseClient, ticketId: number): Promise<ReadonlySet<string> | null> {
  const notes = await readAll(client, `/service/tickets/${ticketId}/notes`, noteSchema, 'id,text', (params) =>
    client.api.ServiceAPI.getServiceTicketsByParentIdNotes(ticketId, params),
  );
  let openIds: ReadonlySet<string> | null = null;
  for (const note of notes) openIds = parseOpenIds(note.text ?? '') ?? openIds;
  return openIds;
}

const createdSchema = z.object({ id: z.number().int() });

export async function createTicket(
  client: ConnectWiseClient,
  setup: TicketSetup,
  ticket: { key: string; companyId: number; summary: string; description: string },
): Promise<number> {
  const created = await client.call({ method: 'post', path: '/service/tickets' }, () =>
    client.api.ServiceAPI.postServiceTickets({
      summary: ticket.summary,
      externalXRef: ticket.key,
      initialDescription: ticket.description,
      company: { id: ticket.companyId },
      board: { id: setup.board.id },
      status: { id: setup.status.id },
      ...(setup.priority ? { priority: { id: setup.priority.id } } : {}),
      ...(setup.type ? { type: { id: setup.type.id } } : {}),
    }),
  );
  return createdSchema.parse(created).id;
}

/** An internal note: finance sees it on the ticket's Internal tab, the client never does. */
export async function addInternalNote(client: ConnectWiseClient, ticketId: number, text: string): Promise<void> {
  const path = `/service/tickets/${ticketId}/notes`;
  await client.call({ method: 'post', path }, () =>
    client.api.ServiceAPI.postServiceTicketsByParentIdNotes(ticketId, {
      text,
      internalAnalysisFlag: true,
      detailDescriptionFlag: false,
      resolutionFlag: false,
    }),
  );
}

export async function setTicketStatus(client: ConnectWiseClient, ticketId: number, statusId: number): Promise<void> {
  const path = `/service/tickets/${ticketId}`;
  await client.call({ method: 'patch', path }, () =>
    client.api.ServiceAPI.patchServiceTicketsById(ticketId, [{ op: 'replace', path: 'status', value: { id: statusId } }]),
  );
}

function readTickets(client: ConnectWiseClient, conditions: string): Promise<KeyTicketRecord[]> {
  return readAll(
    client,
    '/service/tickets',
    keyTicketSchema,
    'id,externalXRef,closedFlag,status',
    (params) => client.api.ServiceAPI.getServiceTickets(params),
    conditions,
  );
}

/** A resolved status that is not a closed status on the board still ends the ticket for billing-guard. */
function isClosed(ticket: KeyTicketRecord, setup: TicketSetup): boolean {
  return ticket.closedFlag === true || ticket.status?.id === setup.resolvedStatus.id;
}

/**
 * The short lists of this module, every page. A record failing its schema stops the work: a
 * ticket skipped here could be opened a second time.
 */
async function readAll<S extends z.ZodType>(
  client: ConnectWiseClient,
  path: string,
  schema: S,
  fields: string,
  fetchPage: (params: CommonParameters) => Promise<unknown[]>,
  conditions?: string,
): Promise<z.output<S>[]> {
  const records: z.output<S>[] = [];
  const request = { path, fields, ...(conditions === undefined ? {} : { conditions }) };
  for await (const page of streamPages(client, request, fetchPage as (params: CommonParameters) => Promise<{ id?: number }[]>)) {
    for (const raw of page) {
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        throw new Error(`ConnectWise returned a record of ${path} that cannot be read: ${z.prettifyError(parsed.error)}`);
      }
      records.push(parsed.data);
    }
  }
  return records;
}

/** A string literal of the conditions language; a quote inside is doubled. */
function quoted(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

function sameName(actual: string, wanted: string): boolean {
  return actual.trim().toLowerCase() === wanted.trim().toLowerCase();
}
