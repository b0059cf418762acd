import { setTimeout as delay } from 'node:timers/promises';
import type { Command } from 'ioredis';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { latestStoredRun, publishReport, recentReports, recordTicketResult, reportOfRun, saveRunReport, storedRuns } from '../../src/report/store.js';
import { tallyOf } from '../../src/report/tally.js';
import { deleteKeys, testRedis, uniquePrefix } from '../support/redis.js';
import { ACME, exception, report } from '../tickets/fixtures.js';

const redis = testRedis();
const prefix = uniquePrefix('report-store');
const DAY_MS = 24 * 3600 * 1000;

afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.quit();
});

/** Publishes in order, each a moment after the one before, so each is newer than the last. */
async function publishInOrder(storePrefix: string, runs: [string, ReturnType<typeof report>][]): Promise<void> {
  for (const [runId, stored] of runs) {
    await publishReport(redis, storePrefix, runId, stored);
    await delay(5);
  }
}

describe('stored reports', () => {
  it('reads a run stored before reports carried members, waivers and totals as a run that waived nothing', async () => {
    const current = report([exception(1, { amount: '75.00' }), exception(2, { severity: 'warning', amount: '20.00' })]);
    const { members: _members, totals, ...older } = current;
    const stored = { ...older, exceptions: older.exceptions.map(({ waiver: _waiver, ...rest }) => rest) };
    await redis.set(`${prefix}:report:run-old`, JSON.stringify(stored));
    await redis.lpush(`${prefix}:reports:default:2026-10`, JSON.stringify(stored));

    const read = await reportOfRun(redis, prefix, 'run-old');
    expect(read).toMatchObject({ members: [], totals });
    expect(read!.exceptions.map((item) => item.waiver)).toEqual([null, null]);
    expect(totals.revenueAtRisk).toBe('95.00');
    expect(await recentReports(redis, prefix, 'default', '2026-10', 1)).toEqual([read]);
  });

  it('shows a run stored before reports carried display settings in UTC and USD, without links; a newer run as it was stored', async () => {
    const { display: _display, ...older } = report([exception(1)]);
    await redis.set(`${prefix}:report:run-before-display`, JSON.stringify(older));
    const display = { timezone: 'Europe/Berlin', currency: 'EUR', webUrl: 'https://eu.myconnectwise.net', codebase: 'v2025_1', companyId: 'summit' };
    await redis.set(`${prefix}:report:run-displayed`, JSON.stringify(report([exception(1)], { display })));

    expect((await reportOfRun(redis, prefix, 'run-before-display'))!.display).toEqual({ timezone: 'UTC', currency: 'USD', webUrl: null, codebase: 'v4_6_release', companyId: '' });
    expect((await reportOfRun(redis, prefix, 'run-displayed'))!.display).toEqual(display);
  });

  it('lists the published runs newest first, of one period when asked, and no run whose report expired', async () => {
    const own = uniquePrefix('report-index');
    await publishInOrder(own, [
      ['run-z', report([], { period: '2026-09' })],
      ['run-b', report([exception(1)])],
      ['run-a', report([exception(1), exception(2)])],
    ]);
    await saveRunReport(redis, own, 'run-unfinished', report([]));

    expect((await storedRuns(redis, own)).map((run) => run.runId)).toEqual(['run-a', 'run-b', 'run-z']);
    expect((await storedRuns(redis, own, { period: '2026-10' })).map((run) => run.runId)).toEqual(['run-a', 'run-b']);
    expect((await recentReports(redis, own, 'default', '2026-10')).map((stored) => stored.exceptions.length)).toEqual([2, 1]);
    expect((await latestStoredRun(redis, own))?.runId).toBe('run-a');

    await redis.del(`${own}:report:run-b`);
    expect((await storedRuns(redis, own)).map((run) => run.runId)).toEqual(['run-a', 'run-z']);
    await deleteKeys(redis, own);
  });

  it('keeps a run for the retention period and drops runs older than it from the list', async () => {
    const own = uniquePrefix('report-retention');
    await redis.zadd(`${own}:runs`, Date.now() - 11 * DAY_MS, 'run-old');
    await redis.set(`${own}:report:run-old`, JSON.stringify(report([])));

    await publishReport(redis, own, 'run-new', report([]), 10);

    expect(await redis.zrange(`${own}:runs`, 0, -1)).toEqual(['run-new']);
    const ttl = await redis.ttl(`${own}:report:run-new`);
    expect(ttl).toBeGreaterThan(9 * 24 * 3600);
    expect(ttl).toBeLessThanOrEqual(10 * 24 * 3600);
    expect(await redis.ttl(`${own}:runs`)).toBeGreaterThan(9 * 24 * 3600);
    await deleteKeys(redis, own);
  });

  it('merges in what each ticket job did after the run stored its report, once per company however often it is recorded', async () => {
    const own = uniquePrefix('report-tickets');
    const tickets = [
      { company: ACME.id, ticketId: null, action: 'pending' as const },
      { company: 'internal' as const, ticketId: null, action: 'pending' as const },
    ];
    const stored = report([exception(1)], { tickets });
    await publishReport(redis, own, 'run-1', { ...stored, counts: { ...stored.counts, apiRequests: 40 } });

    const created = { ticket: { company: ACME.id, ticketId: 5012, action: 'created' as const }, apiRequests: 4 };
    await recordTicketResult(redis, own, 'run-1', created);
    await recordTicketResult(redis, own, 'run-1', created);

    const read = await reportOfRun(redis, own, 'run-1');
    expect(read!.tickets).toEqual([created.ticket, tickets[1]]);
    expect(read!.counts.apiRequests).toBe(44);
    expect((await storedRuns(redis, own))[0]!.tickets).toEqual(read!.tickets);
    expect(await recentReports(redis, own, 'default', '2026-10')).toEqual([read]);
    await deleteKeys(redis, own);
  });

  it('lists runs from their summaries without reading a report; the digest reads only the reports it returns', async () => {
    const own = uniquePrefix('report-summaries');
    await publishInOrder(own, [
      ['run-z', report([], { period: '2026-09' })],
      ['run-b', report([exception(1)], { mode: 'dry-run' })],
      ['run-a', report([exception(1), exception(2)], { tickets: [{ company: ACME.id, ticketId: null, action: 'pending' }] })],
    ]);
    await recordTicketResult(redis, own, 'run-a', { ticket: { company: ACME.id, ticketId: 5012, action: 'created' }, apiRequests: 4 });
    const reportsRead = async (read: () => Promise<unknown>) => {
      const sent = vi.spyOn(redis, 'sendCommand');
      try {
        await read();
        const commands = sent.mock.calls.map(([command]) => command as Command);
        return commands.filter((command) => command.name !== 'exists').flatMap((command) => command.args.map(String).filter((arg) => arg.startsWith(`${own}:report:`)));
      } finally {
        sent.mockRestore();
      }
    };

    expect(await reportsRead(() => storedRuns(redis, own))).toEqual([]);
    expect(await reportsRead(() => storedRuns(redis, own, { period: '2026-10' }))).toEqual([]);
    expect(await reportsRead(() => latestStoredRun(redis, own))).toEqual([]);
    expect(await reportsRead(() => recentReports(redis, own, 'default', '2026-10', 1))).toEqual([`${own}:report:run-a`]);
    expect(await reportsRead(() => recentReports(redis, own, 'default', '2026-10', 2, 'dry-run'))).toEqual([`${own}:report:run-b`]);
    const [newest] = await storedRuns(redis, own);
    expect(newest).toEqual({
      runId: 'run-a',
      tenant: 'default',
      period: '2026-10',
      mode: 'live',
      startedAt: '2026-11-15T11:00:00.000Z',
      finishedAt: newest!.finishedAt,
      totals: report([exception(1), exception(2)]).totals,
      tickets: [{ company: ACME.id, ticketId: 5012, action: 'created' }],
      rules: tallyOf(report([exception(1), exception(2)])).rules.map(({ rule, error, warning, info }) => ({ rule, error, warning, info })),
    });
    await deleteKeys(redis, own);
  });

  it('lists a run published before runs had a summary from its report, ticket results merged in', async () => {
    const own = uniquePrefix('report-unsummarized');
    const stored = report([exception(1, { amount: '75.00' })], { tickets: [{ company: ACME.id, ticketId: null, action: 'pending' }] });
    await publishInOrder(own, [['run-old', stored], ['run-new', report([])]]);
    await redis.del(`${own}:run-summary:run-old`);
    await recordTicketResult(redis, own, 'run-old', { ticket: { company: ACME.id, ticketId: 5012, action: 'created' }, apiRequests: 4 });

    const { tenant, period, mode, startedAt, finishedAt, totals } = stored;
    expect(await storedRuns(redis, own)).toEqual([
      expect.objectContaining({ runId: 'run-new' }),
      {
        runId: 'run-old',
        tenant,
        period,
        mode,
        startedAt,
        finishedAt,
        totals,
        tickets: [{ company: ACME.id, ticketId: 5012, action: 'created' }],
        rules: [{ rule: exception(1).rule, error: 1, warning: 0, info: 0 }],
      },
    ]);
    expect(await recentReports(redis, own, 'default', '2026-10')).toEqual([await reportOfRun(redis, own, 'run-new'), await reportOfRun(redis, own, 'run-old')]);
    await deleteKeys(redis, own);
  });

  it('names no run for an id that is not a run id, such as the mark older versions kept beside a report', async () => {
    await publishReport(redis, prefix, 'run-1', report([]));
    await redis.set(`${prefix}:report:run-1:published`, '1');
    expect(await reportOfRun(redis, prefix, 'run-1')).not.toBeNull();
    expect(await reportOfRun(redis, prefix, 'run-1:published')).toBeNull();
  });
});
