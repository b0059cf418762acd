import type { CompanyRef } from '../connectwise/records.js';
import type { Report, ReportException } from '../report/schema.js';
import { ticketKey, type TicketCompany } from './key.js';

/** What one exception ticket should say after this run: the desired state of one key. */
export interface TicketTarget {
  tenant: string;
  period: string;
  company: TicketCompany;
  /** the ticket's externalXRef */
  key: string;
  /** the ConnectWise company the ticket belongs to: the client, or tickets.internalCompany */
  companyId: number;
  /** its name, when the run knows it */
  companyName: string | null;
  /** the client's totals from the report; null for the internal ticket or a company the run did not total */
  totals: { projectedTotal: string; previousTotal: string | null } | null;
  /** the open warnings and errors the ticket must list, in the report's order (severity, then amount) */
  exceptions: readonly ReportException[];
  /** the warnings and errors of the key that finance or the admin waived */
  waived: readonly ReportException[];
}

/** Info findings never make or keep a ticket open. */
export function ticketWorthy(exception: ReportException): boolean {
  return exception.severity !== 'info';
}

/** Splits the key's warnings and errors into open and waived. */
function byWaiver(exceptions: readonly ReportException[]): Pick<TicketTarget, 'exceptions' | 'waived'> {
  const worthy = exceptions.filter(ticketWorthy);
  return { exceptions: worthy.filter((exception) => exception.waiver === null), waived: worthy.filter((exception) => exception.waiver !== null) };
}

/**
 * The desired state of one key, read from the run's report: a client's company-scope
 * exceptions, or the internal exceptions when tickets.internalCompany is set (else null).
 */
export function ticketTarget(report: Report, company: TicketCompany, internalCompany: CompanyRef | null): TicketTarget | null {
  const base = { tenant: report.tenant, period: report.period, company, key: ticketKey(report.tenant, report.period, company) };
  if (company === 'internal') {
    if (internalCompany === null) return null;
    return {
      ...base,
      companyId: internalCompany.id,
      companyName: internalCompany.name,
      totals: null,
      ...byWaiver(report.exceptions.filter((exception) => exception.scope === 'internal')),
    };
  }
  const { exceptions, waived } = byWaiver(
    report.exceptions.filter((exception) => exception.scope === 'company' && exception.company?.id === company),
  );
  const totals = report.companies.find((entry) => entry.id === company);
  return {
    ...base,
    companyId: company,
    companyName: totals?.name ?? exceptions[0]?.company?.name ?? waived[0]?.company?.name ?? null,
    totals: totals ? { projectedTotal: totals.projectedTotal, previousTotal: totals.previousTotal } : null,
    exceptions,
    waived,
  };
}
