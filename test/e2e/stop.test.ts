import type { ChildProcess } from 'node:child_process';
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { processors } from '../../jobs/index.js';
import { queueNames } from '../../src/queue/jobs.js';
import { BillingQueue } from '../../src/queue/queue.js';
import { createWorkers } from '../../src/queue/worker.js';
import { reportOfRun } from '../../src/report/store.js';
import type { Report } from '../../src/report/schema.js';
import type { Sandbox } from '../../src/sandbox/server.js';
import { runCli, sandboxCliEnv } from '../support/cli.js';
import { SANDBOX_PERIOD, expectedKeys, sandboxWorld, type SandboxWorld } from '../support/sandbox.js';

const ticketKeys = (sandbox: Sandbox) =>
  sandbox.data.tickets
    .map((ticket) => String(ticket.externalXRef ?? ''))
    .filter((key) => key.startsWith('billing-guard:'))
    .sort();

const pendingOf = (report: Report | null) => report?.tickets.filter((ticket) => ticket.action === 'pending').length;

/**
 * Once the run reconciles its tickets, ConnectWise answers each request after `latencyMs`, and
 * the worker gets SIGTERM as the first ticket job's request reaches it.
 */
function stopDuringTickets(sandbox: Sandbox, latencyMs: number, stopped: { at: number }) {
  return (child: ChildProcess) => {
    let logged = '';
    const onLog = (chunk: Buffer) => {
      logged += chunk.toString();
      if (!logged.includes('reconciling exception tickets')) return;
      child.stderr!.off('data', onLog);
      sandbox.setFaults({ latencyMs });
      const before = sandbox.requests.length;
      const watch = setInterval(() => {
        if (sandbox.requests.length === before) return;
        clearInterval(watch);
        stopped.at = Date.now();
        child.kill('SIGTERM');
      }, 10);
    };
    child.stderr!.on('data', onLog);
  };
}

describe('stopping the worker in the middle of a live run', () => {
  let world: SandboxWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it.each([
    { when: 'the running ticket jobs finish within the grace period', latencyMs: 100 },
    { when: 'the grace period cuts the running ticket jobs short', latencyMs: 60_000 },
  ])(
    'exits 0 in time on SIGTERM when $when, leaving the run’s other ticket jobs queued; the next worker writes each ticket once and completes the stored report',
    async ({ latencyMs }) => {
      world = await sandboxWorld('e2e-stop');
      const { sandbox, services, prefix } = world;
      const runId = 'run-stopped-midway';
      const queue = new BillingQueue(services.redis, prefix);
      await queue.enqueue('validate', { runId, period: SANDBOX_PERIOD, mode: 'live', trigger: 'cli' }, { jobId: runId, retry: false });
      await queue.close();

      const signalled = { at: 0 };
      const env = sandboxCliEnv(world, { LOG_LEVEL: 'info', SHUTDOWN_GRACE_SECONDS: '5', HTTP_PORT: '0' });
      const stopped = await runCli(['start'], env, stopDuringTickets(sandbox, latencyMs, signalled));

      expect(signalled.at).toBeGreaterThan(0);
      expect(stopped.code).toBe(0);
      expect(Date.now() - signalled.at).toBeLessThan(30_000);
      expect(stopped.stderr.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { msg: string }).msg)).toContain('stopped');

      // the run stored its report with the tickets not yet written pending; their jobs wait for the next worker, none is left running
      expect(pendingOf(await reportOfRun(services.redis, prefix, runId))).toBeGreaterThan(0);
      const tickets = new Queue(queueNames.tickets, { connection: services.redis, prefix });
      expect(await tickets.getActiveCount()).toBe(0);
      expect(await tickets.getWaitingCount()).toBeGreaterThan(0);
      await tickets.close();

      sandbox.setFaults(undefined);
      const next = await createWorkers(services, processors, { connection: services.redis });
      try {
        await vi.waitFor(async () => expect(pendingOf(await reportOfRun(services.redis, prefix, runId))).toBe(0), { timeout: 60_000, interval: 250 });
      } finally {
        await next.close(10_000);
      }

      const completed = (await reportOfRun(services.redis, prefix, runId))!;
      const keys = expectedKeys(completed);
      expect(ticketKeys(sandbox)).toEqual(keys);
      expect(completed.tickets).toHaveLength(keys.length);
      expect(completed.tickets.every((ticket) => ticket.action === 'created')).toBe(true);
    },
    120_000,
  );
});
