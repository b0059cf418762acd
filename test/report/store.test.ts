import { afterAll, describe, expect, it } from 'vitest';
import { recentReports, reportOfRun } from '../../src/report/store.js';
import { deleteKeys, testRedis, uniquePrefix } from '../support/redis.js';
import { exception, report } from '../tickets/fixtures.js';

const redis = testRedis();
const prefix = uniquePrefix('report-store');

afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.quit();
});

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
});
