import { connectWiseFor } from '../connectwise/connect.js';
import type { Logger } from '../log.js';
import type { Report, ReportTicket } from '../report/schema.js';
import type { Services } from '../services.js';
import { findOpenTickets } from './connectwise.js';
import type { TicketCompany } from './key.js';
import { planTickets } from './plan.js';
import { resolveTicketSetup, type TicketSetup } from './setup.js';

export interface Reconciliation {
  tickets: ReportTicket[];
  /** ConnectWise requests the run made for the tickets; each key's job records its own beside the report */
  apiRequests: number;
}

/** Brings each key's ticket in line with the stored report, each on its own (the run's ticket jobs). */
export type ApplyTicketKeys = (companies: readonly TicketCompany[], setup: TicketSetup) => Promise<ReportTicket[]>;

/**
 * Brings the run's exception tickets in line with its report: resolves the ticket settings
 * by name before anything is written (a wrong name stops the run here), then hands every key
 * to `applyKeys` and collects what each did.
 */
export async function reconcileExceptionTickets(
  report: Report,
  services: Services,
  logger: Logger,
  applyKeys: ApplyTicketKeys,
): Promise<Reconciliation> {
  const client = connectWiseFor(services);
  const setup = await resolveTicketSetup(client, services.config.billing.tickets);
  const open = await findOpenTickets(client, setup, report.tenant, report.period);
  const targets = planTickets(report, open, setup.internalCompany);
  logger.info({ keys: targets.length, mode: report.mode }, 'reconciling exception tickets');
  const tickets = await applyKeys(targets.map((target) => target.company), setup);
  return { tickets, apiRequests: client.requestCount };
}
