import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import nock from 'nock';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { pino } from 'pino';
import type { Logger } from 'pino';
import { ConnectWiseClient } from '../../src/connectwise/client.js';
import type { ConnectWiseClientOptions, ConnectWiseSettings } from '../../src/connectwise/client.js';

export const ORIGIN = 'https://cw.example.test';
export const API = '/v4_6_release/apis/3.0';

export const SETTINGS: ConnectWiseSettings = {
  site: 'cw.example.test',
  codebase: 'v4_6_release',
  companyId: 'acmemsp',
  publicKey: 'pubKEY5aQ81xLm',
  privateKey: 'privSECRET9zTq44Wv',
  clientId: '2a1c1f0e-client',
  pageSize: 1000,
  concurrency: 4,
  requestsPerMinute: 100_000,
  timeoutMs: 30_000,
  maxRetries: 3,
};

/** The Authorization header value and its base64 credential, as connectwise-rest builds them. */
export const CREDENTIAL = Buffer.from(`${SETTINGS.companyId}+${SETTINGS.publicKey}:${SETTINGS.privateKey}`).toString('base64');
export const AUTHORIZATION = `Basic ${CREDENTIAL}`;

/** A Redis connection and a key prefix of its own per test file; `close` removes every key under it. */
export function testRedis() {
  const redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: true });
  const keyPrefix = `test-cw-${randomUUID()}`;
  return {
    redis,
    keyPrefix,
    async close(): Promise<void> {
      const keys = await redis.keys(`${keyPrefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    },
  };
}

/** A debug-level pino logger whose every line is kept. */
export function capturedLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
  return { logger, lines };
}

export function makeClient(
  context: { redis: Redis; keyPrefix: string },
  options: Partial<Omit<ConnectWiseClientOptions, 'settings'>> & { settings?: Partial<ConnectWiseSettings> } = {},
): ConnectWiseClient {
  const { settings, ...rest } = options;
  return new ConnectWiseClient({
    tenant: 'default',
    logger: pino({ level: 'silent' }),
    ...context,
    ...rest,
    settings: { ...SETTINGS, ...settings },
  });
}

/** The ConnectWise API as nock sees it, answering only requests that carry the credentials. */
export function connectWise(): nock.Scope {
  return nock(ORIGIN, { reqheaders: { authorization: AUTHORIZATION } });
}

/** ConnectWise lists served from a function of each request's query, with every query remembered by path. */
export function servedLists() {
  const requested: Record<string, Array<Record<string, string>>> = {};
  return {
    requested,
    serve(path: string, answer: (query: Record<string, string>) => unknown[]) {
      connectWise()
        .get(`${API}${path}`)
        .query(true)
        .reply(200, function reply(uri) {
          const query = Object.fromEntries(new URL(uri, 'https://x').searchParams);
          (requested[path] ??= []).push(query);
          return answer(query);
        })
        .persist();
    },
    reset() {
      nock.cleanAll();
      for (const path of Object.keys(requested)) delete requested[path];
    },
  };
}

/**
 * A describe block's ConnectWise behind nock: no real connection leaves the test, served lists
 * are reset after each test, and the Redis context is closed at the end.
 */
export function nockedConnectWise() {
  const context = testRedis();
  const lists = servedLists();
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => lists.reset());
  afterAll(async () => {
    nock.enableNetConnect();
    await context.close();
  });
  return { context, lists, serve: lists.serve };
}
