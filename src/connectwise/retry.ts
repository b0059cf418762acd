import { ConnectWiseError } from './errors.js';

export type Sleep = (ms: number) => Promise<void>;

/** A plain setTimeout, so fake timers can drive every wait. */
export const sleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RetryPolicy {
  /** retries after the first attempt: at most maxRetries + 1 attempts */
  maxRetries: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: Sleep;
  /** uniform in [0, 1) */
  random?: () => number;
  /** narrows which retryable errors are retried; by default all of them */
  retryIf?: (error: ConnectWiseError) => boolean;
  onRetry?: (error: ConnectWiseError, attempt: number, delayMs: number) => void;
}

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;

/**
 * Runs `attempt` (given the attempt number, from 1) and retries retryable ConnectWiseErrors
 * with exponential backoff and full jitter, waiting at least what Retry-After asked for.
 * Anything else (a 400, a 404, a bug) is rethrown at once.
 */
export async function withRetry<T>(attempt: (attemptNumber: number) => Promise<T>, policy: RetryPolicy): Promise<T> {
  const wait = policy.sleep ?? sleep;
  const random = policy.random ?? Math.random;
  for (let attemptNumber = 1; ; attemptNumber += 1) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      const retry = error instanceof ConnectWiseError && error.retryable && (policy.retryIf?.(error) ?? true);
      if (!retry || attemptNumber > policy.maxRetries) throw error;
      const delayMs = retryDelay(attemptNumber, error.retryAfterMs, random, policy);
      policy.onRetry?.(error, attemptNumber, delayMs);
      await wait(delayMs);
    }
  }
}

/** Full jitter: uniform in [0, min(cap, base × 2^(attempt−1))), never below Retry-After. */
export function retryDelay(
  attemptNumber: number,
  retryAfterMs: number | undefined,
  random: () => number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'> = {},
): number {
  const ceiling = Math.min(policy.maxDelayMs ?? MAX_DELAY_MS, (policy.baseDelayMs ?? BASE_DELAY_MS) * 2 ** (attemptNumber - 1));
  return Math.max(Math.floor(random() * ceiling), retryAfterMs ?? 0);
}
