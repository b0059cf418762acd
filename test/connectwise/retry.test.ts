import { inspect } from 'node:util';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConnectWiseError } from '../../src/connectwise/errors.js';
import { retryDelay } from '../../src/connectwise/retry.js';
import { API, AUTHORIZATION, CREDENTIAL, SETTINGS, capturedLogger, connectWise, makeClient, testRedis } from './helpers.js';

const redis = testRedis();
const noWait = () => Promise.resolve();
const TICKET = { summary: 'Billing exceptions 2026-10: Acme Corp' };

beforeAll(async () => {
  nock.disableNetConnect();
  await redis.redis.connect();
});
afterEach(() => {
  vi.useRealTimers();
  nock.cleanAll();
});
afterAll(async () => {
  nock.enableNetConnect();
  await redis.close();
});

/** Captured before fake timers replace it: lets real I/O (sockets, Redis) progress without moving fake time. */
const realSetTimeout = globalThis.setTimeout;
const realPause = (ms: number) => new Promise((resolve) => realSetTimeout(resolve, ms));

async function until(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 200 && !condition(); turn += 1) await realPause(5);
  expect(condition()).toBe(true);
}

describe('retrying ConnectWise requests', () => {
  it('waits for Retry-After before sending a throttled request again', async () => {
    const { logger, lines } = capturedLogger();
    // the tenant-wide pause runs on Redis's clock, which fake timers cannot move: this is the retry's own wait
    const client = makeClient(redis, { random: () => 0, logger, limiter: { acquire: () => Promise.resolve() } });
    const throttled = connectWise().get(`${API}/time/entries`).reply(429, { code: 'TooManyRequests', message: 'Slow down' }, { 'Retry-After': '2' });
    const retried = connectWise().get(`${API}/time/entries`).reply(200, [{ id: 1 }]);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldClearNativeTimers: true });

    const result = client.call({ method: 'get', path: '/time/entries' }, () => client.api.TimeAPI.getTimeEntries());
    await until(() => throttled.isDone() && lines.some((line) => line.includes('will be retried')));
    await vi.advanceTimersByTimeAsync(1999);
    await realPause(200);
    expect(retried.isDone()).toBe(false);

    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toEqual([{ id: 1 }]);
    expect(client.requestCount).toBe(2);
  });

  it('succeeds after two 503 answers', async () => {
    const client = makeClient(redis, { sleep: noWait });
    connectWise().get(`${API}/finance/agreements`).times(2).reply(503, 'Service Unavailable');
    connectWise().get(`${API}/finance/agreements`).reply(200, [{ id: 88 }]);

    const agreements = await client.call({ method: 'get', path: '/finance/agreements' }, () => client.api.FinanceAPI.getFinanceAgreements());

    expect(agreements).toEqual([{ id: 88 }]);
    expect(client.requestCount).toBe(3);
  });

  it('fails at once on a 400 with the server message', async () => {
    const client = makeClient(redis, { sleep: noWait });
    const body = { code: 'InvalidObject', message: 'ticket object is invalid', errors: [{ code: 'NullValue', message: 'The board field is required.', resource: 'ticket', field: 'board' }] };
    connectWise().post(`${API}/service/tickets`).reply(400, body);
    connectWise().post(`${API}/service/tickets`).reply(201, { id: 5012 });

    const error = await client
      .call({ method: 'post', path: '/service/tickets' }, () => client.api.ServiceAPI.postServiceTickets(TICKET))
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ConnectWiseError);
    expect(error).toMatchObject({ status: 400, method: 'POST', path: '/service/tickets', retryable: false });
    expect((error as Error).message).toBe('ConnectWise POST /service/tickets failed: 400 ticket object is invalid: The board field is required.');
    expect(client.requestCount).toBe(1);
  });

  it('does not repeat a POST that may have reached ConnectWise (5xx, timeout, reset)', async () => {
    const client = makeClient(redis, { sleep: noWait });
    connectWise().post(`${API}/service/tickets`).reply(502, 'Bad Gateway');
    connectWise().post(`${API}/service/tickets`).reply(201, { id: 5012 });

    await expect(
      client.call({ method: 'post', path: '/service/tickets' }, () => client.api.ServiceAPI.postServiceTickets(TICKET)),
    ).rejects.toMatchObject({ status: 502 });
    expect(client.requestCount).toBe(1);
  });

  it('repeats a throttled POST: ConnectWise refused it before acting on it', async () => {
    const client = makeClient(redis, { sleep: noWait });
    connectWise().post(`${API}/service/tickets`).reply(429, { code: 'TooManyRequests', message: 'Slow down' });
    connectWise().post(`${API}/service/tickets`).reply(201, { id: 5012 });

    const ticket = await client.call({ method: 'post', path: '/service/tickets' }, () => client.api.ServiceAPI.postServiceTickets(TICKET));

    expect(ticket).toEqual({ id: 5012 });
    expect(client.requestCount).toBe(2);
  });

  it('gives up after maxRetries with an error and logs that carry no credential', async () => {
    const { logger, lines } = capturedLogger();
    const client = makeClient(redis, { sleep: noWait, logger });
    const scope = connectWise().get(`${API}/time/entries`).query(true).times(4).reply(503, { code: 'Unavailable', message: 'Try later' });

    const error = await client
      .call({ method: 'get', path: '/time/entries' }, () => client.api.TimeAPI.getTimeEntries({ conditions: 'id > 5' }))
      .catch((caught: unknown) => caught);
    logger.error({ err: error }, 'pull failed');

    expect(scope.isDone()).toBe(true);
    expect(client.requestCount).toBe(SETTINGS.maxRetries + 1);
    expect(error).toBeInstanceOf(ConnectWiseError);
    expect(error).toMatchObject({ status: 503, path: '/time/entries', serverMessage: 'Try later' });
    const texts = [(error as Error).message, JSON.stringify(error), (error as Error).stack ?? '', String(error), inspect(error, { depth: 5 }), lines.join('\n')];
    expect(lines.length).toBeGreaterThan(SETTINGS.maxRetries);
    for (const secret of [SETTINGS.privateKey, AUTHORIZATION, CREDENTIAL]) {
      for (const text of texts) expect(text).not.toContain(secret);
    }
  });
});

describe('retryDelay', () => {
  it('draws the backoff from the whole exponential window (full jitter)', () => {
    expect(retryDelay(1, undefined, () => 0)).toBe(0);
    expect(retryDelay(1, undefined, () => 0.999)).toBe(499);
    expect(retryDelay(3, undefined, () => 0.5)).toBe(1000);
  });

  it('never waits longer than the cap, unless the server asks for more', () => {
    expect(retryDelay(20, undefined, () => 0.999)).toBe(29_970);
    expect(retryDelay(20, 60_000, () => 0.999)).toBe(60_000);
  });
});
