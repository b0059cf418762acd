import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { scrubSecrets, secretsOf } from '../config/env.js';
import type { Services } from '../services.js';
import { queueNames, type QueueKind } from './define.js';
import { isJobName, jobMap } from './jobs.js';

export interface WorkerOptions {
  connection: Redis;
  /** jobs run at once per queue */
  concurrency?: number;
}

/** An error that no retry can fix: wrong configuration, or ConnectWise refusing the request. */
function isPermanent(error: unknown): boolean {
  if (error instanceof UnrecoverableError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const { permanent, retryable } = error as { permanent?: unknown; retryable?: unknown };
  return permanent === true || retryable === false;
}

/**
 * The error a failed job leaves in Redis (its failedReason and stack) carries no credential
 * and no raw client error: only the message, scrubbed.
 */
function safeFailure(error: unknown, secrets: readonly string[]): Error {
  const message = scrubSecrets(error instanceof Error ? error.message : String(error), secrets);
  const safe = isPermanent(error) ? new UnrecoverableError(message) : new Error(message);
  safe.name = error instanceof Error ? error.name : 'Error';
  return safe;
}

function processorFor(kind: QueueKind, services: Services) {
  const secrets = secretsOf(services.config.env);
  return async (job: Job) => {
    if (!isJobName(job.name) || jobMap[job.name].queue !== kind) {
      throw new UnrecoverableError(`the ${queueNames[kind]} queue has no processor for ${job.name} jobs`);
    }
    const definition = jobMap[job.name];
    const payload = definition.payload.safeParse(job.data);
    if (!payload.success) throw new UnrecoverableError(`${job.name} job ${job.id} has an invalid payload: ${payload.error.message}`);
    const logger = services.logger.child({ job: job.name, jobId: job.id, attempt: job.attemptsMade + 1 });
    try {
      return await definition.process(payload.data as never, { services, logger, job });
    } catch (error) {
      const failure = safeFailure(error, secrets);
      logger.error({ error: failure.message }, `${job.name} job failed`);
      throw failure;
    }
  };
}

/** One worker per queue: runs and reminders, and the exception-ticket jobs they wait for. */
export function createWorkers(services: Services, { connection, concurrency = 2 }: WorkerOptions): Worker[] {
  return (Object.keys(queueNames) as QueueKind[]).map(
    (kind) =>
      new Worker(queueNames[kind], processorFor(kind, services), {
        connection,
        prefix: services.config.env.QUEUE_PREFIX,
        concurrency: kind === 'tickets' ? concurrency * 2 : concurrency,
        lockDuration: 120_000,
      }),
  );
}

/** worker.close() waits for running jobs without a bound of its own. */
export async function closeWorkers(workers: readonly Worker[], timeoutMs: number): Promise<'drained' | 'forced'> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'forced'>((resolve) => {
    timer = setTimeout(() => resolve('forced'), timeoutMs);
  });
  const drained = Promise.all(workers.map((worker) => worker.close())).then(() => 'drained' as const);
  const outcome = await Promise.race([drained, timedOut]);
  clearTimeout(timer);
  if (outcome === 'forced') await Promise.all(workers.map((worker) => worker.close(true)));
  return outcome;
}
