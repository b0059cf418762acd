import type { Job } from 'bullmq';
import { connectWiseFor } from '../src/connectwise/connect.js';
import { isPermanent } from '../src/queue/failure.js';
import type { PayloadOf, ResultOf } from '../src/queue/jobs.js';
import type { JobContext, Processor } from '../src/queue/processor.js';
import { recordTicketResult, reportOfRun, type TicketResult } from '../src/report/store.js';
import { nextValidationAfter } from '../src/schedule/deadline.js';
import { applyTicketKey } from '../src/tickets/apply.js';
import { ticketTarget } from '../src/tickets/target.js';

/**
 * One exception ticket key of one run: retried on its own, so one company never blocks another.
 * What it did goes into the run's stored report, also when the run stopped waiting for it.
 */
export const ticketJob: Processor<'ticket'> = async (payload, context) => {
  const { services, job } = context;
  const { QUEUE_PREFIX: prefix, REPORT_RETENTION_DAYS: retentionDays } = services.config.env;
  const record = (result: TicketResult) => recordTicketResult(services.redis, prefix, payload.runId, result, retentionDays);
  const result = await applyKey(payload, context).catch(async (error: unknown) => {
    if (isLastAttempt(job, error)) await record({ ticket: { company: payload.company, ticketId: null, action: 'failed' }, apiRequests: 0 });
    throw error;
  });
  await record(result);
  return result;
};

async function applyKey({ runId, company, setup }: PayloadOf<'ticket'>, { services, logger }: JobContext): Promise<ResultOf<'ticket'>> {
  const prefix = services.config.env.QUEUE_PREFIX;
  const report = await reportOfRun(services.redis, prefix, runId);
  if (!report) throw new Error(`the report of run ${runId} is gone from Redis`);
  const target = ticketTarget(report, company, setup.internalCompany);
  if (!target) return { ticket: { company, ticketId: null, action: 'unchanged' }, apiRequests: 0 };
  const { schedules, timezone } = services.config.billing;
  const nextCheck = nextValidationAfter(schedules, timezone, new Date(report.finishedAt))?.toISOString() ?? null;
  const client = connectWiseFor(services);
  const ticket = await applyTicketKey({
    client,
    redis: services.redis,
    prefix,
    setup,
    target,
    run: { runId, mode: report.mode, finishedAt: report.finishedAt, timezone, nextCheck },
    dryRun: report.mode === 'dry-run',
    logger,
  });
  return { ticket, apiRequests: client.requestCount };
}

function isLastAttempt(job: Job, error: unknown): boolean {
  return isPermanent(error) || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}
