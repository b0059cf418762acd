import type { CompanyRef } from '../connectwise/records.js';
import type { Report } from '../report/schema.js';
import type { TicketCompany } from './key.js';
import type { UnmatchedWaiverLine } from '../waivers/ticket.js';
import { lastListed, type ListedException } from '../waivers/listed.js';
import { EMPTY_MARKER, type TicketMarker } from './marker.js';
import { closingNote, ticketDescription, ticketSummary, updateNote, type TicketChange, type TicketRun } from './render.js';
import { ticketTarget, ticketWorthy, type TicketTarget } from './target.js';

/**
 * Exception tickets are reconciled like `terraform plan`: the desired state of a key (the
 * run's exceptions) against its actual state in ConnectWise (the ticket found by the key and
 * the ids its newest marked note leaves open) gives exactly one action. Running it twice is
 * harmless: once applied, the actual state equals the desired one and the plan is `nothing`.
 */

/** A ticket found by its key. */
export interface KeyTicket {
  id: number;
  /** closed, or in tickets.resolvedStatus */
  closed: boolean;
}

/** The ticket the plan reconciles, with the marker of its newest note that carries one (null: none does). */
export interface TicketState extends KeyTicket {
  marker: TicketMarker | null;
}

/** What the notes of every ticket of the key say besides the marker. */
export interface TicketHistory {
  /** waiver lines that waived nothing, each to be answered once */
  unmatched: readonly UnmatchedWaiverLine[];
  /** billing-guard's exception lines, to describe a resolved exception as it was last listed */
  listed: readonly ListedException[];
}

export const NO_HISTORY: TicketHistory = { unmatched: [], listed: [] };

export type TicketAction =
  | { kind: 'create'; companyId: number; summary: string; description: string }
  | { kind: 'note'; ticketId: number; text: string }
  /** text null: the closing note is already there, only the status is left */
  | { kind: 'close'; ticketId: number; text: string | null }
  | { kind: 'nothing'; ticketId: number | null };

/**
 * Of the tickets found by one key, the one the plan reads: the oldest open one (a second
 * open ticket can only come from outside billing-guard), else the newest closed one.
 */
export function ticketOfKey<T extends KeyTicket>(tickets: readonly T[]): T | null {
  const byId = [...tickets].sort((a, b) => a.id - b.id);
  return byId.find((ticket) => !ticket.closed) ?? byId.at(-1) ?? null;
}

export function planTicket(target: TicketTarget, ticket: TicketState | null, history: TicketHistory, run: TicketRun): TicketAction {
  const open = new Set(target.exceptions.map((exception) => exception.id));
  if (ticket !== null && !ticket.closed) {
    const written = ticket.marker ?? EMPTY_MARKER;
    const change = changeSince(written, target, history);
    const nothingToSay = Object.values(change).every((items) => items.length === 0);
    const next = nextMarker(written, target, change);
    if (open.size === 0) {
      const closingNoteWritten = ticket.marker !== null && written.open.size === 0 && nothingToSay;
      return { kind: 'close', ticketId: ticket.id, text: closingNoteWritten ? null : closingNote(target, change, next, run) };
    }
    if (nothingToSay) return { kind: 'nothing', ticketId: ticket.id };
    return { kind: 'note', ticketId: ticket.id, text: updateNote(target, change, next, run) };
  }
  if (open.size === 0) return { kind: 'nothing', ticketId: ticket?.id ?? null };
  // a closed ticket is never reopened; closing it while these exceptions were open settled them
  const settled = ticket?.marker?.open;
  if (ticket && settled && [...open].every((id) => settled.has(id))) return { kind: 'nothing', ticketId: ticket.id };
  const change = changeSince(EMPTY_MARKER, target, { ...history, listed: [] });
  return {
    kind: 'create',
    companyId: target.companyId,
    summary: ticketSummary(target.period, target.companyName ?? `company #${target.companyId}`),
    description: ticketDescription(target, change, nextMarker(EMPTY_MARKER, target, change), run),
  };
}

/** What is new to say on the ticket since the marker it carries. */
function changeSince(written: TicketMarker, target: TicketTarget, history: TicketHistory): TicketChange {
  const now = new Set([...target.exceptions, ...target.waived].map((exception) => exception.id));
  return {
    added: target.exceptions.filter((exception) => !written.open.has(exception.id) && !written.waived.has(exception.id)),
    reopened: target.exceptions.filter((exception) => written.waived.has(exception.id)),
    waived: target.waived.filter((exception) => !written.waived.has(exception.id)),
    resolved: [...written.open]
      .filter((id) => !now.has(id))
      .sort()
      .map((id) => lastListed(history.listed, id)?.line ?? `- ref ${id}`),
    answered: history.unmatched.filter((line) => !written.answered.has(line.noteId)),
  };
}

function nextMarker(written: TicketMarker, target: TicketTarget, change: TicketChange): TicketMarker {
  return {
    open: new Set(target.exceptions.map((exception) => exception.id)),
    waived: new Set(target.waived.map((exception) => exception.id)),
    answered: new Set([...written.answered, ...change.answered.map((line) => line.noteId)]),
  };
}

/**
 * Every key a run must reconcile: each company with a warning or error, the internal key
 * when it has one and tickets.internalCompany is set, and each key that still has an open
 * ticket for the period, so that a company whose exceptions were all fixed gets closed.
 * Sorted by company id, the internal key last.
 */
export function planTickets(
  report: Report,
  openTickets: readonly { company: TicketCompany }[],
  internalCompany: CompanyRef | null,
): TicketTarget[] {
  const companies = new Set<TicketCompany>(openTickets.map((ticket) => ticket.company));
  for (const exception of report.exceptions) {
    if (!ticketWorthy(exception) || exception.waiver !== null) continue;
    if (exception.scope === 'internal') companies.add('internal');
    else if (exception.company) companies.add(exception.company.id);
  }
  const order = (company: TicketCompany) => (company === 'internal' ? Number.POSITIVE_INFINITY : company);
  return [...companies]
    .sort((a, b) => order(a) - order(b))
    .map((company) => ticketTarget(report, company, internalCompany))
    .filter((target): target is TicketTarget => target !== null);
}
