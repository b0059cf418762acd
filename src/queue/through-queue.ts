import type { Services } from '../services.js';
import { BillingQueue } from './queue.js';
import { closeWorkers, createWorkers } from './worker.js';

/**
 * Runs a command's work through the queue: the work enqueues and waits on jobs, which a
 * running worker processes; when no worker runs, this process brings its own for the while.
 */
export async function throughQueue<T>(services: Services, work: (queue: BillingQueue, worker: string) => Promise<T>): Promise<T> {
  const queue = new BillingQueue(services.redis, services.config.env.QUEUE_PREFIX);
  const ownWorkers = (await queue.queue.getWorkersCount()) === 0 ? createWorkers(services, { connection: services.redis }) : null;
  try {
    return await work(queue, ownWorkers ? 'this process' : 'running worker');
  } finally {
    if (ownWorkers) await closeWorkers(ownWorkers, 10_000);
    await queue.close();
  }
}
