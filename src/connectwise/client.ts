import { AsyncLocalStorage } from 'node:async_hooks';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import { ManageAPI } from 'connectwise-rest';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { connectWiseRequestsTotal, connectWiseRetriesTotal, connectWiseThrottledTotal } from '../metrics.js';
import { ConnectWiseError, fromAxiosError } from './errors.js';
import { RateLimiter } from './rate-limit.js';
import { withRetry } from './retry.js';
import type { Sleep } from './retry.js';

export interface ConnectWiseSettings {
  /** API host with optional port, e.g. api-na.myconnectwise.net */
  site: string;
  codebase: string;
  companyId: string;
  publicKey: string;
  privateKey: string;
  clientId: string;
  pageSize: number;
  concurrency: number;
  requestsPerMinute: number;
  timeoutMs: number;
  maxRetries: number;
  /** an extra CA certificate (PEM) to trust besides the public roots: a private CA or a sandbox */
  ca?: string;
}

export interface ConnectWiseClientOptions {
  settings: ConnectWiseSettings;
  tenant: string;
  redis: Redis;
  keyPrefix: string;
  logger: Logger;
  sleep?: Sleep;
  random?: () => number;
  /** a budget other than the tenant's window in Redis (which writes to Redis on every request) */
  limiter?: RequestBudget;
}

/** What the client asks of a request budget; one without `pause` does not share a 429's Retry-After. */
export type RequestBudget = Pick<RateLimiter, 'acquire'> & Partial<Pick<RateLimiter, 'pause'>>;

export type HttpMethod = 'get' | 'post' | 'patch' | 'put' | 'delete';

/** What a typed call learns about the HTTP exchange it made: connectwise-rest returns the body only. */
const exchange = new AsyncLocalStorage<{ status?: number }>();

/**
 * connectwise-rest's ManageAPI behind the product's policies: TLS verification with an
 * optional extra CA, errors mapped to ConnectWiseError, a tenant-wide request budget, a cap on
 * requests in flight, retries, and a count of every HTTP request sent.
 */
export class ConnectWiseClient {
  readonly api: ManageAPI;
  readonly pageSize: number;
  private sent = 0;
  private readonly settings: ConnectWiseSettings;
  private readonly logger: Logger;
  private readonly limiter: RequestBudget;
  private readonly slots: Semaphore;
  private readonly sleep: Sleep | undefined;
  private readonly random: (() => number) | undefined;

  constructor(options: ConnectWiseClientOptions) {
    const { settings, logger } = options;
    this.settings = settings;
    this.pageSize = settings.pageSize;
    this.logger = logger;
    this.sleep = options.sleep;
    this.random = options.random;
    this.slots = new Semaphore(settings.concurrency);
    this.limiter = options.limiter ?? new RateLimiter({
      redis: options.redis,
      keyPrefix: options.keyPrefix,
      tenant: options.tenant,
      requestsPerMinute: settings.requestsPerMinute,
      sleep: options.sleep,
    });
    this.api = new ManageAPI({
      companyId: settings.companyId,
      publicKey: settings.publicKey,
      privateKey: settings.privateKey,
      clientId: settings.clientId,
      companyUrl: settings.site,
      entryPoint: settings.codebase,
      timeout: settings.timeoutMs,
      retry: false,
      // its default logger prints params and raw errors to the console; only its text is kept
      logger: (level, text) => logger.debug({ connectwiseRest: level }, text),
    });
    this.configureAxios(secretsOf(settings, this.api.config.authorization));
  }

  /** HTTP requests sent so far, retries included. */
  get requestCount(): number {
    return this.sent;
  }

