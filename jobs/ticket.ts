import { z } from 'zod';
import { connectWiseFor } from '../src/connectwise/connect.js';
import { defineJob } from '../src/queue/define.js';
import { reportOfRun } from '../src/report/store.js';
import { applyTicketKey } from '../src/tickets/apply.js';
import { ticketSetupSchema } from '../src/tickets/connectwise.js';
import type { TicketResult } from '../src/tickets/reconcile.js';
import { ticketTarget } from '../src/tickets/target.js';

export const ticketPayload = z.object({
  runId: z.string().min(1),
  company: z.union([z.number().int().positive(), z.literal('internal')]),
  /** board, statuses and companies resolved by name before the run wrote anything */
  setup: ticketSetupSchema,
});

/** One exception ticket key of one run: retried on its own, so one company never blocks another. */
export const ticketJob = defineJob({
  name: 'ticket',
  queue: 'tickets',
  payload: ticketPayload,
  attempts: 5,
  backoffMs: 5_000,
  async process({ runId, company, setup }, { services, logger }): Promise<TicketResult> {
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
      run: { runId, mode: report.mode, finishedAt: report.finishedAt },
      dryRun: report.mode === 'dry-run',
      logger,
    });
    return { ticket, apiRequests: client.requestCount };
  },
});
