import type { Redis } from 'ioredis';
import type { ConnectWiseClient } from '../connectwise/client.js';
import type { Logger } from '../log.js';
import { ticketsTotal } from '../metrics.js';
import type { ReportTicket } from '../report/schema.js';
import { listedExceptions } from '../waivers/listed.js';
import { byCreation, readTicketWaivers, type TicketNote } from '../waivers/ticket.js';
import { addInternalNote, createTicket, findTicketsByKey, readTicketNotes, setTicketStatus } from './connectwise.js';
import { DEFAULT_LOCK_OPTIONS, withTicketLock, type LockOptions } from './lock.js';
import { planTicket, ticketOfKey, type TicketAction } from './plan.js';
import { parseMarker, sameMarker, type TicketMarker } from './marker.js';
import type { TicketRun } from './render.js';
import type { TicketSetup } from './setup.js';
import type { TicketTarget } from './target.js';

export interface ApplyTicketOptions {
  client: ConnectWiseClient;
  redis: Redis;
  /** the Redis key prefix the lock lives under */
  prefix: string;
  setup: TicketSetup;
  target: TicketTarget;
  run: TicketRun;
  dryRun: boolean;
  logger: Logger;
  lock?: LockOptions;
}

const DRY_RUN_ACTIONS = { create: 'would-create', note: 'would-note', close: 'would-close', nothing: 'unchanged' } as const;

/**
 * Brings one key's exception ticket in ConnectWise to what the run found, exactly once: under
 * the key's lock, it reads the key's tickets and their marker right before writing, plans,
 * and applies the one action. Whatever was already written (by a crashed or concurrent run,
 * or a write whose answer was lost) is read back, so a re-run converges instead of writing
 * twice. A dry run plans from the same reads and writes nothing.
 */
export async function applyTicketKey(options: ApplyTicketOptions): Promise<ReportTicket> {
  const ticket = await bringTicketUpToDate(options);
  ticketsTotal.inc({ action: ticket.action });
  return ticket;
}

async function bringTicketUpToDate(options: ApplyTicketOptions): Promise<ReportTicket> {
  const { target } = options;
  if (options.dryRun) {
    const action = await planFromConnectWise(options);
    return { company: target.company, ticketId: action.kind === 'create' ? null : action.ticketId, action: DRY_RUN_ACTIONS[action.kind] };
  }
  const lockKey = `${options.prefix}:ticket-lock:${target.key}`;
  return withTicketLock(
    options.redis,
    lockKey,
    async (lock) => {
      const action = await planFromConnectWise(options);
      if (action.kind === 'nothing') return { company: target.company, ticketId: action.ticketId, action: 'unchanged' };
      await lock.confirm();
      const result = await write(options, action);
      options.logger.info({ key: target.key, ticketId: result.ticketId, action: result.action }, 'exception ticket written');
      return result;
    },
    options.lock ?? DEFAULT_LOCK_OPTIONS,
  );
}

/**
 * Plans from what ConnectWise holds right now: the key's ticket with the marker of its newest
 * own note, and the notes of every ticket of the key, open or closed, for waiver lines to
 * answer and for how resolved exceptions were last listed.
 */
async function planFromConnectWise({ client, setup, target, run }: ApplyTicketOptions): Promise<TicketAction> {
  const tickets = await findTicketsByKey(client, setup, target.key);
  const notesByTicket = new Map<number, TicketNote[]>(
    await Promise.all(tickets.map(async (ticket) => [ticket.id, await readTicketNotes(client, ticket.id)] as const)),
  );
  const ticket = ticketOfKey(tickets);
  const notes = [...notesByTicket.values()].flat();
  const refs = new Set([...target.exceptions, ...target.waived].map((exception) => exception.id));
  const history = { unmatched: readTicketWaivers(notes, refs).unmatched, listed: listedExceptions(notes) };
  const state = ticket && { ...ticket, marker: markerOf(notesByTicket.get(ticket.id) ?? []) };
  return planTicket(target, state, history, run);
}

/** The marker of the newest note that carries one; null when none does. */
function markerOf(notes: readonly TicketNote[]): TicketMarker | null {
  const newest = notes.filter((note) => note.own).sort(byCreation).at(-1);
  return newest ? parseMarker(newest.text) : null;
}

async function write(options: ApplyTicketOptions, action: Exclude<TicketAction, { kind: 'nothing' }>): Promise<ReportTicket> {
  const { client, setup, target } = options;
  switch (action.kind) {
    case 'create':
      return { company: target.company, ticketId: await createOnce(options, action), action: 'created' };
    case 'note':
      await noteOnce(client, action.ticketId, action.text);
      return { company: target.company, ticketId: action.ticketId, action: 'noted' };
    case 'close':
      if (action.text !== null) await noteOnce(client, action.ticketId, action.text);
      await setTicketStatus(client, action.ticketId, setup.resolvedStatus.id);
      return { company: target.company, ticketId: action.ticketId, action: 'closed' };
  }
}

/** Creates the ticket, then finds it by its key; a create whose answer was lost is found the same way. */
async function createOnce(
  { client, setup, target, logger }: ApplyTicketOptions,
  action: Extract<TicketAction, { kind: 'create' }>,
): Promise<number> {
  let created: number;
  try {
    created = await createTicket(client, setup, { key: target.key, ...action });
  } catch (error) {
    const stored = ticketOfKey(await findTicketsByKey(client, setup, target.key));
    if (stored === null || stored.closed) throw error;
    logger.warn({ key: target.key, ticketId: stored.id }, 'the create failed, but ConnectWise had stored the ticket');
    return stored.id;
  }
  const found = await findTicketsByKey(client, setup, target.key);
  if (!found.some((ticket) => ticket.id === created && !ticket.closed)) {
    throw new Error(`Ticket #${created} was created but is not found by its externalXRef ${target.key}: a re-run would open another`);
  }
  return created;
}

/** Adds the note; when its answer is lost, the ticket's marker tells whether it was stored. */
async function noteOnce(client: ConnectWiseClient, ticketId: number, text: string): Promise<void> {
  try {
    await addInternalNote(client, ticketId, text);
  } catch (error) {
    const written = markerOf(await readTicketNotes(client, ticketId));
    const intended = parseMarker(text);
    if (written === null || intended === null || !sameMarker(written, intended)) throw error;
  }
}
