import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { periodFromId } from '../src/calendar.js';
import { parseBillingConfig } from '../src/config/load.js';
import { billingSchema, type BillingConfig } from '../src/config/billing.js';
import { ConnectWiseClient } from '../src/connectwise/client.js';
import { pullSnapshot } from '../src/connectwise/pull.js';
import { connectRedis, deleteKeysWithPrefix, producerRedis } from '../src/queue/connection.js';
import { pullNeedsOf } from '../src/rules/engine.js';
import { ruleRegistry } from '../src/rules/registry.js';
import { writeSandboxFiles } from '../src/sandbox/files.js';
import { generateTenant, sandboxCredentials } from '../src/sandbox/generate.js';
import { startSandbox, type FaultOptions, type Sandbox } from '../src/sandbox/server.js';
import type { Snapshot } from '../src/snapshot.js';
import { minimumRequests } from './minimum.js';
import { failedStatus, pullWithPaginate } from './paginate.js';

/**
 * The pull of a generated MSP from the bundled sandbox, as billing-guard does it (pullSnapshot
 * with the product's client and its request budget in Redis) and as connectwise-rest's
 * `paginate` would, in two scenarios: every request slow, and ConnectWise's throttle.
 * `npm run bench` prints the figures; nothing is asserted.
 */

const TIMEZONE = 'America/New_York';
const PERIOD = '2026-10';
const CONCURRENCY = 4;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Scenario {
  name: string;
  /** what the sandbox does to every request */
  faults: FaultOptions & { latencyMs: number };
  /** billing-guard's connectwise.requestsPerMinute */
  requestsPerMinute: number;
  /** the fastest a pull of `minimum` requests can be, in ms */
  limitMs: (minimum: number) => number;
  limit: string;
}

const THROTTLE_PER_MINUTE = 1000;

const scenarios: Scenario[] = [
  {
    name: 'Latency-bound: every request answered after 100 ms',
    faults: { latencyMs: 100 },
    // lifted well above what concurrency 4 can send, so that concurrency alone bounds the pull
    requestsPerMinute: 6000,
    limitMs: (minimum) => (minimum * 100) / CONCURRENCY,
    limit: `minimum × 0.1 s ÷ ${CONCURRENCY}`,
  },
  {
    name: `Throttle-bound: at most ${THROTTLE_PER_MINUTE} requests in any 60 s (429 with Retry-After above it), 20 ms latency`,
    faults: { latencyMs: 20, requestsPerMinute: THROTTLE_PER_MINUTE },
    requestsPerMinute: billingSchema.parse({}).connectwise.requestsPerMinute,
    limitMs: (minimum) => (minimum / THROTTLE_PER_MINUTE) * 60_000,
    limit: `minimum ÷ ${THROTTLE_PER_MINUTE} a minute`,
  },
];

interface Measured {
  wallMs: number;
  requests: number;
  throttled: number;
  /** why the run stopped short, if it did */
  failure?: string;
}

/** Runs one pull against a sandbox fresh from its faults, counting the requests it received. */
async function measure(sandbox: Sandbox, faults: FaultOptions, pull: () => Promise<unknown>): Promise<Measured> {
  sandbox.setFaults(faults);
  const first = sandbox.requests.length;
  const started = performance.now();
  let failure: string | undefined;
  try {
    await pull();
  } catch (error) {
    const status = failedStatus(error);
    failure = status === undefined ? (error instanceof Error ? error.message : String(error)) : `HTTP ${status}`;
  }
  const wallMs = performance.now() - started;
  const received = sandbox.requests.slice(first);
  return { wallMs, requests: received.length, throttled: received.filter((request) => request.status === 429).length, failure };
}

