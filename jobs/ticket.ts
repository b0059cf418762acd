import { connectWiseFor } from '../src/connectwise/connect.js';
import type { Processor } from '../src/queue/processor.js';
import { reportOfRun } from '../src/report/store.js';
import { applyTicketKey } from '../src/tickets/apply.js';
import { ticketTarget } from '../src/tickets/target.js';

/** One exception ticket key of one run: retried on its own, so one company never blocks another. */
export const ticketJob: Processor<'ticket'> = async ({ runId, company, setup }, { services, logger }) => {
  const prefix = services.config.env.QUEUE_PREFIX;
  const report = await reportOfRun(services.redis, prefix, runId);
  if (!report) throw new Error(`the report of run ${runId} is gone from Redis`);
  const target = ticketTarget(report, company, setup.internalCompany);
  if (!target) return { ticket: { company, ticketId: null, action: 'unchanged' }, apiRequests: 0 };
  const client = connectWiseFor(services);
  const ticket = await applyTicketKey({
    client,
    redis: services.redis,
    prefix,
    setup,
    target,
    run: { runId, mode: report.mode, finishedAt: report.finishedAt, timezone: services.config.billing.timezone },
    dryRun: report.mode === 'dry-run',
    logger,
  });
  return { ticket, apiRequests: client.requestCount };
};
