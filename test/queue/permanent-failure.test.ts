import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { processors } from '../../jobs/index.js';
import type { FaultOptions } from '../../src/sandbox/server.js';
import { BillingQueue, type QueuedJob } from '../../src/queue/queue.js';
import { createWorkers, type RunningWorkers } from '../../src/queue/worker.js';
import type { JobName } from '../../src/queue/jobs.js';
import { SANDBOX_CONFIG } from '../../src/sandbox/files.js';
import { SANDBOX_PERIOD, sandboxWorld, type SandboxWorld } from '../support/sandbox.js';

/**
 * Scheduled jobs through real Redis and real workers (a unique prefix per world, deleted after):
 * an admin's configuration mistake fails the job at its first attempt, saying which setting
 * to fix, while a transient ConnectWise failure is still retried.
 */

/** The sandbox's configuration with `tickets.board` misspelt and no in-request retry, so a fault fails the attempt at once. */
function configWith(folder: string, board: string): string {
  const base = readFileSync(SANDBOX_CONFIG, 'utf8');
  expect(base).toContain('board: Billing Exceptions');
  const text = `${base.replace('board: Billing Exceptions', `board: ${board}`).trimEnd()}\n  maxRetries: 0\n`;
  const path = join(folder, 'billing.yaml');
  writeFileSync(path, text);
  return path;
}

/** Polls until the first attempt is over: failed for good, delayed for a retry, or completed. */
async function afterFirstAttempt(job: QueuedJob<JobName>, queue: BillingQueue, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await job.getState();
    if (state === 'failed' || state === 'delayed' || state === 'completed') {
      const settled = await queue.queue.getJob(job.id!);
      return { state, attemptsMade: settled?.attemptsMade, failedReason: settled?.failedReason };
    }
    if (Date.now() > deadline) throw new Error(`job ${job.id} still ${state} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const liveRun = (runId: string) => ({ runId, period: SANDBOX_PERIOD, mode: 'live', trigger: 'pre-invoice-validation' }) as const;

describe('a scheduled job failing', () => {
  let world: SandboxWorld | undefined;
  let workers: RunningWorkers | undefined;
  let queue: BillingQueue | undefined;
  let folder: string | undefined;

  async function start(name: string, options: { board?: string; faults?: FaultOptions } = {}) {
    folder = mkdtempSync(join(tmpdir(), 'billing-guard-permanent-'));
    world = await sandboxWorld(name, { config: configWith(folder, options.board ?? 'Billing Exceptions'), faults: options.faults });
    workers = await createWorkers(world.services, processors, { connection: world.services.redis });
    queue = new BillingQueue(world.services.redis, world.prefix);
    return { queue, world };
  }

  afterEach(async () => {
    await workers?.close(5000);
    await queue?.close();
    await world?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
    world = workers = queue = folder = undefined;
  });

  it('on a ticket setting naming a board ConnectWise does not have is attempted once, and says which setting to fix', async () => {
    const { queue } = await start('permanent-board', { board: 'Billing Exeptions' });
    const job = await queue.enqueue('validate', liveRun('run-wrong-board'), { jobId: 'run-wrong-board', retry: true });
    expect(job.opts.attempts).toBe(4);

    const first = await afterFirstAttempt(job, queue);
    expect(first.state).toBe('failed');
    expect(first.attemptsMade).toBe(1);
    const outcome = await queue.waitFor(job, Date.now() + 1000);
    expect(outcome).toMatchObject({ state: 'failed', configurationMistake: true });
    expect(outcome.state === 'failed' && outcome.reason).toMatch(
      /^The exception ticket settings do not match ConnectWise: tickets\.board "Billing Exeptions" is not one of the service boards: .*"Billing Exceptions"/,
    );
  });

  it('on a reminder schedule the configuration does not have is attempted once, and names the schedule', async () => {
    const { queue } = await start('permanent-remind');
    const job = await queue.enqueue('remind', { schedule: 'no-such-schedule', fireDate: '2026-11-15', dryRun: true }, { jobId: 'remind-missing', retry: true });

    const first = await afterFirstAttempt(job, queue);
    expect(first.state).toBe('failed');
    expect(first.attemptsMade).toBe(1);
    const outcome = await queue.waitFor(job, Date.now() + 1000);
    expect(outcome).toMatchObject({ state: 'failed', configurationMistake: true });
    expect(outcome.state === 'failed' && outcome.reason).toContain('"no-such-schedule" is not a reminder schedule in the configuration');
  });

  it.each([
    ['a ConnectWise 5xx', '5xx', { rate5xx: 1 }, /failed: 50[023] /],
    ['a dropped connection', 'drop', { rateDrop: 1 }, /failed: (connection reset|connection closed|request failed)/],
  ] as const)('on %s is still retried', async (_case, name, faults, message) => {
    const { queue } = await start(`transient-${name}`, { faults });
    const job = await queue.enqueue('validate', liveRun('run-transient'), { jobId: 'run-transient', retry: true });

    const first = await afterFirstAttempt(job, queue);
    expect(first.state).toBe('delayed');
    expect(first.attemptsMade).toBe(1);
    expect(first.failedReason).toMatch(message);
    expect(first.failedReason).not.toContain('configuration mistake');
  });
});
