import { mulberry32 } from './random.js';

/**
 * Fault injection: throttling, server errors, dropped connections, latency, a concurrency
 * cap and a per-minute budget, the random faults drawn from a seeded generator so a test sees
 * the same faults for the same seed.
 * The fault of a request is decided when it arrives, before anything is handled, so a
 * faulted write has changed nothing.
 */

export interface FaultOptions {
  seed?: number;
  /** share of requests answered 429 with Retry-After */
  rate429?: number;
  retryAfterSeconds?: number;
  rate5xx?: number;
  /** share of requests whose socket is destroyed without a response */
  rateDrop?: number;
  latencyMs?: number;
  /** requests in flight above it are answered 429 */
  maxConcurrent?: number;
  /**
   * ConnectWise's throttle: at most this many requests answered in any 60 s; above it 429 with
   * Retry-After, the seconds until the oldest request of the window leaves it
   */
  requestsPerMinute?: number;
}

export type Fault = '429' | '5xx' | 'drop' | 'concurrency';

export interface FaultDecision {
  fault: Fault;
  /** 0 for a dropped connection */
  status: number;
  /** for a 429, when other than the configured Retry-After */
  retryAfterSeconds?: number;
}

export interface Faults {
  readonly latencyMs: number;
  readonly retryAfterSeconds: number;
  /** The fault of the next request, given how many requests are already in flight. */
  decide(inFlight: number): FaultDecision | undefined;
}

const DEFAULT_SEED = 0x5eed;
const MINUTE_MS = 60_000;
const SERVER_ERRORS = [500, 502, 503] as const;

export function createFaults(options: FaultOptions = {}): Faults {
  const random = mulberry32(options.seed ?? DEFAULT_SEED);
  const { rate429 = 0, rate5xx = 0, rateDrop = 0, maxConcurrent, requestsPerMinute } = options;
  const window = requestsPerMinute === undefined ? undefined : slidingWindow(requestsPerMinute);
  return {
    latencyMs: options.latencyMs ?? 0,
    retryAfterSeconds: options.retryAfterSeconds ?? 1,
    decide(inFlight) {
      // Two draws for every request, whatever happens, so the sequence depends on the seed only.
      const kind = random();
      const code = random();
      if (maxConcurrent !== undefined && inFlight >= maxConcurrent) return { fault: 'concurrency', status: 429 };
      const waitMs = window?.take(performance.now()) ?? 0;
      if (waitMs > 0) return { fault: '429', status: 429, retryAfterSeconds: Math.ceil(waitMs / 1000) };
      if (kind < rate429) return { fault: '429', status: 429 };
      if (kind < rate429 + rate5xx) {
        return { fault: '5xx', status: SERVER_ERRORS[Math.floor(code * SERVER_ERRORS.length)]! };
      }
      if (kind < rate429 + rate5xx + rateDrop) return { fault: 'drop', status: 0 };
      return undefined;
    },
  };
}

/** The answered requests of the last minute: `take` admits one (0) or says how long until the window has room. */
function slidingWindow(budget: number) {
  const answered: number[] = [];
  return {
    take(now: number): number {
      while (answered.length > 0 && answered[0]! <= now - MINUTE_MS) answered.shift();
      if (answered.length >= budget) return answered[0]! + MINUTE_MS - now;
      answered.push(now);
      return 0;
    },
  };
}
