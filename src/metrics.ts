import type { Job, Worker } from 'bullmq';
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';

/**
 * The process's own counters, in one registry that `/metrics` serves. Each replica counts what
 * it did; Prometheus sums them. Figures of a run (exceptions, revenue at risk) are not counted
 * here: they are read from the stored reports at scrape time, so every replica shows the same.
 * Labels never carry company or member names: `/metrics` needs no password.
 */
export const registry = new Registry();

const counter = <Label extends string>(name: string, help: string, labelNames: readonly Label[] = []) =>
  new Counter<Label>({ name, help, labelNames, registers: [registry] });

export const runsTotal = counter('billing_guard_runs_total', 'Validation runs that ended, by mode and outcome (succeeded or failed for good)', [
  'mode',
  'outcome',
]);
export const connectWiseRequestsTotal = counter(
  'billing_guard_connectwise_requests_total',
  'HTTP requests sent to ConnectWise, by response status (error: no response)',
  ['status'],
);
export const connectWiseRetriesTotal = counter('billing_guard_connectwise_retries_total', 'ConnectWise requests retried after a 429, a 5xx or a transport error');
export const connectWiseThrottledTotal = counter('billing_guard_connectwise_throttled_total', 'ConnectWise answers 429 Too Many Requests');
export const ticketsTotal = counter('billing_guard_tickets_total', 'Exception tickets brought up to date, by action', ['action']);
export const mailsTotal = counter('billing_guard_mails_total', 'Reminder and digest mails, by audience and outcome (sent or failed)', [
  'audience',
  'outcome',
]);
export const scheduleFiresTotal = counter('billing_guard_schedule_fires_total', 'Schedule fires of this process');
export const scheduleCatchUpsTotal = counter(
  'billing_guard_schedule_catch_ups_total',
  'Missed fires enqueued again at start (a fire that already ran is not repeated)',
);

let processMetricsOn = false;

/** prom-client's process metrics (CPU, memory, event loop), for the process that serves them. */
export function collectProcessMetrics(): void {
  if (processMetricsOn) return;
  collectDefaultMetrics({ register: registry });
  processMetricsOn = true;
}

const RUN_MODES = new Set(['live', 'dry-run']);

/** Counts each validation run once, when it succeeds or fails for good (not at each failed attempt). */
export function countRunOutcomes(worker: Worker): void {
  const modeOf = (job: Job | undefined) => (job?.name === 'validate' && RUN_MODES.has(job.data?.mode) ? (job.data.mode as string) : null);
  worker.on('completed', (job: Job) => {
    const mode = modeOf(job);
    if (mode) runsTotal.inc({ mode, outcome: 'succeeded' });
  });
  worker.on('failed', (job: Job | undefined) => {
    const mode = modeOf(job);
    // finishedOn is set only when no attempt is left
    if (mode && job?.finishedOn) runsTotal.inc({ mode, outcome: 'failed' });
  });
}
