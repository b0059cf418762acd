import { z } from 'zod';
import { PERIOD_PATTERN } from '../src/calendar.js';
import { defineJob } from '../src/queue/define.js';
import { publishReport, saveRunReport } from '../src/report/store.js';
import { reconcileExceptionTickets } from '../src/tickets/reconcile.js';
import { runValidation } from '../src/validation-run.js';

export const validatePayload = z.object({
  /** names the run: the report is stored under it */
  runId: z.string().min(1),
  period: z.string().regex(PERIOD_PATTERN),
  mode: z.enum(['dry-run', 'live']),
  /** what started it: a schedule name, or `cli` */
  trigger: z.string().min(1),
});
export type ValidatePayload = z.infer<typeof validatePayload>;

export interface ValidateResult {
  runId: string;
  period: string;
  exceptions: number;
}

/** One validation run: pull the period, validate it, reconcile the exception tickets, store the report. */
export const validateJob = defineJob({
  name: 'validate',
  queue: 'runs',
  payload: validatePayload,
  attempts: 4,
  backoffMs: 60_000,
  async process(payload, { services, logger }): Promise<ValidateResult> {
    const prefix = services.config.env.QUEUE_PREFIX;
    const validated = await runValidation({ period: payload.period, mode: payload.mode }, services, logger);
    await saveRunReport(services.redis, prefix, payload.runId, validated.report);
    const { tickets, apiRequests } = await reconcileExceptionTickets(validated.report, payload.runId, services, logger);
    const counts = { ...validated.report.counts, apiRequests: validated.report.counts.apiRequests + apiRequests };
    const report = { ...validated.report, counts, tickets };
    await publishReport(services.redis, prefix, payload.runId, report);
    logger.info({ period: report.period, exceptions: report.exceptions.length }, 'validation run finished');
    return { runId: payload.runId, period: report.period, exceptions: report.exceptions.length };
  },
});
