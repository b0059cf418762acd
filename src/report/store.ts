import type { Redis } from 'ioredis';
import { reportSchema, type Report } from './schema.js';
import { tallyOf, totalsOf } from './tally.js';

/**
 * Reports are kept in Redis so that any process can read a run's result: the CLI that
 * enqueued it, the exception-ticket jobs of the run, and the finance digest that compares the
 * latest run of a period with the one before.
 */
const KEPT_PER_PERIOD = 12;
const RUN_REPORT_TTL_SECONDS = 45 * 24 * 3600;

const periodKey = (prefix: string, tenant: string, period: string) => `${prefix}:reports:${tenant}:${period}`;
const runKey = (prefix: string, runId: string) => `${prefix}:report:${runId}`;

/** Stores (or replaces) the report of one run. */
export async function saveRunReport(redis: Redis, prefix: string, runId: string, report: Report): Promise<void> {
  await redis.set(runKey(prefix, runId), JSON.stringify(report), 'EX', RUN_REPORT_TTL_SECONDS);
}

/** Adds a finished run's report to its period's history, once per run. */
export async function publishReport(redis: Redis, prefix: string, runId: string, report: Report): Promise<void> {
  const key = periodKey(prefix, report.tenant, report.period);
  const published = await redis.set(`${runKey(prefix, runId)}:published`, '1', 'EX', RUN_REPORT_TTL_SECONDS, 'NX');
  if (published === null) return;
  await redis
    .multi()
    .set(runKey(prefix, runId), JSON.stringify(report), 'EX', RUN_REPORT_TTL_SECONDS)
    .lpush(key, JSON.stringify(report))
    .ltrim(key, 0, KEPT_PER_PERIOD - 1)
    .expire(key, RUN_REPORT_TTL_SECONDS * 3)
    .exec();
}

export async function reportOfRun(redis: Redis, prefix: string, runId: string): Promise<Report | null> {
  const json = await redis.get(runKey(prefix, runId));
  return json === null ? null : storedReport(json);
}

/** The newest reports of a period, newest first. */
export async function recentReports(redis: Redis, prefix: string, tenant: string, period: string, count = 2): Promise<Report[]> {
  const items = await redis.lrange(periodKey(prefix, tenant, period), 0, count - 1);
  return items.map(storedReport);
}

const withoutTotals = reportSchema.omit({ totals: true });

/**
 * A report as stored, parsed. Runs stored before reports carried members, waivers and totals
 * are read as runs that waived nothing, their totals computed: a digest never fails on them.
 */
function storedReport(json: string): Report {
  const raw: unknown = JSON.parse(json);
  if (raw === null || typeof raw !== 'object' || 'totals' in raw) return reportSchema.parse(raw);
  const stored = raw as { members?: unknown; exceptions?: unknown };
  const exceptions = Array.isArray(stored.exceptions) ? stored.exceptions.map((exception: object) => ({ waiver: null, ...exception })) : stored.exceptions;
  const report = withoutTotals.parse({ members: [], ...stored, exceptions });
  return { ...report, totals: totalsOf(tallyOf(report)) };
}
