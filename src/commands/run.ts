import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { processors } from '../../jobs/index.js';
import { PERIOD_PATTERN, periodRunAt } from '../calendar.js';
import { ConfigError } from '../config/errors.js';
import { terminalProgress, type ProgressStream } from '../progress.js';
import { jobIdOf } from '../queue/connection.js';
import { throughQueue } from '../queue/through-queue.js';
import { renderHtmlPreview } from '../report/html.js';
import { reportOfRun } from '../report/store.js';
import type { Report } from '../report/schema.js';
import type { Services } from '../services.js';

export interface RunOptions {
  period?: string;
  dryRun: boolean;
}

export class RunFailedError extends Error {
  override readonly name = 'RunFailedError';
}

/**
 * On a terminal, the run's pull shows one progress line per collection, updated in place; elsewhere
 * the run logs plain lines. The lines reach this terminal when this process brings its own worker: a
 * running worker logs them in its own log.
 */
export function showingProgress(services: Services, stream: ProgressStream = process.stderr): Services {
  if (stream.isTTY !== true) return services;
  return { ...services, pullProgress: terminalProgress(stream, () => services.now().getTime()) };
}

/**
 * One validation run through the same queue and job code as a scheduled run. Uses a running
 * worker when there is one, else brings its own for the duration of the run.
 */
export async function runThroughQueue(options: RunOptions, services: Services): Promise<Report> {
  const period = options.period ?? periodRunAt(services.now(), services.config.billing.timezone).id;
  if (!PERIOD_PATTERN.test(period)) throw new ConfigError([`--period is "${period}": expected a month as YYYY-MM`]);
  const mode = options.dryRun ? 'dry-run' : 'live';
  const { tenant } = services.config.billing;
  const prefix = services.config.env.QUEUE_PREFIX;
  const runId = jobIdOf('run', tenant, period, mode, randomUUID().slice(0, 8));

  return throughQueue(services, processors, async ({ queue, worker, outcomeOf }) => {
    const job = await queue.enqueue('validate', { runId, period, mode, trigger: 'cli' }, { jobId: runId, retry: false });
    services.logger.info({ runId, period, mode, worker }, 'run enqueued');
    const outcome = await outcomeOf(job);
    if (outcome.state === 'failed') {
      throw outcome.configurationMistake ? new ConfigError([outcome.reason]) : new RunFailedError(`the run failed: ${outcome.reason}`);
    }
    const report = await reportOfRun(services.redis, prefix, runId);
    if (!report) throw new RunFailedError(`run ${runId} finished but its report is missing from Redis`);
    return report;
  });
}

export interface ReportFiles {
  /** the report JSON */
  report?: string;
  /** the HTML preview finance reads before invoices go out */
  html?: string;
}

/** Writes the report JSON, then the HTML preview; returns a line per file written, for the user. */
export async function writeReportFiles(report: Report, files: ReportFiles): Promise<string[]> {
  const written: string[] = [];
  if (files.report) {
    await writeFileAtomically(files.report, `${JSON.stringify(report, null, 2)}\n`);
    written.push(`Report written to ${files.report}`);
  }
  if (files.html) {
    await writeFileAtomically(files.html, renderHtmlPreview(report));
    written.push(`HTML preview written to ${files.html}`);
  }
  return written;
}

/** Written beside the target and renamed, so a reader never sees half a report. */
export async function writeFileAtomically(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, path);
}
