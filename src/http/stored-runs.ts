import type { Redis } from 'ioredis';
import { latestStoredRun, reportOfRun, storedRuns, type RunSummary } from '../report/store.js';
import { ticketActionsOf } from '../report/tally.js';
import type { HttpOptions } from './app.js';

/** One line of `/runs`: what `billing-guard runs` shows of a run. */
function runSummary(run: RunSummary) {
  const { runId, tenant, period, mode, startedAt, finishedAt, totals } = run;
  const tickets = Object.fromEntries(ticketActionsOf(run.tickets).map(({ action, count }) => [action, count]));
  return { runId, tenant, period, mode, startedAt, finishedAt, totals, tickets };
}

/** The stored runs of this prefix, read through a fail-fast connection. */
export function storedRunsOf(redis: Redis, prefix: string): HttpOptions['runs'] {
  return {
    list: async () => (await storedRuns(redis, prefix)).map(runSummary),
    report: (runId) => reportOfRun(redis, prefix, runId),
    latest: () => latestStoredRun(redis, prefix),
  };
}
