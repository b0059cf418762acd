import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, periodFromId, startOfDay } from '../../src/calendar.js';
import { ConnectWiseClient } from '../../src/connectwise/client.js';
import { connectWiseSettings } from '../../src/connectwise/connect.js';
import { periodLists } from '../../src/connectwise/pull.js';
import { readList, type FetchPage } from '../../src/connectwise/read.js';
import { fieldsOf } from '../../src/connectwise/records.js';
import { prepareReminders } from '../../src/mail/prepare.js';
import type { CwRecord } from '../../src/sandbox/data.js';
import { SANDBOX_PERIOD, SANDBOX_TIMEZONE, sandboxWorld, type SandboxWorld } from '../support/sandbox.js';

const LOOKBACK_DAYS = 90;
const HOUR = 3_600_000;
const period = periodFromId(SANDBOX_PERIOD, SANDBOX_TIMEZONE);
const lookbackStart = startOfDay(addDays(period.firstDay, -LOOKBACK_DAYS), period.timezone);

const instant = (value: unknown) => Date.parse(String(value));
const inWindow = (record: CwRecord) => instant(record.timeStart) >= lookbackStart && instant(record.timeStart) < period.end;
const iso = (time: number) => new Date(time).toISOString().replace('.000Z', 'Z');

/** Moves an entry's start and end by the same time, keeping its hours. */
function moveTo(record: CwRecord, start: number): void {
  const shift = start - instant(record.timeStart);
  record.timeStart = iso(start);
  if (record.timeEnd != null) record.timeEnd = iso(instant(record.timeEnd) + shift);
}

describe('reads against the sandbox', () => {
  let world: SandboxWorld;

  beforeAll(async () => {
    world = await sandboxWorld('pull-sandbox');
  });
  afterAll(async () => {
    await world.close();
  });

  it('reads time entries as several id ranges at once, neither skipping nor repeating records inserted or edited meanwhile', async () => {
    const { data, requests } = world.sandbox;
    const client = new ConnectWiseClient({
      settings: { ...connectWiseSettings(world.services), pageSize: 100 },
      tenant: world.services.config.billing.tenant,
      redis: world.services.redis,
      keyPrefix: world.prefix,
      logger: world.services.logger,
    });
    const list = periodLists.timeEntries;
    const windowIds = () => data.timeEntries.filter(inWindow).map((record) => record.id);
    const [firstRead, ...rest] = windowIds().sort((a, b) => a - b);
    const notYetRead = data.timeEntries.find((record) => record.id === rest[rest.length - 1])!;
    const alreadyRead = data.timeEntries.find((record) => record.id === firstRead)!;
    const greatestId = Math.max(...data.timeEntries.map((record) => record.id));

    // once the open-ended last range asks for its first page, the other ranges under way:
    // a new entry arrives, an unread one moves to the start of the lookback and a read one to the period's end
    let changed = false;
    const fetchPage: FetchPage = (params) => {
      const lastRange = params.orderBy === 'id asc' && params.conditions?.includes('id >') && !params.conditions.includes('id <=');
      if (lastRange && !changed) {
        changed = true;
        data.timeEntries.push({ ...structuredClone(notYetRead), id: greatestId + 1 });
        moveTo(notYetRead, lookbackStart + HOUR);
        moveTo(alreadyRead, period.end - 2 * HOUR);
      }
      return list.fetchPage(client.api)(params);
    };
    const before = requests.length;
    const read: number[] = [];
    const records = await readList(
      client,
      { path: list.path, conditions: list.conditions!(period, LOOKBACK_DAYS), schema: list.schema, fields: fieldsOf(list.schema), fetchPage, fetchCount: list.fetchCount!(client.api), ranges: list.ranges },
      { onInvalid: (raw) => read.push((raw as CwRecord).id) },
    );
    read.push(...records.map((record) => record.id));

    expect(changed).toBe(true);
    expect(read.length).toBeGreaterThan(1000);
    expect(read.sort((a, b) => a - b)).toEqual(windowIds().sort((a, b) => a - b));
    expect(read).toContain(greatestId + 1);
    expect(records.map((record) => record.id)).toEqual(records.map((record) => record.id).sort((a, b) => a - b));

    const pulled = requests.slice(before);
    expect(pulled.filter((request) => request.path === '/time/entries/count')).toHaveLength(1);
    const upperBounds = new Set(pulled.flatMap((request) => /id <= (\d+)/.exec(request.query.conditions ?? '')?.[1] ?? []));
    expect(upperBounds.size).toBeGreaterThanOrEqual(2);
  });

  it('prepares technician reminders reading only members, the period’s time entries and tickets', async () => {
    const { services } = world;
    const schedule = services.config.billing.schedules.find((candidate) => candidate.audience === 'technicians')!;
    const before = world.sandbox.requests.length;
    const prepared = await prepareReminders(schedule, '2026-11-12', services, services.logger);

    expect(prepared.mails.length).toBeGreaterThan(0);
    const pulled = world.sandbox.requests.slice(before);
    const paths = new Set(pulled.map((request) => request.path.replace(/\/\d+(?=\/|$)/g, '/{id}')));
    expect([...paths].filter((path) => !/^\/(system\/members|time\/entries(\/count)?|service\/tickets(\/\{id\}\/notes)?)$/.test(path))).toEqual([]);
    expect(paths).toContain('/system/members');
    expect(paths).toContain('/time/entries');
    const entryConditions = pulled.filter((request) => request.path === '/time/entries').map((request) => request.query.conditions ?? '');
    // no stale-time lookback: that rule is not a technician's
    expect(entryConditions.every((conditions) => conditions.includes(`timeStart >= [${iso(period.start)}]`))).toBe(true);
  });
});
