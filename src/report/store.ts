import type { Redis } from 'ioredis';
import { z } from 'zod';
import { DEFAULT_DISPLAY, count, reportSchema, reportTicketSchema, type Report, type ReportTicket } from './schema.js';
import { tallyOf, totalsOf } from './tally.js';

/**
 * Reports are kept in Redis so that any process can read a run's result: the CLI that
 * enqueued it, the exception-ticket jobs of the run, the finance digest that compares the
 * latest run of a period with the one before, `billing-guard runs` and the worker's `/runs`.
 *
 * A run's exception-ticket jobs may finish after the run stored its report (a stop signal
 * ended its wait): each records its own result beside the report, once per company, and
 * every read merges them in. Published runs are listed in an index, newest first, and kept
 * for the retention period (REPORT_RETENTION_DAYS). Beside each published report lies its run's
 * summary, kept as long: listing runs reads summaries, never the reports (megabytes each for a
 * large tenant).
 */
const DEFAULT_RETENTION_DAYS = 45;

const DAY_SECONDS = 24 * 3600;

const runKey = (prefix: string, runId: string) => `${prefix}:report:${runId}`;
const ticketResultsKey = (prefix: string, runId: string) => `${prefix}:report-tickets:${runId}`;
const summaryKey = (prefix: string, runId: string) => `${prefix}:run-summary:${runId}`;
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
interface StoredRun {
  runId: string;
  report: Report;
}

/**
 * Its `tickets` are the report's own entries: ticket results are merged in on every read, as into
 * the report. `rules`: the open exceptions by rule and severity, as `/metrics` shows them.
 */
const runSummarySchema = z.object({
  runId: z.string(),
  ...reportSchema.pick({ tenant: true, period: true, mode: true, startedAt: true, finishedAt: true, totals: true, tickets: true }).shape,
  rules: z.array(z.object({ rule: z.string(), error: count, warning: count, info: count })),
});
/** What a list of runs shows of one run: `billing-guard runs` and `/runs`. */
export type RunSummary = z.infer<typeof runSummarySchema>;

