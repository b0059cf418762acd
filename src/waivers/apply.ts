import type { ReportException, Waiver } from '../report/schema.js';
import type { TicketCompany } from '../tickets/key.js';
import { configWaiverFor, type ConfigWaiver } from './config.js';
import { lastListed, listedExceptions } from './listed.js';
import { readTicketWaivers, type TicketNote } from './ticket.js';

/**
 * Settles the run's exceptions against what finance and the admin accepted: a waiver written
 * on the key's ticket, else a configured waiver. A ticket waiver holds for the exception as it
 * stood when waived: once its hours or amount differ from the line finance saw, it is open again.
 */

export interface WaiverSources {
  /** the notes of every ticket of each key of the period, open or closed */
  notesByCompany: ReadonlyMap<TicketCompany, readonly TicketNote[]>;
  configured: readonly ConfigWaiver[];
  /** the period's first day: a configured waiver covers periods that begin on or before its `until` */
  periodFirstDay: string;
}

/** The key of the exception ticket an exception belongs on. */
export function ticketCompanyOf(exception: ReportException): TicketCompany | null {
  if (exception.scope === 'internal') return 'internal';
  return exception.company?.id ?? null;
}

export function applyWaivers(exceptions: readonly ReportException[], sources: WaiverSources): ReportException[] {
  const ticketWaivers = new Map<TicketCompany, (exception: ReportException) => Waiver | null>();
  const ticketWaiverOf = (exception: ReportException): Waiver | null => {
    const company = ticketCompanyOf(exception);
    const notes = company === null ? undefined : sources.notesByCompany.get(company);
    if (company === null || notes === undefined) return null;
    let lookup = ticketWaivers.get(company);
    if (!lookup) {
      lookup = ticketWaiverLookup(notes, exceptions.filter((candidate) => ticketCompanyOf(candidate) === company));
      ticketWaivers.set(company, lookup);
    }
    return lookup(exception);
  };

  return exceptions.map((exception) => {
    const configured = configWaiverFor(exception, sources.configured, sources.periodFirstDay);
    const waiver =
      ticketWaiverOf(exception) ??
      (configured ? { by: 'config', at: null, reason: configured.reason, source: 'config' as const } : null);
    return { ...exception, waiver };
  });
}

function ticketWaiverLookup(notes: readonly TicketNote[], exceptions: readonly ReportException[]) {
  const { waivers } = readTicketWaivers(notes, new Set(exceptions.map((exception) => exception.id)));
  const listed = listedExceptions(notes);
  return (exception: ReportException): Waiver | null => {
    const holding = waivers.get(exception.id)?.find((waiver) => {
      const seen = lastListed(listed, exception.id, waiver.at);
      return !seen || (seen.hours === exception.hours && seen.amount === exception.amount);
    });
    return holding ? { by: holding.by, at: holding.at, reason: holding.reason, source: 'ticket' } : null;
  };
}
