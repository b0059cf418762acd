import { UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { secretsOf } from '../config/env.js';
import { settlesWithin } from '../time-limit.js';
import type { Services } from '../services.js';
import { safeFailure } from './failure.js';
import { isJobName, jobSpecs, queueNames, type QueueKind } from './jobs.js';
import type { JobContext, Processors } from './processor.js';
import { startHeartbeat } from './heartbeat.js';
import { BillingQueue } from './queue.js';

export interface WorkerOptions {
  connection: Redis;
  /** jobs run at once per queue */
  concurrency?: number;
  /**
   * Whether commands may hand their jobs to these workers (default true). A command's own
   * workers leave once its job is done, so they do not say they are live: another command
   * that counted on them could be left waiting.
   */
  announce?: boolean;
}

/** How long the jobs cut short by the bound get to go back to the queue. */
const HAND_BACK_MS = 1000;

/**
 * A job is locked by its worker this long without renewal: a worker killed mid-job (SIGKILL)
 * leaves it locked that long, then BullMQ moves it back to the queue for the next worker.
 */
const LOCK_DURATION_MS = 30_000;

export interface RunningWorkers {
  workers: readonly Worker[];
  /**
   * Stops taking jobs; running jobs stop waiting on other jobs and get the bound to finish.
   * The ones still running then go back to the queue, their attempt not spent, for the next
   * worker to run again. Resolves within the bound (a second at least, for handing jobs back).
   */
  close(timeoutMs: number): Promise<'drained' | 'forced'>;
}

interface ProcessorSetting {
  services: Services;
  processors: Processors;
  /** the jobs' own queue: its waits end once the workers start closing */
  queue: JobContext['queue'];
  /** fires when the bound is over: the jobs still running go back to the queue */
  cutShort: AbortSignal;
}

function processorFor(kind: QueueKind, { services, processors, queue, cutShort }: ProcessorSetting) {
  const secrets = secretsOf(services.config.env);
  const run = async (job: Job) => {
    if (!isJobName(job.name) || jobSpecs[job.name].queue !== kind) {
      throw new UnrecoverableError(`the ${queueNames[kind]} queue has no processor for ${job.name} jobs`);
    }
    const payload = jobSpecs[job.name].payload.safeParse(job.data);
    if (!payload.success) throw new UnrecoverableError(`${job.name} job ${job.id} has an invalid payload: ${payload.error.message}`);
    const logger = services.logger.child({ job: job.name, jobId: job.id, attempt: job.attemptsMade + 1 });
    try {
      return await processors[job.name](payload.data as never, { services, logger, job, queue });
    } catch (error) {
      const failure = safeFailure(error, secrets);
      // a job cut short is back in the queue: what its work does now is not its outcome
      if (!cutShort.aborted) logger.error({ error: failure.message }, `${job.name} job failed`);
      throw failure;
    }
  };
  return (job: Job, token?: string) => unlessCutShort(run(job), job, token, cutShort);
}

/**
 * The job's work, unless the stop cuts it short first: then the job goes back to the queue at
 * once, so the next worker need not wait for its lock to expire. What the work still does in
 * this process is harmless: every write of a job is safe to repeat.
 */
function unlessCutShort<T>(work: Promise<T>, job: Job, token: string | undefined, cutShort: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const handBack = () => void job.moveToWait(token).then(() => reject(new WaitingError()), reject);
    // settled work stops listening at once, so a finished job is never handed back
    const stopListening = () => cutShort.removeEventListener('abort', handBack);
    work.then(
      (result) => {
        stopListening();
        resolve(result);
      },
      (error: unknown) => {
        stopListening();
        reject(error);
      },
    );
    if (cutShort.aborted) handBack();
    else cutShort.addEventListener('abort', handBack, { once: true });
  });
}

/**
 * One worker per queue: runs and reminders, and the exception-ticket jobs they wait for. The
 * jobs enqueue further jobs through the workers' own connection.
 */
export async function createWorkers(
  services: Services,
  processors: Processors,
  { connection, concurrency = 2, announce = true }: WorkerOptions,
): Promise<RunningWorkers> {
  const prefix = services.config.env.QUEUE_PREFIX;
  const stopping = new AbortController();
  const cutShort = new AbortController();
  const queue = new BillingQueue(connection, prefix, stopping.signal);
  const setting: ProcessorSetting = { services, processors, queue, cutShort: cutShort.signal };
  const workers = (Object.keys(queueNames) as QueueKind[]).map(
    (kind) =>
      new Worker(queueNames[kind], processorFor(kind, setting), {
        connection,
        prefix,
        concurrency: kind === 'tickets' ? concurrency * 2 : concurrency,
        lockDuration: LOCK_DURATION_MS,
      }),
  );
  const heartbeat = announce ? await startHeartbeat(connection, prefix) : null;
  return {
    workers,
    async close(timeoutMs) {
      stopping.abort();
      // worker.close() waits for running jobs without a bound of its own, and a later close(true) only waits on the first
      const closed = Promise.all(workers.map((worker) => worker.close()));
      const drained = await settlesWithin(closed, Math.max(0, timeoutMs - HAND_BACK_MS));
      if (!drained) {
        cutShort.abort();
        await settlesWithin(closed, HAND_BACK_MS);
      }
      await heartbeat?.stop();
      await queue.close();
      return drained ? 'drained' : 'forced';
    },
  };
}
