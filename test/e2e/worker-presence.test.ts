import { afterEach, describe, expect, it } from 'vitest';
import { processors } from '../../jobs/index.js';
import { bootstrap } from '../../src/bootstrap.js';
import { runThroughQueue } from '../../src/commands/run.js';
import { throughQueue, UnservedJobError } from '../../src/queue/through-queue.js';
import { createWorkers, type RunningWorkers } from '../../src/queue/worker.js';
import type { Services } from '../../src/services.js';
import { REDIS_URL } from '../support/redis.js';
import { SANDBOX_PERIOD, sandboxWorld, type SandboxWorld } from '../support/sandbox.js';

const dryRun = { period: SANDBOX_PERIOD, dryRun: true };
const onDatabase = (database: number) => `${REDIS_URL.replace(/\/\d*$/, '')}/${database}`;

describe('which worker runs a command’s job', () => {
  let world: SandboxWorld | undefined;
  let others: Services | undefined;
  let workers: RunningWorkers | undefined;
  afterEach(async () => {
    await workers?.close(5000);
    await others?.redis.quit();
    await world?.close();
    world = others = workers = undefined;
  });

  it('brings its own worker when the only worker of its prefix listens on another Redis database', async () => {
    world = await sandboxWorld('worker-db13', { env: { REDIS_URL: onDatabase(13) } });
    others = await bootstrap({ env: { ...world.env, REDIS_URL: onDatabase(14) }, connectWiseCa: world.sandbox.ca, logger: world.services.logger });
    workers = await createWorkers(others, processors, { connection: others.redis });

    const report = await runThroughQueue(dryRun, world.services);
    expect(report.mode).toBe('dry-run');
  });

  it('hands the job to the live worker of its own prefix and database', async () => {
    world = await sandboxWorld('worker-same-db');
    others = await bootstrap({ env: world.env, connectWiseCa: world.sandbox.ca, logger: world.services.logger });
    workers = await createWorkers(others, processors, { connection: others.redis });
    const completedHere: string[] = [];
    for (const worker of workers.workers) worker.on('completed', (job) => completedHere.push(job.name));

    await runThroughQueue(dryRun, world.services);
    expect(completedHere).toContain('validate');
  });

  it('says so and stops waiting when no live worker picks the job up within the bound', async () => {
    world = await sandboxWorld('worker-gone');
    const { services, prefix } = world;
    // a worker that beat a moment ago and then died without a word
    await services.redis.set(`${prefix}:worker-heartbeat:gone`, String(Date.now()), 'PX', 200);
    const waited = throughQueue(
      services,
      processors,
      async ({ queue, outcomeOf }) => outcomeOf(await queue.enqueue('validate', { runId: 'run-gone', ...{ period: SANDBOX_PERIOD, mode: 'dry-run', trigger: 'cli' } }, { jobId: 'run-gone', retry: false })),
      500,
    );
    await expect(waited).rejects.toBeInstanceOf(UnservedJobError);
    await expect(waited).rejects.toThrow(/no live worker picked up job run-gone within 1 s: start one/);
  });
});
