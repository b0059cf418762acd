import type { NotReminded, Report, ReportException, ReportMember, ReportTicket } from '../report/schema.js';
import { isOpen, tallyOf, type Tally } from '../report/tally.js';
import { itemsByMember } from './plan.js';

/** Technicians' items that no reminder carries: finance sees them, so nothing is dropped. */
export interface UnremindedItems {
  member: ReportMember;
  reason: NotReminded;
  items: ReportException[];
}

export interface RunDigest {
  /** the run as stored: its preview goes with the digest */
  report: Report;
  mode: Report['mode'];
  finishedAt: Date;
  tally: Tally;
  tickets: { company: string; ticketId: number | null; action: ReportTicket['action'] }[];
  /** owned by members who will not be reminded: open items only */
  unreminded: UnremindedItems[];
  /** accepted as they are, on a ticket or in the configuration: in no figure and no to-fix list */
  waived: ReportException[];
  /** open exceptions against the run before's open exceptions, when there was one */
  comparison: { previousFinishedAt: Date; added: ReportException[]; stillOpen: number; resolved: ReportException[] } | null;
}

export interface FinanceDigest {
  to: string[];
  period: string;
  timezone: string;
  /** when validation fires next: named when there is no run yet */
  nextValidation: Date | null;
  /** the latest run, or null when the period was not validated yet */
  run: RunDigest | null;
}

export interface DigestSettings {
  recipients: readonly string[];
  period: string;
  timezone: string;
  nextValidation: Date | null;
}

/** The reports a digest reads: live runs first (a dry run's tickets are only what it would do). */
export function latestRuns(reports: readonly Report[]): { latest: Report | null; previous: Report | null } {
  const live = reports.filter((report) => report.mode === 'live');
  const runs = live.length > 0 ? live : reports;
  return { latest: runs[0] ?? null, previous: runs[1] ?? null };
}

export function planFinanceDigest(latest: Report | null, previous: Report | null, settings: DigestSettings): FinanceDigest {
  return {
    to: [...settings.recipients],
    period: settings.period,
    timezone: settings.timezone,
    nextValidation: settings.nextValidation,
    run: latest && digestOf(latest, previous),
  };
}

function digestOf(report: Report, previous: Report | null): RunDigest {
  return {
    report,
    mode: report.mode,
    finishedAt: new Date(report.finishedAt),
    tally: tallyOf(report),
    tickets: report.tickets.map((ticket) => ({ company: companyNameOf(report, ticket.company), ticketId: ticket.ticketId, action: ticket.action })),
    unreminded: unremindedItems(report),
    waived: report.exceptions.filter((exception) => !isOpen(exception)),
    comparison: previous && compareRuns(report, previous),
  };
}

function unremindedItems(report: Report): UnremindedItems[] {
  const members = new Map(report.members.map((member) => [member.id, member]));
  return itemsByMember(report.exceptions).flatMap(({ member: { id }, items }) => {
    const member = members.get(id);
    return member?.notReminded ? [{ member, reason: member.notReminded, items }] : [];
  });
}

function companyNameOf(report: Report, company: ReportTicket['company']): string {
  if (company === 'internal') return 'internal exceptions';
  const known = report.companies.find((candidate) => candidate.id === company) ?? report.exceptions.find((exception) => exception.company?.id === company)?.company;
  return known ? known.name : `company #${company}`;
}

/** A waived exception is neither new nor still open; one waived since the run before is not resolved either (it is listed as waived). */
function compareRuns(report: Report, previous: Report): NonNullable<RunDigest['comparison']> {
  const openBefore = new Set(previous.exceptions.filter(isOpen).map((exception) => exception.id));
  const found = new Set(report.exceptions.map((exception) => exception.id));
  const open = report.exceptions.filter(isOpen);
  return {
    previousFinishedAt: new Date(previous.finishedAt),
    added: open.filter((exception) => !openBefore.has(exception.id)),
    stillOpen: open.filter((exception) => openBefore.has(exception.id)).length,
    resolved: previous.exceptions.filter((exception) => openBefore.has(exception.id) && !found.has(exception.id)),
  };
}
