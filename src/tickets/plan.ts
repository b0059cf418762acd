import type { CompanyRef } from '../connectwise/records.js';
import type { Report } from '../report/schema.js';
import type { TicketCompany } from './key.js';
import { closingNote, ticketDescription, ticketSummary, updateNote, type TicketRun } from './render.js';
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

/** The ticket the plan reconciles, with what its newest marked note left open (null: no marker). */
export interface TicketState extends KeyTicket {
  openIds: ReadonlySet<string> | null;
}

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

export function planTicket(target: TicketTarget, ticket: TicketState | null, run: TicketRun): TicketAction {
  const wanted = new Set(target.exceptions.map((exception) => exception.id));
  if (ticket !== null && !ticket.closed) {
    const written = ticket.openIds ?? new Set<string>();
    const added = target.exceptions.filter((exception) => !written.has(exception.id));
    const resolved = [...written].filter((id) => !wanted.has(id));
    if (wanted.size === 0) {
      const closingNoteWritten = ticket.openIds !== null && written.size === 0;
      return { kind: 'close', ticketId: ticket.id, text: closingNoteWritten ? null : closingNote(target, resolved, run) };
    }
    if (added.length === 0 && resolved.length === 0) return { kind: 'nothing', ticketId: ticket.id };
    return { kind: 'note', ticketId: ticket.id, text: updateNote(target, { added, resolved }, run) };
  }
  if (wanted.size === 0) return { kind: 'nothing', ticketId: ticket?.id ?? null };
  // a closed ticket is never reopened; closing it while these exceptions were open settled them
  const settled = ticket?.openIds;
  if (ticket && settled && [...wanted].every((id) => settled.has(id))) return { kind: 'nothing', ticketId: ticket.id };
  return {
    kind: 'create',
    companyId: target.companyId,
    summary: ticketSummary(target.period, target.companyName ?? `company #${target.companyId}`),
    description: ticketDescription(target, run),
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
    if (!ticketWorthy(exception)) continue;
    if (exception.scope === 'internal') companies.add('internal');
    else if (exception.company) companies.add(exception.company.id);
  }
  const order = (company: TicketCompany) => (company === 'internal' ? Number.POSITIVE_INFINITY : company);
  return [...companies]
    .sort((a, b) => order(a) - order(b))
    .map((company) => ticketTarget(report, company, internalCompany))
    .filter((target): target is TicketTarget => target !== null);
}
