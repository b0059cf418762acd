import { request } from 'node:https';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFaults } from '../../src/sandbox/faults.js';
import type { FaultOptions, Sandbox } from '../../src/sandbox/server.js';
import { CREDENTIALS, basicAuth, call, serviceDesk, start } from './client.js';

const MIXED: FaultOptions = { seed: 42, rate429: 0.2, rate5xx: 0.2, rateDrop: 0.1, retryAfterSeconds: 7 };

function decisions(options: FaultOptions, count: number): string[] {
  const faults = createFaults(options);
  return Array.from({ length: count }, () => {
    const decision = faults.decide(0);
    return decision ? `${decision.fault}:${decision.status}` : 'none';
  });
}

describe('fault decisions', () => {
  it('repeat the same sequence for the same seed, and another for another seed', () => {
    expect(decisions(MIXED, 50)).toEqual(decisions(MIXED, 50));
    expect(decisions({ ...MIXED, seed: 43 }, 50)).not.toEqual(decisions(MIXED, 50));
  });

  it('inject nothing without rates, and every time at rate 1', () => {
    expect(new Set(decisions({ seed: 1 }, 50))).toEqual(new Set(['none']));
    expect(new Set(decisions({ rate429: 1 }, 50))).toEqual(new Set(['429:429']));
    expect(new Set(decisions({ rateDrop: 1 }, 50))).toEqual(new Set(['drop:0']));
  });

  it('answer 5xx with 500, 502 or 503', () => {
    expect(new Set(decisions({ rate5xx: 1 }, 100))).toEqual(new Set(['5xx:500', '5xx:502', '5xx:503']));
  });

  it('refuse a request above the concurrency cap', () => {
    const faults = createFaults({ maxConcurrent: 2 });
    expect(faults.decide(1)).toBeUndefined();
    expect(faults.decide(2)).toEqual({ fault: 'concurrency', status: 429 });
  });
});

describe('fault injection over HTTPS', () => {
  let sandbox: Sandbox;

  afterEach(() => sandbox.close());

  async function faultSequence(count: number): Promise<string[]> {
    const before = sandbox.requests.length;
    for (let index = 0; index < count; index += 1) {
      await call(sandbox, 'GET', '/service/boards').catch((error: NodeJS.ErrnoException) => error);
    }
    return sandbox.requests.slice(before).map((entry) => `${entry.fault ?? 'none'}:${entry.status}`);
  }

  it('repeats the same faults for the same seed', async () => {
    sandbox = await start(serviceDesk(), MIXED);
    const first = await faultSequence(30);
    sandbox.setFaults(MIXED);
    const second = await faultSequence(30);
    expect(second).toEqual(first);
    expect(new Set(first.map((outcome) => outcome.split(':')[0]))).toEqual(new Set(['none', '429', '5xx', 'drop']));
    sandbox.setFaults(undefined);
    expect(new Set(await faultSequence(5))).toEqual(new Set(['none:200']));
  });

  it('answers 429 with Retry-After, 5xx in the error shape, and drops the connection without an answer', async () => {
    sandbox = await start(serviceDesk(), { rate429: 1, retryAfterSeconds: 7 });
    const throttled = await call(sandbox, 'GET', '/service/boards');
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('7');
    expect(throttled.body).toMatchObject({ code: 'TooManyRequests', errors: [] });

    sandbox.setFaults({ rate5xx: 1 });
    const failed = await call(sandbox, 'GET', '/service/boards');
    expect([500, 502, 503]).toContain(failed.status);
    expect(failed.body).toMatchObject({ code: 'ServerError', errors: [] });

    sandbox.setFaults({ rateDrop: 1 });
    await expect(call(sandbox, 'GET', '/service/boards')).rejects.toThrow();
    expect(sandbox.requests.at(-1)).toMatchObject({ fault: 'drop', status: 0 });
  });

  it('never applies a fault to a write it has stored: a faulted write changes nothing', async () => {
    sandbox = await start(serviceDesk(), { rate5xx: 1 });
    const writes: number[] = [];
    sandbox.onWrite((_, record) => writes.push(record.id));
    const body = { summary: 'Billing exceptions', board: { id: 3 }, company: { id: 19 } };
    const reply = await call(sandbox, 'POST', '/service/tickets', { body });
    expect(reply.status).toBeGreaterThanOrEqual(500);
    sandbox.setFaults({ rateDrop: 1 });
    await expect(call(sandbox, 'POST', '/service/tickets', { body })).rejects.toThrow();
    expect(sandbox.data.tickets).toEqual([]);
    expect(writes).toEqual([]);
  });

  it('answers 429 to a request above the concurrency cap', async () => {
    sandbox = await start(serviceDesk(), { maxConcurrent: 1 });
    // A request whose body is still coming stays in flight.
    const pending = new Promise<number>((resolve, reject) => {
      const outgoing = request(`${sandbox.url}/service/tickets`, {
        method: 'POST',
        agent: false,
        ca: sandbox.ca,
        headers: { Authorization: basicAuth(), clientId: CREDENTIALS.clientId, 'Content-Type': 'application/json' },
      });
      outgoing.on('response', (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      outgoing.on('error', reject);
      outgoing.write('{"summary": "Billing exceptions", ');
      void vi
        .waitFor(() => expect(sandbox.requests).toHaveLength(1))
        .then(async () => {
          const refused = await call(sandbox, 'GET', '/service/boards');
          expect(refused.status).toBe(429);
          expect(refused.headers['retry-after']).toBeDefined();
          outgoing.end('"board": {"id": 3}, "company": {"id": 19}}');
        })
        .catch(reject);
    });
    expect(await pending).toBe(201);
    expect(sandbox.requests.map((entry) => entry.fault)).toEqual([undefined, 'concurrency']);
    expect((await call(sandbox, 'GET', '/service/boards')).status).toBe(200);
  });

  it('holds each request for latencyMs before answering it', async () => {
    sandbox = await start(serviceDesk(), { maxConcurrent: 1, latencyMs: 1500 });
    const slow = call(sandbox, 'GET', '/service/boards');
    await vi.waitFor(() => expect(sandbox.requests).toHaveLength(1));
    expect((await call(sandbox, 'GET', '/service/priorities')).status).toBe(429);
    expect((await slow).status).toBe(200);
  });
});
