import type { Redis } from 'ioredis';
import { z } from 'zod';
import { DEFAULT_DISPLAY, reportSchema, reportTicketSchema, type Report } from './schema.js';
import { tallyOf, totalsOf } from './tally.js';

/**
 * Reports are kept in Redis so that any process can read a run's result: the CLI that
 * enqueued it, the exception-ticket jobs of the run, the finance digest that compares the
 * latest run of a period with the one before, `billing-guard runs` and the worker's `/runs`.
 *
 * A run's exception-ticket jobs may finish after the run stored its report (a stop signal
 * ended its wait): each records its own result beside the report, once per company, and
 * every read merges them in. Published runs are listed in an index, newest first, and kept
 * for the retention period (REPORT_RETENTION_DAYS).
 */
const DEFAULT_RETENTION_DAYS = 45;

const DAY_SECONDS = 24 * 3600;

const runKey = (prefix: string, runId: string) => `${prefix}:report:${runId}`;
const ticketResultsKey = (prefix: string, runId: string) => `${prefix}:report-tickets:${runId}`;
const indexKey = (prefix: string) => `${prefix}:runs`;
/** Runs published before the index were listed per period; read until they expire. */
const periodKey = (prefix: string, tenant: string, period: string) => `${prefix}:reports:${tenant}:${period}`;

const ticketResultSchema = z.object({
  ticket: reportTicketSchema,
  /** ConnectWise requests this key took, added to the run's count */
  apiRequests: z.number().int(),
});
/** What one exception-ticket job of a run did. */
export type TicketResult = z.infer<typeof ticketResultSchema>;

/** One stored run: its id and its report, ticket results merged in. */
export interface StoredRun {
  runId: string;
  report: Report;
}

/**
 * Stores (or replaces) the report of one run. Its ticket entries and request count are the
 * run's own: each ticket job's result is recorded apart and merged in on every read.
 */
export async function saveRunReport(redis: Redis, prefix: string, runId: string, report: Report, retentionDays = DEFAULT_RETENTION_DAYS): Promise<void> {
  await redis.set(runKey(prefix, runId), JSON.stringify(report), 'EX', retentionDays * DAY_SECONDS);
}

/** Stores a finished run's report and lists it among the stored runs; storing it again changes nothing more. */
export async function publishReport(redis: Redis, prefix: string, runId: string, report: Report, retentionDays = DEFAULT_RETENTION_DAYS): Promise<void> {
  const now = Date.now();
  const ttl = retentionDays * DAY_SECONDS;
  await redis
    .multi()
    .set(runKey(prefix, runId), JSON.stringify(report), 'EX', ttl)
    .zadd(indexKey(prefix), now, runId)
    .zremrangebyscore(indexKey(prefix), '-inf', now - ttl * 1000)
    .expire(indexKey(prefix), ttl)
    .exec();
}

/** Records what one ticket job did for its company: a retried job replaces its own entry, never adds one. */
export async function recordTicketResult(
  redis: Redis,
  prefix: string,
  runId: string,
  result: TicketResult,
  retentionDays = DEFAULT_RETENTION_DAYS,
): Promise<void> {
  const key = ticketResultsKey(prefix, runId);
  await redis
    .multi()
    .hset(key, String(result.ticket.company), JSON.stringify(result))
    .expire(key, retentionDays * DAY_SECONDS)
    .exec();
}

/** Run ids are job ids (letters, digits, `_`, `.` and `-`): any other id names no run. */
const RUN_ID = /^[A-Za-z0-9_.-]+$/;

export async function reportOfRun(redis: Redis, prefix: string, runId: string): Promise<Report | null> {
  if (!RUN_ID.test(runId)) return null;
  const [run] = await readRuns(redis, prefix, [runId]);
  return run?.report ?? null;
}

/** The stored runs, newest first; of one period when given. Expired runs are not listed. */
export async function storedRuns(redis: Redis, prefix: string, filter: { period?: string } = {}): Promise<StoredRun[]> {
  const runIds = await redis.zrevrange(indexKey(prefix), 0, -1);
  const runs = await readRuns(redis, prefix, runIds);
  return filter.period === undefined ? runs : runs.filter((run) => run.report.period === filter.period);
}

/** The newest stored run, read alone: what `/metrics` shows at every scrape. */
export async function latestStoredRun(redis: Redis, prefix: string): Promise<StoredRun | null> {
  const [newest] = await readRuns(redis, prefix, await redis.zrevrange(indexKey(prefix), 0, 0));
  return newest ?? null;
}

/** The newest reports of a period, newest first. */
export async function recentReports(redis: Redis, prefix: string, tenant: string, period: string, count = 2): Promise<Report[]> {
  const indexed = (await storedRuns(redis, prefix, { period })).map((run) => run.report).filter((report) => report.tenant === tenant);
  const listed = indexed.length >= count ? [] : await redis.lrange(periodKey(prefix, tenant, period), 0, count - indexed.length - 1);
  return [...indexed, ...listed.map(storedReport)].slice(0, count);
}

/** The runs' reports with their ticket results merged in, in the order asked; runs no longer stored are left out. */
async function readRuns(redis: Redis, prefix: string, runIds: readonly string[]): Promise<StoredRun[]> {
  if (runIds.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const runId of runIds) pipeline.get(runKey(prefix, runId)).hgetall(ticketResultsKey(prefix, runId));
  const replies = (await pipeline.exec()) ?? [];
  const runs: StoredRun[] = [];
  runIds.forEach((runId, index) => {
    const [[reportError, json], [resultsError, results]] = [replies[2 * index]!, replies[2 * index + 1]!];
    if (reportError ?? resultsError) throw reportError ?? resultsError;
    if (typeof json !== 'string') return;
    const ticketResults = Object.values(results as Record<string, string>).map((result) => ticketResultSchema.parse(JSON.parse(result)));
    runs.push({ runId, report: withTicketResults(storedReport(json), ticketResults) });
  });
  return runs;
}

/** The report with each ticket job's result in its company's entry, and the requests those jobs took. */
function withTicketResults(report: Report, results: readonly TicketResult[]): Report {
  if (results.length === 0) return report;
  const byCompany = new Map(results.map((result) => [result.ticket.company, result]));
  const merged = report.tickets.map((ticket) => byCompany.get(ticket.company));
  const apiRequests = merged.reduce((total, result) => total + (result?.apiRequests ?? 0), report.counts.apiRequests);
  return {
    ...report,
    counts: { ...report.counts, apiRequests },
    tickets: report.tickets.map((ticket, index) => merged[index]?.ticket ?? ticket),
  };
}

const withoutTotals = reportSchema.omit({ totals: true });

/**
 * A report as stored, parsed. Runs stored before reports carried members, waivers, totals and
 * display are read as runs that waived nothing, their totals computed, shown in UTC and USD
 * without links: a digest never fails on them.
 */
function storedReport(json: string): Report {
  const raw: unknown = JSON.parse(json);
  if (raw === null || typeof raw !== 'object') return reportSchema.parse(raw);
  const displayed = { display: DEFAULT_DISPLAY, ...raw };
  if ('totals' in displayed) return reportSchema.parse(displayed);
  const stored = displayed as { members?: unknown; exceptions?: unknown };
  const exceptions = Array.isArray(stored.exceptions) ? stored.exceptions.map((exception: object) => ({ waiver: null, ...exception })) : stored.exceptions;
  const report = withoutTotals.parse({ members: [], ...stored, exceptions });
  return { ...report, totals: totalsOf(tallyOf(report)) };
}
