import type { Services } from '../services.js';
import { connectRedis, producerRedis } from './connection.js';
import type { Processors } from './processor.js';
import { BillingQueue } from './queue.js';
import { createWorkers } from './worker.js';

/**
 * Runs a command's work through the queue: the work enqueues and waits on jobs, which a
 * running worker processes; when no worker runs, this process brings its own for the while.
 * The command enqueues through a producer connection, which fails fast when Redis is down.
 */
export async function throughQueue<T>(
  services: Services,
  processors: Processors,
  work: (queue: BillingQueue, worker: string) => Promise<T>,
): Promise<T> {
  const { REDIS_URL, QUEUE_PREFIX } = services.config.env;
  const producer = await connectRedis(producerRedis(REDIS_URL), REDIS_URL);
  const queue = new BillingQueue(producer, QUEUE_PREFIX);
  try {
    const ownWorkers = (await queue.queue.getWorkersCount()) === 0 ? createWorkers(services, processors, { connection: services.redis }) : null;
    try {
      return await work(queue, ownWorkers ? 'this process' : 'running worker');
    } finally {
      await ownWorkers?.close(10_000);
    }
  } finally {
    await queue.close();
    await producer.quit().catch(() => producer.disconnect());
  }
}
