import { connectWiseFor } from '../connectwise/connect.js';
import type { Logger } from '../log.js';
import { jobIdOf } from '../queue/connection.js';
import { BillingQueue } from '../queue/queue.js';
import type { Report, ReportTicket } from '../report/schema.js';
import type { Services } from '../services.js';
import { findOpenTickets, resolveTicketSetup } from './connectwise.js';
import { planTickets } from './plan.js';

/** How long a run waits for its ticket jobs before reporting the unfinished ones as pending. */
const TICKET_WAIT_MS = 10 * 60_000;

/**
 * Brings the run's exception tickets in line with its report: resolves the ticket settings
 * by name before anything is written (a wrong name stops the run here), then hands every key
 * to its own ticket job and collects what each did. The report must already be stored under
 * the run id: the ticket jobs read it from there.
 */
/** What one ticket job returns. */
export interface TicketResult {
  ticket: ReportTicket;
  /** ConnectWise requests this key took, for the run's count */
  apiRequests: number;
}

export interface Reconciliation {
  tickets: ReportTicket[];
  /** ConnectWise requests made for the tickets, by this run and its ticket jobs */
  apiRequests: number;
}

export async function reconcileExceptionTickets(report: Report, runId: string, services: Services, logger: Logger): Promise<Reconciliation> {
  const client = connectWiseFor(services);
  const setup = await resolveTicketSetup(client, services.config.billing.tickets);
  const open = await findOpenTickets(client, setup, report.tenant, report.period);
  const targets = planTickets(report, open, setup.internalCompany);
  logger.info({ keys: targets.length, mode: report.mode }, 'reconciling exception tickets');

  const queue = new BillingQueue(services.redis, services.config.env.QUEUE_PREFIX);
  try {
    const jobs = await Promise.all(
      targets.map((target) =>
        queue.enqueue('ticket', { runId, company: target.company, setup }, { jobId: jobIdOf('ticket', runId, target.company), retry: true }),
      ),
    );
    const deadline = Date.now() + TICKET_WAIT_MS;
    const outcomes = await Promise.all(jobs.map((job) => queue.waitFor<TicketResult>(job, deadline)));
    let apiRequests = client.requestCount;
    const tickets = outcomes.map((outcome, index): ReportTicket => {
      if (outcome.state === 'completed') {
        apiRequests += outcome.result.apiRequests;
        return outcome.result.ticket;
      }
      const company = targets[index]!.company;
      if (outcome.state === 'failed') logger.error({ company, reason: outcome.reason }, 'exception ticket failed');
      return { company, ticketId: null, action: outcome.state };
    });
    return { tickets, apiRequests };
  } finally {
    await queue.close();
  }
}
