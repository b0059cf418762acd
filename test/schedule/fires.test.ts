import nodeCron from 'node-cron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lastFireBetween, nextFires } from '../../src/schedule/fires.js';

const iso = (dates: Date[]) => dates.map((date) => date.toISOString());

describe('fire times', () => {
  afterEach(() => vi.useRealTimers());

  it('fires `0 9 1 * 1` only on a Monday that is the 1st, as node-cron does', () => {
    const from = new Date('2026-11-23T12:00:00Z');
    expect(iso(nextFires('0 9 1 * 1', 'America/Chicago', from, 3))).toEqual([
      '2027-02-01T15:00:00.000Z',
      '2027-03-01T15:00:00.000Z',
      '2027-11-01T14:00:00.000Z',
    ]);
  });

  it('agrees with the fires node-cron itself computes', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-23T12:00:00Z'));
    for (const cron of ['0 9 1 * 1', '0 6 15 * *', '30 2 * * 0', '0 9 12 * *']) {
      const task = nodeCron.createTask(cron, () => undefined, { timezone: 'America/Chicago' });
      expect(iso(nextFires(cron, 'America/Chicago', new Date(), 5))).toEqual(iso(task.getNextRuns(5)));
    }
  });

  it('fires `0 6 15 * *` at 06:00 local every month across both DST changes in Chicago', () => {
    const fires = nextFires('0 6 15 * *', 'America/Chicago', new Date('2026-09-01T00:00:00Z'), 8);
    expect(iso(fires)).toEqual([
      '2026-09-15T11:00:00.000Z',
      '2026-10-15T11:00:00.000Z',
      '2026-11-15T12:00:00.000Z',
      '2026-12-15T12:00:00.000Z',
      '2027-01-15T12:00:00.000Z',
      '2027-02-15T12:00:00.000Z',
      '2027-03-15T11:00:00.000Z',
      '2027-04-15T11:00:00.000Z',
    ]);
  });

  it('finds the latest fire in a window, and none when the window holds none', () => {
    const to = new Date('2026-11-15T14:00:00Z');
    expect(lastFireBetween('0 6 15 * *', 'America/Chicago', new Date('2026-11-12T14:00:00Z'), to)?.toISOString()).toBe(
      '2026-11-15T12:00:00.000Z',
    );
    expect(lastFireBetween('0 6 15 * *', 'America/Chicago', new Date('2026-11-15T12:00:00Z'), to)).toBeNull();
  });
});
