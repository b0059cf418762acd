import { reportOfRun } from '../report/store.js';
import type { Report } from '../report/schema.js';
import type { Services } from '../services.js';
import { oneLine } from '../text.js';

export class UnknownRunError extends Error {
  override readonly name = 'UnknownRunError';
}

/** `billing-guard report RUN_ID`: the stored run's report, or why there is none. */
export async function storedRunReport(services: Services, runId: string): Promise<Report> {
  const { QUEUE_PREFIX, REPORT_RETENTION_DAYS } = services.config.env;
  const report = await reportOfRun(services.redis, QUEUE_PREFIX, runId);
  if (report) return report;
  throw new UnknownRunError(
    `no stored run ${oneLine(runId)}: the id is unknown, or the run is older than ${REPORT_RETENTION_DAYS} days (REPORT_RETENTION_DAYS). billing-guard runs lists the stored runs.`,
  );
}