export async function benchPull(scale: number): Promise<void> {
  const period = periodFromId(PERIOD, TIMEZONE);
  const generated = performance.now();
  const tenant = generateTenant({ seed: 1, scale, period: PERIOD, timezone: TIMEZONE });
  const generatedMs = performance.now() - generated;
  const directory = mkdtempSync(join(tmpdir(), 'billing-guard-bench-'));
  const { config } = writeSandboxFiles(tenant, directory);
  const billing = parseBillingConfig(readFileSync(config, 'utf8'), config, ruleRegistry);
  const needs = pullNeedsOf(ruleRegistry, billing.rules);
  const sandbox = await startSandbox({ data: tenant.data, credentials: sandboxCredentials, port: 0 });
  const redis = await connectRedis(producerRedis(REDIS_URL), REDIS_URL);
  const prefix = `billing-guard-bench-${process.pid}-${Date.now()}`;
  const { data } = tenant;
  console.log(
    `Pull of a generated MSP (scale ${scale}, made in ${seconds(generatedMs)} s): ${data.agreements.length} agreements, ` +
      `${data.timeEntries.length} time entries, ${data.tickets.length} tickets, ${data.configurations.length} configurations; ` +
      `period ${PERIOD}, ${needs.lookbackDays}-day lookback, exclusions ${needs.exclusions ? 'read' : 'not read'}`,
  );
  console.log('requests and 429s: as the sandbox received them; minimum: what the enabled rules need at the least\n');

  try {
    let snapshot: Snapshot | undefined;
    for (const [index, scenario] of scenarios.entries()) {
      const baseline = await measure(sandbox, scenario.faults, () =>
        pullWithPaginate({ site: sandbox.site, credentials: sandboxCredentials, ca: sandbox.ca }, period, {
          lookbackDays: needs.lookbackDays,
          counts: billing.counts,
          pageSize: billing.connectwise.pageSize,
        }),
      );
      const client = clientFor(billing, scenario, { site: sandbox.site, ca: sandbox.ca }, redis, `${prefix}:${index}`);
      const pulled = await measure(sandbox, scenario.faults, async () => {
        snapshot = await pullSnapshot(client, period, { ...needs, counts: billing.counts });
      });
      if (snapshot === undefined) throw new Error(`billing-guard's pull failed, so there is no minimum to compare with: ${pulled.failure}`);
      report(scenario, minimumRequests(snapshot, billing.connectwise.pageSize, needs), baseline, pulled);
    }
  } finally {
    await deleteKeysWithPrefix(redis, prefix);
    redis.disconnect();
    await sandbox.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

function clientFor(billing: BillingConfig, scenario: Scenario, server: { site: string; ca: string }, redis: Redis, keyPrefix: string) {
  return new ConnectWiseClient({
    settings: {
      ...sandboxCredentials,
      ...billing.connectwise,
      site: server.site,
      ca: server.ca,
      codebase: 'v4_6_release',
      concurrency: CONCURRENCY,
      requestsPerMinute: scenario.requestsPerMinute,
    },
    tenant: billing.tenant,
    redis,
    keyPrefix,
    logger: pino({ level: 'silent' }),
  });
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);
const ratio = (value: number) => value.toFixed(2);

function report(scenario: Scenario, minimum: number, baseline: Measured, pulled: Measured): void {
  const limitMs = scenario.limitMs(minimum);
  console.log(scenario.name);
  console.log(`minimum ${minimum} requests; the limit (${scenario.limit}): ${seconds(limitMs)} s`);
  const columns = ['wall s', 'requests', '÷ minimum', '429s', 'paginate ÷ wall', 'wall ÷ limit'];
  console.log(''.padEnd(44) + columns.map((column) => column.padStart(16)).join(''));
  const rows: Array<[string, Measured]> = [
    ['paginate, one page after another', baseline],
    [`billing-guard, concurrency ${CONCURRENCY}, ${scenario.requestsPerMinute}/min`, pulled],
  ];
  for (const [label, run] of rows) {
    const cells = [
      seconds(run.wallMs),
      run.requests,
      ratio(run.requests / minimum),
      run.throttled,
      baseline.failure === undefined ? ratio(baseline.wallMs / run.wallMs) : '—',
      ratio(run.wallMs / limitMs),
    ];
    const failed = run.failure === undefined ? '' : `  failed: ${run.failure}`;
    console.log(label.padEnd(44) + cells.map((cell) => String(cell).padStart(16)).join('') + failed);
  }
  console.log('');
}
