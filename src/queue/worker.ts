import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { scrubSecrets, secretsOf } from '../config/env.js';
import type { Services } from '../services.js';
import { isJobName, jobMap, QUEUE_NAME } from './jobs.js';

export interface WorkerOptions {
  connection: Redis;
  concurrency?: number;
}

/**
 * The error a failed job leaves in Redis (its failedReason and stack) carries no credential
 * and no raw client error: only the message, scrubbed.
 */
function safeFailure(error: unknown, secrets: readonly string[]): Error {
  const message = error instanceof Error ? error.message : String(error);
  const safe = error instanceof UnrecoverableError ? new UnrecoverableError(scrubSecrets(message, secrets)) : new Error(scrubSecrets(message, secrets));
  safe.name = error instanceof Error ? error.name : 'Error';
  return safe;
}

export function createWorker(services: Services, { connection, concurrency = 2 }: WorkerOptions): Worker {
  const secrets = secretsOf(services.config.env);
  const processor = async (job: Job) => {
    if (!isJobName(job.name)) throw new UnrecoverableError(`this worker has no processor for ${job.name} jobs`);
    const definition = jobMap[job.name];
    const payload = definition.payload.safeParse(job.data);
    if (!payload.success) throw new UnrecoverableError(`${job.name} job ${job.id} has an invalid payload: ${payload.error.message}`);
    const logger = services.logger.child({ job: job.name, jobId: job.id, attempt: job.attemptsMade + 1 });
    try {
      return await definition.process(payload.data, { services, logger, job });
    } catch (error) {
      const failure = safeFailure(error, secrets);
      logger.error({ error: failure.message }, `${job.name} job failed`);
      throw failure;
    }
  };
  return new Worker(QUEUE_NAME, processor, {
    connection,
    prefix: services.config.env.QUEUE_PREFIX,
    concurrency,
    lockDuration: 120_000,
    autorun: true,
  });
}

/** worker.close() waits for running jobs without a bound of its own. */
export async function closeWorker(worker: Worker, timeoutMs: number): Promise<'drained' | 'forced'> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'forced'>((resolve) => {
    timer = setTimeout(() => resolve('forced'), timeoutMs);
  });
  const outcome = await Promise.race([worker.close().then(() => 'drained' as const), timedOut]);
  clearTimeout(timer);
  if (outcome === 'forced') await worker.close(true);
  return outcome;
}
