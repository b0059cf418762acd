import { DEFAULT_DISPLAY, type Report, type ReportException } from '../../src/report/schema.js';
import { tallyOf, totalsOf } from '../../src/report/tally.js';
import { parseMarker } from '../../src/tickets/marker.js';
import { ticketDescription, type TicketChange, type TicketRun } from '../../src/tickets/render.js';
import type { TicketTarget } from '../../src/tickets/target.js';

/** Report pieces for ticket tests: exceptions as the report holds them, ids made from a number. */

export const ACME = { id: 19, identifier: 'ACME', name: 'Acme Corp' };
export const GLOBEX = { id: 20, identifier: 'GLOBEX', name: 'Globex' };
export const MSP = { id: 1, identifier: 'MSP', name: 'Our MSP' };

export const RUN: TicketRun = {
  runId: 'run-1',
  mode: 'live',
  finishedAt: '2026-11-15T11:00:41.000Z',
  timezone: 'America/New_York',
  nextCheck: '2026-12-15T11:00:00.000Z',
};

export const NOTHING_CHANGED: TicketChange = { added: [], reopened: [], waived: [], resolved: [], answered: [] };

/** The description of a new ticket for the target, with no waiver to acknowledge. */
export function descriptionOf(target: TicketTarget): string {
  const marker = { open: new Set(target.exceptions.map((exception) => exception.id)), waived: new Set<string>(), answered: new Set<number>() };
  return ticketDescription(target, NOTHING_CHANGED, marker, RUN);
}

/** The exception ids a text's marker leaves open; null when it carries none. */
export function openIdsOf(text: string): ReadonlySet<string> | null {
  return parseMarker(text)?.open ?? null;
}

export function exceptionId(n: number): string {
  return n.toString(16).padStart(16, '0');
}

/** A company-scope error for Acme on time entry #(100 + n), unless fields say otherwise. */
export function exception(n: number, fields: Partial<ReportException> = {}): ReportException {
  return {
    id: exceptionId(n),
    rule: 'time.overlap',
    severity: 'error',
    scope: 'company',
    company: ACME,
    member: { id: 7, identifier: 'jsmith' },
    records: [{ type: 'timeEntry', id: 100 + n }],
    date: '2026-10-05',
    hours: '0.50',
    amount: '75.00',
    message: `Time entry #${100 + n} by jsmith overlaps another on 2026-10-05`,
    waiver: null,
    ...fields,
  };
}

export function internalException(n: number, fields: Partial<ReportException> = {}): ReportException {
  return exception(n, {
    rule: 'time.missing',
    severity: 'warning',
    scope: 'internal',
    company: null,
    records: [{ type: 'member', id: 7 }],
    amount: null,
    message: `Member #7 (jsmith) logged 2.00 h on 2026-10-0${n % 9}, 5.00 h short of the daily minimum of 7.00 h.`,
    ...fields,
  });
}

export function report(exceptions: ReportException[], fields: Partial<Report> = {}): Report {
  return {
    version: 1,
    tenant: 'default',
    period: '2026-10',
    mode: 'live',
    startedAt: '2026-11-15T11:00:00.000Z',
    finishedAt: RUN.finishedAt,
    counts: { members: 0, agreements: 0, additions: 0, timeEntries: 0, expenses: 0, tickets: 0, invoices: 0, configurations: 0, countRows: 0, apiRequests: 0 },
    companies: [
      { ...ACME, projectedTotal: '6120.00', previousTotal: '4890.00' },
      { ...GLOBEX, projectedTotal: '900.00', previousTotal: null },
    ],
    members: [],
    exceptions,
    totals: totalsOf(tallyOf({ exceptions, tickets: [] })),
    tickets: [],
    display: DEFAULT_DISPLAY,
    ...fields,
  };
}
