import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, periodFromId, previousPeriod, startOfDay } from '../../src/calendar.js';
import { ConnectWiseClient } from '../../src/connectwise/client.js';
import { connectWiseSettings } from '../../src/connectwise/connect.js';
import { pullSnapshot } from '../../src/connectwise/pull.js';
import type { CwRecord } from '../../src/sandbox/data.js';
import { sandboxCountedProducts } from '../../src/sandbox/generate.js';
import type { Snapshot } from '../../src/snapshot.js';
import { SANDBOX_PERIOD, SANDBOX_TIMEZONE, sandboxWorld, type SandboxWorld } from '../support/sandbox.js';

const LOOKBACK_DAYS = 90;
const period = periodFromId(SANDBOX_PERIOD, SANDBOX_TIMEZONE);

/** What ConnectWise holds for the period, counted straight from the generated data. */
function expectedCounts(world: SandboxWorld) {
  const { data } = world.tenant;
  const instant = (value: unknown) => Date.parse(String(value));
  const day = (value: unknown) => String(value).slice(0, 10);
  const previous = previousPeriod(period);
  const lookbackStart = startOfDay(addDays(period.firstDay, -LOOKBACK_DAYS), period.timezone);
  const inWindow = (record: CwRecord) => instant(record.timeStart) >= lookbackStart && instant(record.timeStart) < period.end;
  const pulledAgreements = new Set(
    data.agreements
      .filter((agreement) => agreement.endDate == null || day(agreement.endDate) >= addDays(period.firstDay, -LOOKBACK_DAYS))
      .map((agreement) => agreement.id),
  );
  for (const record of [...data.timeEntries.filter(inWindow), ...data.expenses]) {
    const agreement = record.agreement as { id: number } | undefined;
    if (agreement && data.agreements.some((candidate) => candidate.id === agreement.id)) pulledAgreements.add(agreement.id);
  }
  const mappedTypes = new Set(Object.values(sandboxCountedProducts).flatMap((source) => ('configurationTypes' in source ? source.configurationTypes : [])));
  const csvRows = world.tenant.countsFiles.reduce((rows, file) => rows + file.text.trimEnd().split('\r\n').length - 1, 0);
  return {
    members: data.members.length,
    agreements: pulledAgreements.size,
    additions: data.additions.filter((addition) => pulledAgreements.has(addition.agreementId as number)).length,
    timeEntries: data.timeEntries.filter(inWindow).length,
    expenses: data.expenses.filter((expense) => day(expense.date) >= period.firstDay && day(expense.date) < period.endDay).length,
    tickets: data.tickets.filter(
      (ticket) => ticket.closedFlag === true && instant(ticket.closedDate) >= period.start && instant(ticket.closedDate) < period.end,
    ).length,
    invoices: data.invoices.filter((invoice) => day(invoice.date) >= previous.firstDay && day(invoice.date) < previous.endDay).length,
    configurations: data.configurations.filter((record) => mappedTypes.has((record.type as { name: string }).name)).length,
    countRows: csvRows - world.tenant.planted.filter((planted) => planted.countsRow).length,
  };
}

function idsOf(snapshot: Snapshot) {
  return {
    timeEntries: snapshot.timeEntries.map((entry) => entry.id).sort((a, b) => a - b),
    agreements: snapshot.agreements.map((agreement) => agreement.id).sort((a, b) => a - b),
    invalid: snapshot.invalid.map((record) => `${record.type}#${record.id}`).sort(),
  };
}

/** A client that pages by 100 so every collection crosses page boundaries, with short retry waits. */
function smallPageClient(world: SandboxWorld): ConnectWiseClient {
  return new ConnectWiseClient({
    settings: { ...connectWiseSettings(world.services), pageSize: 100, requestsPerMinute: 6000, maxRetries: 10 },
    tenant: world.services.config.billing.tenant,
    redis: world.services.redis,
    keyPrefix: world.prefix,
    logger: world.services.logger,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 25))),
  });
}

describe('pull against the sandbox', () => {
  let world: SandboxWorld;
  let clean: Snapshot;

  beforeAll(async () => {
    world = await sandboxWorld('e2e-pull');
  });
  afterAll(async () => {
    await world.close();
  });

  it('returns exactly the generated counts, crossing page boundaries', async () => {
    const client = smallPageClient(world);
    clean = await pullSnapshot(client, period, { lookbackDays: LOOKBACK_DAYS, counts: world.services.config.billing.counts });
    const expected = expectedCounts(world);
    expect(expected.timeEntries).toBeGreaterThan(1000);
    expect(expected.configurations).toBeGreaterThan(300);
    expect(clean.counts).toEqual(expected);
    expect(clean.timeEntries.length + clean.invalid.filter((record) => record.type === 'timeEntry').length).toBe(expected.timeEntries);
    const pages = world.sandbox.requests.filter((request) => request.path === '/time/entries');
    expect(pages.length).toBeGreaterThan(10);
    // one paged read of the mapped types, never one per company
    const configurationPages = world.sandbox.requests.filter((request) => request.path === '/company/configurations');
    expect(configurationPages.length).toBe(Math.ceil(expected.configurations / 100));
    for (const { query } of configurationPages) {
      expect(query.conditions).toContain('type/name in ("Managed Workstation","Managed Laptop")');
      expect(query.fields?.split(',').sort()).toEqual(['activeFlag', 'company', 'id', 'type']);
    }
    expect(clean.deployedCounts.length).toBeGreaterThan(20);
  });

  it('returns the same records with a quarter of the requests faulted (429, 5xx, dropped connections)', async () => {
    world.sandbox.setFaults({ seed: 42, rate429: 0.09, rate5xx: 0.09, rateDrop: 0.09, retryAfterSeconds: 0 });
    const before = world.sandbox.requests.length;
    const client = smallPageClient(world);
    const faulted = await pullSnapshot(client, period, { lookbackDays: LOOKBACK_DAYS, counts: world.services.config.billing.counts });
    world.sandbox.setFaults(undefined);

    const requests = world.sandbox.requests.slice(before);
    const faults = requests.filter((request) => request.fault !== undefined);
    expect(faults.length / requests.length).toBeGreaterThanOrEqual(0.2);
    expect(new Set(faults.map((request) => request.fault))).toEqual(new Set(['429', '5xx', 'drop']));
    expect(faulted.counts).toEqual(clean.counts);
    expect(idsOf(faulted)).toEqual(idsOf(clean));
    expect(faulted.deployedCounts).toEqual(clean.deployedCounts);
    expect(client.requestCount).toBe(requests.length);
  });
});
