import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runThroughQueue } from '../../src/commands/run.js';
import { processors } from '../../jobs/index.js';
import { HEARTBEAT_TTL_MS, hasLiveWorker } from '../../src/queue/heartbeat.js';
import { createWorkers } from '../../src/queue/worker.js';
import type { Sandbox } from '../../src/sandbox/server.js';
import { runCli, sandboxCliEnv } from '../support/cli.js';
import { writeTemporaryFile } from '../support/files.js';
import { SANDBOX_PERIOD, expectedKeys, sandboxWorld, type SandboxWorld } from '../support/sandbox.js';

const live = { period: SANDBOX_PERIOD, dryRun: false };

function exceptionTickets(sandbox: Sandbox) {
  return sandbox.data.tickets.filter((ticket) => String(ticket.externalXRef ?? '').startsWith('billing-guard:'));
}

function notesOf(sandbox: Sandbox, ticketId: number): string[] {
  return sandbox.data.ticketNotes.filter((note) => note.ticketId === ticketId).map((note) => String(note.text));
}

const writes = (sandbox: Sandbox, from = 0) => sandbox.requests.slice(from).filter((request) => request.method !== 'GET');

function expectOneTicketPerKey(sandbox: Sandbox, keys: string[]) {
  expect(exceptionTickets(sandbox).map((ticket) => String(ticket.externalXRef)).sort()).toEqual(keys);
}