/** The one way a run's summary is taken from its report: when it is published, and for a run published without one. */
function summaryOf(runId: string, report: Report): RunSummary {
  const { tenant, period, mode, startedAt, finishedAt, totals, tickets } = report;
  const rules = tallyOf(report).rules.map(({ rule, error, warning, info }) => ({ rule, error, warning, info }));
  return { runId, tenant, period, mode, startedAt, finishedAt, totals, tickets, rules };
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
    .set(summaryKey(prefix, runId), JSON.stringify(summaryOf(runId, report)), 'EX', ttl)
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

/** The summaries of the stored runs, newest first; of one period when given. Expired runs are not listed. */
export async function storedRuns(redis: Redis, prefix: string, filter: { period?: string } = {}): Promise<RunSummary[]> {
  const runIds = await redis.zrevrange(indexKey(prefix), 0, -1);
  const runs = await readSummaries(redis, prefix, runIds);
  return filter.period === undefined ? runs : runs.filter((run) => run.period === filter.period);
}

/** The newest stored run's summary, read alone: what `/metrics` shows at every scrape. */
export async function latestStoredRun(redis: Redis, prefix: string): Promise<RunSummary | null> {
  const [newest] = await readSummaries(redis, prefix, await redis.zrevrange(indexKey(prefix), 0, 0));
  return newest ?? null;
}

/** The newest reports of a period, newest first; of one mode when given. Only the reports returned are read. */
export async function recentReports(redis: Redis, prefix: string, tenant: string, period: string, count = 2, mode?: Report['mode']): Promise<Report[]> {
  const ofMode = (run: { mode: Report['mode'] }) => mode === undefined || run.mode === mode;
  const newest = (await storedRuns(redis, prefix, { period })).filter((run) => run.tenant === tenant && ofMode(run)).slice(0, count);
  const indexed = (await readRuns(redis, prefix, newest.map((run) => run.runId))).map((run) => run.report);
  const listed = indexed.length >= count ? [] : (await redis.lrange(periodKey(prefix, tenant, period), 0, -1)).map(storedReport);
  return [...indexed, ...listed.filter(ofMode)].slice(0, count);
}

/**
 * The runs' summaries with their ticket results merged in, in the order asked; runs whose report
 * is no longer stored are left out.
 */
async function readSummaries(redis: Redis, prefix: string, runIds: readonly string[]): Promise<RunSummary[]> {
  if (runIds.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const runId of runIds) pipeline.get(summaryKey(prefix, runId)).exists(runKey(prefix, runId)).hgetall(ticketResultsKey(prefix, runId));
  const replies = (await pipeline.exec()) ?? [];
  const stored = runIds.flatMap((runId, index) => {
    const [json, exists, results] = [0, 1, 2].map((offset) => replyOf(replies[3 * index + offset]!));
    return exists === 0 ? [] : [{ runId, json: json as string | null, ticketResults: ticketResultsOf(results as Record<string, string>) }];
  });
  const fromReports = await summariesFromReports(redis, prefix, stored.filter((run) => run.json === null).map((run) => run.runId));
  return stored.flatMap(({ runId, json, ticketResults }) => {
    const summary = json === null ? fromReports.get(runId) : runSummarySchema.parse(JSON.parse(json));
    return summary ? [{ ...summary, tickets: withTicketResults(summary.tickets, ticketResults) }] : [];
  });
}

/** The summaries of runs published before runs had one, taken from their reports. */
async function summariesFromReports(redis: Redis, prefix: string, runIds: readonly string[]): Promise<Map<string, RunSummary>> {
  if (runIds.length === 0) return new Map();
  const jsons = await redis.mget(runIds.map((runId) => runKey(prefix, runId)));
  return new Map(runIds.flatMap((runId, index) => {
    const json = jsons[index];
    return typeof json === 'string' ? [[runId, summaryOf(runId, storedReport(json))] as const] : [];
  }));
}

function replyOf([error, value]: [Error | null, unknown]): unknown {
  if (error) throw error;
  return value;
}

/** The runs' reports with their ticket results merged in, in the order asked; runs no longer stored are left out. */
async function readRuns(redis: Redis, prefix: string, runIds: readonly string[]): Promise<StoredRun[]> {
  if (runIds.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const runId of runIds) pipeline.get(runKey(prefix, runId)).hgetall(ticketResultsKey(prefix, runId));
  const replies = (await pipeline.exec()) ?? [];
  const runs: StoredRun[] = [];
  runIds.forEach((runId, index) => {
    const [json, results] = [0, 1].map((offset) => replyOf(replies[2 * index + offset]!));
    if (typeof json !== 'string') return;
    const report = storedReport(json);
    const ticketResults = ticketResultsOf(results as Record<string, string>);
    const apiRequests = ticketRequests(report.tickets, ticketResults) + report.counts.apiRequests;
    runs.push({ runId, report: { ...report, counts: { ...report.counts, apiRequests }, tickets: withTicketResults(report.tickets, ticketResults) } });
  });
  return runs;
}

function ticketResultsOf(results: Record<string, string>): Map<ReportTicket['company'], TicketResult> {
  const parsed = Object.values(results).map((result) => ticketResultSchema.parse(JSON.parse(result)));
  return new Map(parsed.map((result) => [result.ticket.company, result]));
}

/** Each ticket entry as its company's ticket job left it, if it recorded what it did. */
function withTicketResults(tickets: readonly ReportTicket[], results: ReadonlyMap<ReportTicket['company'], TicketResult>): ReportTicket[] {
  return tickets.map((ticket) => results.get(ticket.company)?.ticket ?? ticket);
}

/** The requests the ticket jobs of the report's entries took. */
function ticketRequests(tickets: readonly ReportTicket[], results: ReadonlyMap<ReportTicket['company'], TicketResult>): number {
  return tickets.reduce((total, ticket) => total + (results.get(ticket.company)?.apiRequests ?? 0), 0);
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
