import https from 'node:https';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { generate } from 'selfsigned';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConnectWiseError } from '../../src/connectwise/errors.js';
import { RateLimiter } from '../../src/connectwise/rate-limit.js';
import { API, connectWise, makeClient, testRedis } from './helpers.js';

const redis = testRedis();
const noWait = () => Promise.resolve();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  nock.disableNetConnect();
  await redis.redis.connect();
});
afterEach(() => {
  nock.cleanAll();
  vi.restoreAllMocks();
});
afterAll(async () => {
  nock.enableNetConnect();
  await redis.close();
});

describe('ConnectWiseClient', () => {
  it('keeps at most `concurrency` requests in flight', async () => {
    const client = makeClient(redis, { settings: { concurrency: 2 } });
    let inFlight = 0;
    let mostInFlight = 0;
    connectWise()
      .get(/\/time\/entries\/\d+$/)
      .times(6)
      .reply(async () => {
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        await pause(30);
        inFlight -= 1;
        return [200, { id: 1 }];
      });

    await Promise.all(
      [1, 2, 3, 4, 5, 6].map((id) =>
        client.call({ method: 'get', path: '/time/entries/{id}' }, () => client.api.TimeAPI.getTimeEntriesById(id)),
      ),
    );

    expect(mostInFlight).toBe(2);
    expect(client.requestCount).toBe(6);
  });

  it('retries a connection reset and counts every request it sent', async () => {
    const client = makeClient(redis, { sleep: noWait });
    connectWise().get(`${API}/system/members`).replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    connectWise().get(`${API}/system/members`).reply(200, [{ id: 7 }]);

    const members = await client.call({ method: 'get', path: '/system/members' }, () => client.api.SystemAPI.getSystemMembers());

    expect(members).toEqual([{ id: 7 }]);
    expect(client.requestCount).toBe(2);
  });

  it('maps a timeout to a retryable error without a status', async () => {
    const client = makeClient(redis, { sleep: noWait, settings: { timeoutMs: 50, maxRetries: 0 } });
    connectWise().get(`${API}/system/members`).delay(500).reply(200, []);

    const error = await client
      .call({ method: 'get', path: '/system/members' }, () => client.api.SystemAPI.getSystemMembers())
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ConnectWiseError);
    expect(error).toMatchObject({ status: null, retryable: true, serverMessage: 'timed out' });
  });

  it("pauses every worker of the tenant for a 429's Retry-After", async () => {
    const client = makeClient(redis, { tenant: 'throttled', settings: { maxRetries: 0 } });
    const otherWorker = new RateLimiter({ redis: redis.redis, keyPrefix: redis.keyPrefix, tenant: 'throttled', requestsPerMinute: 900 });
    connectWise().get(`${API}/system/members`).reply(429, { code: 'TooManyRequests', message: 'Slow down' }, { 'Retry-After': '30' });

    await expect(client.call({ method: 'get', path: '/system/members' }, () => client.api.SystemAPI.getSystemMembers())).rejects.toMatchObject({
      status: 429,
      retryAfterMs: 30_000,
    });

    const wait = await otherWorker.tryAcquire();
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(30_000);
  });

  it('never lets connectwise-rest print to the console', async () => {
    const printed = [vi.spyOn(console, 'error'), vi.spyOn(console, 'log'), vi.spyOn(console, 'info')];
    const client = makeClient(redis);
    connectWise().get(`${API}/finance/agreements`).reply(404, { code: 'NotFound', message: 'Not found' });

    await expect(
      client.call({ method: 'get', path: '/finance/agreements' }, () => client.api.FinanceAPI.getFinanceAgreements()),
    ).rejects.toThrow('ConnectWise GET /finance/agreements failed: 404 Not found');

    for (const spy of printed) expect(spy).not.toHaveBeenCalled();
  });
});

describe('TLS', () => {
  let server: https.Server;
  let site: string;
  let cert: string;

  beforeAll(async () => {
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], { keyType: 'ec', algorithm: 'sha256' });
    cert = pems.cert;
    server = https.createServer({ key: pems.private, cert }, (_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end('[{"id":1}]');
    });
    await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
    site = `localhost:${(server.address() as AddressInfo).port}`;
    nock.enableNetConnect('localhost');
  });
  afterAll(async () => {
    nock.disableNetConnect();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('refuses a certificate no trusted CA signed', async () => {
    const client = makeClient(redis, { settings: { site } });

    await expect(
      client.call({ method: 'get', path: '/system/members' }, () => client.api.SystemAPI.getSystemMembers()),
    ).rejects.toMatchObject({ status: null, retryable: false, serverMessage: expect.stringContaining('TLS certificate rejected') });
  });

  it('keeps refusing it when NODE_TLS_REJECT_UNAUTHORIZED=0 would turn checks off', async () => {
    vi.stubEnv('NODE_TLS_REJECT_UNAUTHORIZED', '0');
    try {
      const client = makeClient(redis, { settings: { site } });
      await expect(
        client.call({ method: 'get', path: '/system/members' }, () => client.api.SystemAPI.getSystemMembers()),
      ).rejects.toMatchObject({ status: null, retryable: false, serverMessage: expect.stringContaining('TLS certificate rejected') });
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('still refuses a certificate the extra CA it is given did not sign', async () => {
    const other = await generate([{ name: 'commonName', value: 'localhost' }], { keyType: 'ec', algorithm: 'sha256' });
    const client = makeClient(redis, { settings: { site, ca: other.cert } });

    await expect(
      client.call({ method: 'get', path: '/system/members' }, () => client.api.SystemAPI.getSystemMembers()),
    ).rejects.toMatchObject({ status: null, retryable: false, serverMessage: expect.stringContaining('TLS certificate rejected') });
  });

  it('trusts the extra CA it is given', async () => {
    const client = makeClient(redis, { settings: { site, ca: cert } });

    const members = await client.call({ method: 'get', path: '/system/members' }, () => client.api.SystemAPI.getSystemMembers());

    expect(members).toEqual([{ id: 1 }]);
  });
});
