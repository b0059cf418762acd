import type { Logger } from '../src/log.js';
import { jobIdOf } from '../src/queue/connection.js';
import type { JobContext, Processor } from '../src/queue/processor.js';
import { publishReport, saveRunReport } from '../src/report/store.js';
import { reconcileExceptionTickets, type ApplyTicketKeys } from '../src/tickets/reconcile.js';
import { runValidation } from '../src/validation-run.js';

/** How long a run waits for its ticket jobs before reporting the unfinished ones as pending. */
const TICKET_WAIT_MS = 10 * 60_000;

/**
 * One validation run: pull the period, validate it, reconcile the exception tickets, store the
 * report. When the worker stops, the run stops waiting for its ticket jobs and stores its
 * report with them `pending`: they stay queued, and each updates the stored report when the
 * next worker has done it.
 */
export const validateJob: Processor<'validate'> = async (payload, { services, logger, queue }) => {
  const { QUEUE_PREFIX: prefix, REPORT_RETENTION_DAYS: retentionDays } = services.config.env;
  const validated = await runValidation({ period: payload.period, mode: payload.mode }, services, logger);
  // the ticket jobs read the report from Redis
  await saveRunReport(services.redis, prefix, payload.runId, validated.report, retentionDays);
  const { tickets, apiRequests } = await reconcileExceptionTickets(validated.report, services, logger, ticketJobs(payload.runId, queue, logger));
  const counts = { ...validated.report.counts, apiRequests: validated.report.counts.apiRequests + apiRequests };
  const report = { ...validated.report, counts, tickets };
  await publishReport(services.redis, prefix, payload.runId, report, retentionDays);
  const pending = tickets.filter((ticket) => ticket.action === 'pending').length;
  logger.info({ period: report.period, exceptions: report.exceptions.length, pendingTickets: pending }, 'validation run finished');
  return { runId: payload.runId, period: report.period, exceptions: report.exceptions.length };
};

/**
 * Every key in a ticket job of its own, so one company's retries never hold up another's
 * ticket. Each job records what it did, and the requests it took, beside the stored report.
 */
function ticketJobs(runId: string, queue: JobContext['queue'], logger: Logger): ApplyTicketKeys {
  return async (companies, setup) => {
    const jobs = await Promise.all(
      companies.map((company) => queue.enqueue('ticket', { runId, company, setup }, { jobId: jobIdOf('ticket', runId, company), retry: true })),
    );
    const deadline = Date.now() + TICKET_WAIT_MS;
    const outcomes = await Promise.all(jobs.map((job) => queue.waitFor(job, deadline)));
    return outcomes.map((outcome, index) => {
      if (outcome.state === 'completed') return outcome.result.ticket;
      const company = companies[index]!;
      if (outcome.state === 'failed') logger.error({ company, reason: outcome.reason }, 'exception ticket failed');
      return { company, ticketId: null, action: outcome.state };
    });
  };
}
