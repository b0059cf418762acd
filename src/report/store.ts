import type { Redis } from 'ioredis';
import { reportSchema, type Report } from './schema.js';

/**
 * Reports are kept in Redis so that any process can read a run's result: the CLI that
 * enqueued it, and the finance digest that compares the latest run with the one before.
 */
const KEPT_PER_PERIOD = 12;
const RUN_REPORT_TTL_SECONDS = 45 * 24 * 3600;

const periodKey = (prefix: string, tenant: string, period: string) => `${prefix}:reports:${tenant}:${period}`;
const runKey = (prefix: string, runId: string) => `${prefix}:report:${runId}`;

export async function saveReport(redis: Redis, prefix: string, runId: string, report: Report): Promise<void> {
  const json = JSON.stringify(report);
  await redis
    .multi()
    .set(runKey(prefix, runId), json, 'EX', RUN_REPORT_TTL_SECONDS)
    .lpush(periodKey(prefix, report.tenant, report.period), json)
    .ltrim(periodKey(prefix, report.tenant, report.period), 0, KEPT_PER_PERIOD - 1)
    .expire(periodKey(prefix, report.tenant, report.period), RUN_REPORT_TTL_SECONDS * 3)
    .exec();
}

export async function reportOfRun(redis: Redis, prefix: string, runId: string): Promise<Report | null> {
  const json = await redis.get(runKey(prefix, runId));
  return json === null ? null : reportSchema.parse(JSON.parse(json));
}

/** The newest reports of a period, newest first. */
export async function recentReports(redis: Redis, prefix: string, tenant: string, period: string, count = 2): Promise<Report[]> {
  const items = await redis.lrange(periodKey(prefix, tenant, period), 0, count - 1);
  return items.map((json) => reportSchema.parse(JSON.parse(json)));
}
