import type { Redis } from 'ioredis';
import { withinMs } from '../time-limit.js';

export type ReadinessState = { ready: true } | { ready: false; reason: string };

export interface Readiness {
  /** from the stop signal on the process is not ready, before its workers close */
  stop(): void;
  check(): Promise<ReadinessState>;
}

export interface ReadinessOptions {
  /** a fail-fast connection: a PING while Redis is down must fail, not queue */
  redis: Redis;
  workersRunning(): boolean;
  pingTimeoutMs?: number;
}

export function readinessOf({ redis, workersRunning, pingTimeoutMs = 1000 }: ReadinessOptions): Readiness {
  let stopping = false;
  return {
    stop() {
      stopping = true;
    },
    async check() {
      if (stopping) return { ready: false, reason: 'stopping: finishing the running jobs, taking no new ones' };
      if (!workersRunning()) return { ready: false, reason: 'the queue workers are not running' };
      try {
        await withinMs(redis.ping(), pingTimeoutMs, 'Redis');
      } catch {
        // the connection's own error could repeat REDIS_URL: say what failed, never how it was reached
        return { ready: false, reason: `Redis did not answer PING within ${pingTimeoutMs} ms` };
      }
      return { ready: true };
    },
  };
}
