import { z } from 'zod';
import type { ConnectWiseClient } from '../connectwise/client.js';
import { quoted } from '../connectwise/conditions.js';
import { readList } from '../connectwise/read.js';
import { companyOfKey, ticketKeyPrefix, type TicketCompany } from './key.js';
import type { KeyTicket } from './plan.js';
import type { TicketNote } from '../waivers/ticket.js';
import { parseMarker } from './marker.js';
import type { TicketSetup } from './setup.js';

/**
 * Reads and writes of exception tickets in ConnectWise. Every record read is parsed, and one
 * that fails its schema stops the work: a ticket skipped here could be opened a second time.
 */

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

/** Every ticket of the tenant's period, open or closed, by the company of its key: where waivers are written. */
export async function findPeriodTickets(
  client: ConnectWiseClient,
  tenant: string,
  period: string,
): Promise<Array<{ id: number; company: TicketCompany }>> {
  const tickets = await readTickets(client, `externalXRef contains ${quoted(ticketKeyPrefix(tenant, period))}`);
  return tickets.flatMap((ticket) => {
    const company = companyOfKey(ticket.externalXRef ?? '', tenant, period);
    return company === null ? [] : [{ id: ticket.id, company }];
  });
}

const noteSchema = z.object({
  id: z.number().int(),
  text: z.string().nullish(),
  /** a member's note; a contact's portal note has none */
  member: z.object({ identifier: z.string() }).nullish(),
  dateCreated: z.string().nullish(),
});

/** Every note of the ticket, with its author and time; billing-guard's own are those carrying the marker. */
export async function readTicketNotes(client: ConnectWiseClient, ticketId: number): Promise<TicketNote[]> {
  const notes = await readList(client, {
    path: `/service/tickets/${ticketId}/notes`,
    schema: noteSchema,
    fields: 'id,text,member,dateCreated',
    fetchPage: (params) => client.api.ServiceAPI.getServiceTicketsByParentIdNotes(ticketId, params),
  });
  return notes.map((note) => {
    const text = note.text ?? '';
    return {
      id: note.id,
      text,
      member: note.member?.identifier ?? null,
      createdAt: note.dateCreated ?? '',
      own: parseMarker(text) !== null,
    };
  });
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
      // internal analysis, never the description: ConnectWise shows a description to the client (portal, notification workflows)
      initialInternalAnalysis: ticket.description,
      automaticEmailContactFlag: false,
      automaticEmailCcFlag: false,
      company: { id: ticket.companyId },
      board: { id: setup.board.id },
      status: { id: setup.status.id },
      ...(setup.priority ? { priority: { id: setup.priority.id } } : {}),
      ...(setup.type ? { type: { id: setup.type.id } } : {}),
    }),
  );
  return createdSchema.parse(created).id;
}

/** An internal note: finance sees it on the ticket's Internal tab, the client never does, and no workflow mails it. */
export async function addInternalNote(client: ConnectWiseClient, ticketId: number, text: string): Promise<void> {
  const path = `/service/tickets/${ticketId}/notes`;
  await client.call({ method: 'post', path }, () =>
    client.api.ServiceAPI.postServiceTicketsByParentIdNotes(ticketId, {
      text,
      internalAnalysisFlag: true,
      detailDescriptionFlag: false,
      resolutionFlag: false,
      processNotifications: false,
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
  return readList(client, {
    path: '/service/tickets',
    schema: keyTicketSchema,
    fields: 'id,externalXRef,closedFlag,status',
    conditions,
    fetchPage: (params) => client.api.ServiceAPI.getServiceTickets(params),
  });
}

/** A resolved status that is not a closed status on the board still ends the ticket for billing-guard. */
function isClosed(ticket: KeyTicketRecord, setup: TicketSetup): boolean {
  return ticket.closedFlag === true || ticket.status?.id === setup.resolvedStatus.id;
}
