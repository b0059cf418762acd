import type { Logger } from '../src/log.js';
import { jobIdOf } from '../src/queue/connection.js';
import type { JobContext, Processor } from '../src/queue/processor.js';
import { publishReport, saveRunReport } from '../src/report/store.js';
import { reconcileExceptionTickets, type ApplyTicketKeys } from '../src/tickets/reconcile.js';
import { runValidation } from '../src/validation-run.js';

/** How long a run waits for its ticket jobs before reporting the unfinished ones as pending. */
const TICKET_WAIT_MS = 10 * 60_000;

/** One validation run: pull the period, validate it, reconcile the exception tickets, store the report. */
export const validateJob: Processor<'validate'> = async (payload, { services, logger, queue }) => {
  const prefix = services.config.env.QUEUE_PREFIX;
  const validated = await runValidation({ period: payload.period, mode: payload.mode }, services, logger);
  // the ticket jobs read the report from Redis
  await saveRunReport(services.redis, prefix, payload.runId, validated.report);
  const { tickets, apiRequests } = await reconcileExceptionTickets(validated.report, services, logger, ticketJobs(payload.runId, queue, logger));
  const counts = { ...validated.report.counts, apiRequests: validated.report.counts.apiRequests + apiRequests };
  const report = { ...validated.report, counts, tickets };
  await publishReport(services.redis, prefix, payload.runId, report);
  logger.info({ period: report.period, exceptions: report.exceptions.length }, 'validation run finished');
  return { runId: payload.runId, period: report.period, exceptions: report.exceptions.length };
};

/** Every key in a ticket job of its own, so one company's retries never hold up another's ticket. */
function ticketJobs(runId: string, queue: JobContext['queue'], logger: Logger): ApplyTicketKeys {
  return async (companies, setup) => {
    const jobs = await Promise.all(
      companies.map((company) => queue.enqueue('ticket', { runId, company, setup }, { jobId: jobIdOf('ticket', runId, company), retry: true })),
    );
    const deadline = Date.now() + TICKET_WAIT_MS;
    const outcomes = await Promise.all(jobs.map((job) => queue.waitFor(job, deadline)));
    let apiRequests = 0;
    const tickets = outcomes.map((outcome, index) => {
      if (outcome.state === 'completed') {
        apiRequests += outcome.result.apiRequests;
        return outcome.result.ticket;
      }
      const company = companies[index]!;
      if (outcome.state === 'failed') logger.error({ company, reason: outcome.reason }, 'exception ticket failed');
      return { company, ticketId: null, action: outcome.state };
    });
    return { tickets, apiRequests };
  };
}