describe('exception tickets against the sandbox', () => {
  let world: SandboxWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('opens one ticket per company plus the internal one, writes nothing on a re-run, and notes and closes what was fixed', async () => {
    world = await sandboxWorld('e2e-tickets');
    const { sandbox, services } = world;

    const first = await runThroughQueue(live, services);
    const keys = expectedKeys(first);
    expect(keys).toContain(`billing-guard:demo:${SANDBOX_PERIOD}:internal`);
    expectOneTicketPerKey(sandbox, keys);
    expect(first.tickets.every((ticket) => ticket.action === 'created')).toBe(true);
    expect(first.tickets).toHaveLength(keys.length);

    const beforeSecond = sandbox.requests.length;
    const second = await runThroughQueue(live, services);
    expect(writes(sandbox, beforeSecond)).toEqual([]);
    expect(second.tickets.every((ticket) => ticket.action === 'unchanged')).toBe(true);

    // fix the only exception of one company, and one internal exception
    const unlinked = first.exceptions.find((exception) => exception.rule === 'expense.unlinked')!;
    expect(first.exceptions.filter((exception) => exception.company?.id === unlinked.company!.id)).toHaveLength(1);
    const expense = sandbox.data.expenses.find((record) => record.id === unlinked.records[0]!.id)!;
    expense.billableOption = 'DoNotBill';
    const unapproved = first.exceptions.find((exception) => exception.rule === 'time.unapproved')!;
    const entry = sandbox.data.timeEntries.find((record) => record.id === unapproved.records[0]!.id)!;
    entry.status = 'ApprovedByTierOne';

    const third = await runThroughQueue(live, services);
    const byCompany = new Map(third.tickets.map((ticket) => [String(ticket.company), ticket]));
    expect(byCompany.get(String(unlinked.company!.id))?.action).toBe('closed');
    expect(byCompany.get('internal')?.action).toBe('noted');
    expect(third.tickets.filter((ticket) => ticket.action !== 'unchanged')).toHaveLength(2);

    const closed = sandbox.data.tickets.find((ticket) => ticket.id === byCompany.get(String(unlinked.company!.id))!.ticketId)!;
    expect(closed.closedFlag).toBe(true);
    const closingNote = notesOf(sandbox, closed.id).at(-1)!;
    expect(closingNote).toContain(unlinked.id);
    expect(closingNote).toContain('billing-guard open: none');

    const internalNotes = notesOf(sandbox, byCompany.get('internal')!.ticketId!);
    expect(internalNotes).toHaveLength(2);
    expect(internalNotes[1]).toContain(unapproved.id);
    expect(internalNotes[1]!.split('\n').at(-1)).not.toContain(unapproved.id);

    // and a fourth run changes nothing
    const beforeFourth = sandbox.requests.length;
    await runThroughQueue(live, services);
    expect(writes(sandbox, beforeFourth)).toEqual([]);
    expectOneTicketPerKey(sandbox, keys);
  });

  it('ends with one ticket per key when the process is killed right after ConnectWise accepted a ticket', async () => {
    world = await sandboxWorld('e2e-tickets-crash');
    const { sandbox, services } = world;
    let child: ChildProcess | undefined;
    let killed = false;
    sandbox.onWrite((request) => {
      if (!killed && request.method === 'POST' && request.path === '/service/tickets') {
        killed = true;
        child!.kill('SIGKILL');
      }
    });
    const crashed = await runCli(['run', '--period', SANDBOX_PERIOD], sandboxCliEnv(world), (spawned) => (child = spawned));
    expect(crashed.code).toBeNull();
    expect(killed).toBe(true);
    // ticket jobs run in parallel: the creates already in flight when the process died landed too
    const survivors = exceptionTickets(sandbox).length;
    expect(survivors).toBeGreaterThanOrEqual(1);

    // the killed process's workers count as live until their heartbeat expires
    await expect.poll(() => hasLiveWorker(services.redis, world!.prefix), { timeout: HEARTBEAT_TTL_MS + 5000, interval: 500 }).toBe(false);
    const next = await runThroughQueue(live, services);
    const keys = expectedKeys(next);
    expect(survivors).toBeLessThan(keys.length);
    expectOneTicketPerKey(sandbox, keys);
    // what the dead run created is found again by key, never created twice
    expect(next.tickets.filter((ticket) => ticket.action === 'created').length).toBeLessThanOrEqual(keys.length - survivors);
    expect(next.tickets.every((ticket) => ticket.action === 'created' || ticket.action === 'unchanged')).toBe(true);
  }, 60_000);

  it('ends with one ticket per key when two workers run the same period at once', async () => {
    world = await sandboxWorld('e2e-tickets-race');
    const other = { ...world.services, redis: world.services.redis.duplicate() };
    const workers = [
      await createWorkers(world.services, processors, { connection: world.services.redis }),
      await createWorkers(other, processors, { connection: other.redis }),
    ];
    try {
      const [a, b] = await Promise.all([runThroughQueue(live, world.services), runThroughQueue(live, other)]);
      expectOneTicketPerKey(world.sandbox, expectedKeys(a));
      const actions = [...a.tickets, ...b.tickets].map((ticket) => ticket.action);
      expect(actions.filter((action) => action === 'created')).toHaveLength(expectedKeys(a).length);
      expect(actions.every((action) => action === 'created' || action === 'unchanged')).toBe(true);
    } finally {
      await Promise.all(workers.map((running) => running.close(5000)));
      await other.redis.quit();
    }
  });

  const misspelledBoard = () =>
    writeTemporaryFile('billing.yaml', readFileSync('config/demo.yaml', 'utf8').replace('board: Billing Exceptions', 'board: Billing Exeptions'));

  it('fails the run before any write when the board does not exist, naming it', async () => {
    world = await sandboxWorld('e2e-tickets-board', { config: misspelledBoard() });
    await expect(runThroughQueue(live, world.services)).rejects.toThrow(/tickets\.board "Billing Exeptions"/);
    expect(writes(world.sandbox)).toEqual([]);
  });

  it('exits 2 on a board that does not exist, naming the setting, the wrong name and the boards there are, with nothing written', async () => {
    world = await sandboxWorld('e2e-tickets-board-cli', { config: misspelledBoard() });
    const result = await runCli(['run', '--period', SANDBOX_PERIOD], sandboxCliEnv(world));
    expect(result.code).toBe(2);
    const message = result.stderr.split('\n').find((line) => line.startsWith('billing-guard: '));
    expect(message).toBe(
      'billing-guard: The exception ticket settings do not match ConnectWise: tickets.board "Billing Exeptions" is not one of the service boards: "Service Desk", "Projects", "Billing Exceptions"',
    );
    expect(writes(world.sandbox)).toEqual([]);
  }, 60_000);
});