  /** Runs one typed call under the rate limit, the concurrency cap and the retry policy. */
  call<T>(request: { method: HttpMethod; path: string }, send: () => Promise<T>): Promise<T> {
    const log = this.logger.child({ method: request.method.toUpperCase(), path: request.path });
    return withRetry(
      (attempt) =>
        this.slots.run(async () => {
          await this.limiter.acquire();
          const seen: { status?: number } = {};
          const started = performance.now();
          const durationMs = () => Math.round(performance.now() - started);
          try {
            const result = await exchange.run(seen, send);
            log.debug({ attempt, status: seen.status, durationMs: durationMs() }, 'ConnectWise request');
            return result;
          } catch (error) {
            const status = error instanceof ConnectWiseError ? error.status : null;
            log.debug({ attempt, status, durationMs: durationMs() }, 'ConnectWise request failed');
            // every worker of the tenant waits out the throttle, not only this request's retry
            if (error instanceof ConnectWiseError && error.status === 429 && error.retryAfterMs !== undefined) {
              await this.limiter.pause?.(error.retryAfterMs);
            }
            throw error;
          }
        }),
      {
        maxRetries: this.settings.maxRetries,
        sleep: this.sleep,
        random: this.random,
        // a POST that timed out, was reset or got a 5xx may have created its record: only a
        // throttled one is repeated here, the caller looks again before writing again
        retryIf: request.method === 'post' ? (error) => error.status === 429 : undefined,
        onRetry: (error, attempt, delayMs) => {
          connectWiseRetriesTotal.inc();
          log.warn({ attempt, status: error.status, reason: error.serverMessage, delayMs }, 'ConnectWise request will be retried');
        },
      },
    );
  }

  private configureAxios(secrets: readonly string[]): void {
    const ca = this.settings.ca;
    // verification pinned on: NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment must not turn it off
    const httpsAgent = new https.Agent({
      keepAlive: true,
      rejectUnauthorized: true,
      // a context, not `ca`: the agent would otherwise spell out every root certificate in the key it files each request under
      ...(ca === undefined ? {} : { secureContext: tls.createSecureContext({ ca: [...tls.rootCertificates, ca] }) }),
    });
    for (const instance of axiosInstancesOf(this.api)) {
      instance.defaults.httpsAgent = httpsAgent;
      instance.interceptors.request.use((config) => {
        this.sent += 1;
        return config;
      });
      instance.interceptors.response.use(
        (response) => {
          const seen = exchange.getStore();
          if (seen !== undefined) seen.status = response.status;
          countAnswer(response.status);
          return response;
        },
        (error) => {
          const mapped = fromAxiosError(error, secrets);
          countAnswer(mapped?.status ?? null);
          return Promise.reject(mapped ?? error);
        },
      );
    }
  }
}

function countAnswer(status: number | null): void {
  connectWiseRequestsTotal.inc({ status: status === null ? 'error' : String(status) });
  if (status === 429) connectWiseThrottledTotal.inc();
}

/** Every form in which the credentials could end up in a text: the header, its base64 credential, each key. */
function secretsOf(settings: ConnectWiseSettings, authorization: string): string[] {
  const credential = authorization.replace(/^Basic\s+/i, '');
  return [authorization, credential, settings.privateKey, settings.publicKey];
}

/** The part of an axios instance the client configures. */
interface AxiosInstanceLike {
  defaults: { httpsAgent?: https.Agent };
  interceptors: {
    request: { use(onFulfilled: (config: object) => object): unknown };
    response: {
      use(onFulfilled: (response: { status: number }) => unknown, onRejected: (error: unknown) => unknown): unknown;
    };
  };
}

/**
 * connectwise-rest keeps its axios instance in the private field `instance`, and its
 * ManageAPI holds one per API group (TimeAPI, FinanceAPI…) besides its own. Reaching them
 * is the only way to see Retry-After and to map errors before they leave axios carrying
 * the Authorization header in `config.headers`. Throws if the library no longer has them,
 * rather than run without the mapping.
 */
function axiosInstancesOf(api: ManageAPI): AxiosInstanceLike[] {
  const groups = [api, ...Object.values(api)].filter(
    (value): value is { request: unknown; instance?: unknown } => typeof value === 'object' && value !== null && typeof value.request === 'function',
  );
  const instances = groups.map((group) => group.instance);
  if (!instances.every(isAxiosInstanceLike)) {
    throw new Error('connectwise-rest no longer exposes its axios instances; the client cannot map its errors safely');
  }
  return instances;
}

function isAxiosInstanceLike(value: unknown): value is AxiosInstanceLike {
  return typeof value === 'function' && 'interceptors' in value && 'defaults' in value;
}

/** At most `limit` tasks at once; a finished task hands its slot straight to the next waiting one. */
class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {
    if (!(limit >= 1)) throw new RangeError('concurrency must be at least 1');
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active < this.limit) this.active += 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next === undefined) this.active -= 1;
      else next();
    }
  }
}
