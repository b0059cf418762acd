import { Worker } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { processors } from '../../jobs/index.js';
import { bootstrap } from '../../src/bootstrap.js';
import { runThroughQueue } from '../../src/commands/run.js';
import { hasLiveWorker } from '../../src/queue/heartbeat.js';
import { queueNames } from '../../src/queue/jobs.js';
import type { Processors } from '../../src/queue/processor.js';
import { throughQueue, UnservedJobError } from '../../src/queue/through-queue.js';
import { createWorkers, type RunningWorkers } from '../../src/queue/worker.js';
import type { Services } from '../../src/services.js';
import { REDIS_URL } from '../support/redis.js';
import { SANDBOX_PERIOD, sandboxWorld, type SandboxWorld } from '../support/sandbox.js';

const dryRun = { period: SANDBOX_PERIOD, dryRun: true };
const validateRun = (runId: string) => ({ runId, period: SANDBOX_PERIOD, mode: 'dry-run', trigger: 'cli' }) as const;
const onDatabase = (database: number) => `${REDIS_URL.replace(/\/\d*$/, '')}/${database}`;

describe('which worker runs a command’s job', () => {
  let world: SandboxWorld | undefined;
  let others: Services | undefined;
  let workers: RunningWorkers | undefined;
  let commandWorkers: RunningWorkers[] = [];
  afterEach(async () => {
    await Promise.all(commandWorkers.map((each) => each.close(5000)));
    await workers?.close(5000);
    await others?.redis.quit();
    await world?.close();
    world = others = workers = undefined;
    commandWorkers = [];
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
    await services.redis.zadd(`${prefix}:worker-heartbeats`, Date.now() + 1500, 'gone');
    const waited = throughQueue(
      services,
      processors,
      async ({ queue, outcomeOf }) => outcomeOf(await queue.enqueue('validate', { runId: 'run-gone', ...{ period: SANDBOX_PERIOD, mode: 'dry-run', trigger: 'cli' } }, { jobId: 'run-gone', retry: false })),
      500,
    );
    await expect(waited).rejects.toBeInstanceOf(UnservedJobError);
    await expect(waited).rejects.toThrow(/no live worker picked up job run-gone within 1 s: start one/);
  });

  it('stops waiting on a job a killed worker left active, once no live worker is left to free it', async () => {
    world = await sandboxWorld('worker-killed');
    const { services, prefix } = world;
    // a worker that took the job and was killed: its heartbeat lapses, its job stays active
    await services.redis.zadd(`${prefix}:worker-heartbeats`, Date.now() + 1500, 'killed');
    const killed = new Worker(queueNames.runs, null, { connection: services.redis.duplicate(), prefix, autorun: false });
    try {
      const waited = throughQueue(
        services,
        processors,
        async ({ queue, outcomeOf }) => {
          const job = await queue.enqueue('validate', validateRun('run-killed'), { jobId: 'run-killed', retry: false });
          expect((await killed.getNextJob('killed-token'))?.id).toBe('run-killed');
          return outcomeOf(job);
        },
        500,
      );
      await expect(waited).rejects.toThrow(/no live worker picked up job run-killed within 1 s/);
      expect(await services.redis.exists(`${prefix}:${queueNames.runs}:run-killed:lock`)).toBe(1);
    } finally {
      await killed.close(true);
    }
  });

  it('counts no command’s own workers as a live worker, and a start worker as one', async () => {
    world = await sandboxWorld('worker-own');
    others = await bootstrap({ env: world.env, connectWiseCa: world.sandbox.ca, logger: world.services.logger });
    const { services, prefix } = world;
    commandWorkers = [
      await createWorkers(services, processors, { connection: services.redis, announce: false }),
      await createWorkers(others, processors, { connection: others.redis, announce: false }),
    ];
    expect(await hasLiveWorker(services.redis, prefix)).toBe(false);

    workers = await createWorkers(others, processors, { connection: others.redis });
    expect(await hasLiveWorker(services.redis, prefix)).toBe(true);
  });

  it('a second command brings its own worker while the first one’s serves its job, which outlasts the pickup bound', async () => {
    world = await sandboxWorld('worker-second');
    const { services } = world;
    let started!: () => void;
    const jobStarted = new Promise<void>((resolve) => (started = resolve));
    const slow: Processors = {
      ...processors,
      async validate(payload, context) {
        started();
        await new Promise((resolve) => setTimeout(resolve, 2500));
        return processors.validate(payload, context);
      },
    };
    const first = throughQueue(
      services,
      slow,
      async ({ queue, worker, outcomeOf }) => ({ worker, outcome: await outcomeOf(await queue.enqueue('validate', validateRun('run-first'), { jobId: 'run-first', retry: false })) }),
      500,
    );
    await jobStarted;
    const second = await throughQueue(services, processors, async ({ worker }) => worker, 500);
    expect(second).toBe('this process');

    const { worker, outcome } = await first;
    expect(worker).toBe('this process');
    expect(outcome.state).toBe('completed');
  });
});
