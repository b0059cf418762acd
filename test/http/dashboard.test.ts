import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runThroughQueue } from '../../src/commands/run.js';
import { queueNames } from '../../src/queue/jobs.js';
import type { Report } from '../../src/report/schema.js';
import { SANDBOX_PERIOD, sandboxWorld, type SandboxWorld } from '../support/sandbox.js';
import { configWithoutCatchUp, startedWorker, type StartedWorker } from './worker.js';

const PASSWORD = 'dash-Pw-7f3a91c2';
const PROTECTED = ['/dashboard/', '/dashboard/api/queues', '/runs'];
const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
const RIGHT = basic('billing-guard', PASSWORD);

describe('the dashboard and the stored runs', () => {
  let world: SandboxWorld;
  let worker: StartedWorker | undefined;
  let report: Report;
  const bodies: string[] = [];
  const logs: string[] = [];

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${worker!.url}${path}`, { headers });
    const body = await response.text();
    bodies.push(body);
    return { status: response.status, headers: response.headers, body };
  };
  const stopWorker = async () => {
    await worker?.stop();
    logs.push(...(worker?.logs ?? []));
    worker = undefined;
  };

  beforeAll(async () => {
    world = await sandboxWorld('http-dashboard', { config: configWithoutCatchUp() });
    worker = await startedWorker(world, { DASHBOARD_PASSWORD: PASSWORD });
    report = await runThroughQueue({ period: SANDBOX_PERIOD, dryRun: true }, worker.services);
  }, 120_000);
  afterAll(async () => {
    await stopWorker();
    await world.close();
  });

  it('shows both queues in Bull Board, read-only, with the password', async () => {
    const page = await get('/dashboard/', RIGHT);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const base = /<base href="([^"]+)"/.exec(page.body)?.[1];
    const script = /src="([^"]+\.js)"/.exec(page.body)?.[1];
    const asset = new URL(script!, new URL(base!, worker!.url)).pathname;
    expect(asset).toMatch(/^\/dashboard\/static\//);
    expect((await get(asset, RIGHT)).status).toBe(200);

    const api = await get('/dashboard/api/queues', RIGHT);
    expect(api.status).toBe(200);
    const { queues } = JSON.parse(api.body) as { queues: { name: string; readOnlyMode: boolean }[] };
    expect(queues.map((queue) => queue.name).sort()).toEqual(Object.values(queueNames).sort());
    expect(queues.every((queue) => queue.readOnlyMode)).toBe(true);
  });

  it('refuses to change a queue even with the password', async () => {
    for (const path of [`/dashboard/api/queues/${queueNames.runs}/pause`, '/dashboard/api/queues/pause', `/dashboard/api/queues/${queueNames.tickets}/empty`]) {
      const response = await fetch(`${worker!.url}${path}`, { method: 'PUT', headers: RIGHT });
      bodies.push(await response.text());
      expect(response.status, path).toBe(405);
    }
    const queue = new Queue(queueNames.runs, { connection: worker!.services.redis, prefix: world.prefix });
    expect(await queue.isPaused()).toBe(false);
    await queue.close();
  });

  it('lists the stored runs and serves a run’s report and preview', async () => {
    const list = await get('/runs', RIGHT);
    expect(list.status).toBe(200);
    const runs = JSON.parse(list.body) as { runId: string }[];
    const runId = runs.find((run) => run.runId.includes('dry-run'))?.runId;
    expect(runId).toBeDefined();

    const json = await get(`/runs/${runId}`, RIGHT);
    expect(json.status).toBe(200);
    expect(JSON.parse(json.body)).toEqual(report);

    const html = await get(`/runs/${runId}.html`, RIGHT);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    expect(html.body).toContain(report.period);
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('answers 404 for a run it does not hold', async () => {
    expect((await get('/runs/run-default-2026-10-live-00000000', RIGHT)).status).toBe(404);
    expect((await get('/runs/run-default-2026-10-live-00000000.html', RIGHT)).status).toBe(404);
  });

  it.each([
    ['no credentials', {}],
    ['a wrong password', basic('billing-guard', 'not-the-password')],
    ['the password with another user', basic('admin', PASSWORD)],
    ['a header that is not Basic', { authorization: `Bearer ${PASSWORD}` }],
  ])('answers 401 with a challenge and nothing else to %s', async (_case, headers) => {
    for (const path of [...PROTECTED, '/runs/anything', '/runs/anything.html', '/dashboard/static/anything.js']) {
      const response = await get(path, headers);
      expect(response.status, path).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
      expect(response.body).toBe('');
    }
  });

  it('serves neither the dashboard nor the runs without DASHBOARD_PASSWORD', async () => {
    await stopWorker();
    worker = await startedWorker(world);
    for (const path of [...PROTECTED, '/dashboard', `/runs/${report.period}`]) {
      expect((await get(path, RIGHT)).status, path).toBe(404);
      expect((await get(path)).status, path).toBe(404);
    }
    expect((await get('/healthz')).status).toBe(200);
  });

  it('never serves nor logs a credential', async () => {
    await stopWorker();
    const secrets = [world.env.CW_PRIVATE_KEY, world.env.CW_PUBLIC_KEY, PASSWORD, RIGHT.authorization.slice('Basic '.length)];
    expect(bodies.length).toBeGreaterThan(20);
    expect(logs.some((line) => line.includes('http server listening'))).toBe(true);
    for (const text of [...bodies, ...logs]) {
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });
});
