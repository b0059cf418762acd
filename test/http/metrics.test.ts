import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remindThroughQueue } from '../../src/commands/remind.js';
import { runThroughQueue } from '../../src/commands/run.js';
import { queueNames, type RemindResult } from '../../src/queue/jobs.js';
import type { Report } from '../../src/report/schema.js';
import { SANDBOX_PERIOD, sandboxWorld, type SandboxWorld } from '../support/sandbox.js';
import { configWithoutCatchUp, startedWorker, type StartedWorker } from './worker.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (-?[0-9.e+-]+|NaN|[+-]Inf)$`);
const LABEL = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*$/;

/**
 * Reads the Prometheus text format strictly: every line a HELP, a TYPE or a sample; one TYPE per
 * family, announced before its samples, and each family's samples together.
 */
function parseExposition(text: string): { types: Map<string, string>; samples: Sample[] } {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  const closed = new Set<string>();
  let current: string | null = null;
  for (const line of text.trimEnd().split('\n')) {
    const type = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`).exec(line);
    if (type) {
      if (types.has(type[1]!)) throw new Error(`second TYPE line for ${type[1]}`);
      if (current) closed.add(current);
      current = type[1]!;
      types.set(current, type[2]!);
      continue;
    }
    if (new RegExp(`^# HELP ${NAME} .*$`).test(line)) continue;
    const sample = SAMPLE.exec(line);
    if (!sample) throw new Error(`not a Prometheus line: ${line}`);
    const family = types.has(sample[1]!) ? sample[1]! : /^(.*)_(bucket|sum|count)$/.exec(sample[1]!)?.[1];
    if (!family || !types.has(family)) throw new Error(`sample before its TYPE: ${line}`);
    if (closed.has(family) || family !== current) throw new Error(`samples of ${family} are not together: ${line}`);
    const labels = Object.fromEntries(
      (sample[2] ?? '')
        .split(/,(?=\s*[a-zA-Z_][a-zA-Z0-9_]*=")/)
        .filter((pair) => pair.trim() !== '')
        .map((pair) => {
          const label = LABEL.exec(pair);
          if (!label) throw new Error(`bad label in ${line}`);
          return [label[1]!, label[2]!];
        }),
    );
    samples.push({ name: sample[1]!, labels, value: Number(sample[3]) });
  }
  return { types, samples };
}

describe('/metrics of billing-guard start', () => {
  let world: SandboxWorld;
  let worker: StartedWorker;
  let report: Report;
  let reminded: RemindResult;
  let body: string;
  let metrics: ReturnType<typeof parseExposition>;
  const value = (name: string, labels: Record<string, string> = {}) =>
    metrics.samples.find((sample) => sample.name === name && Object.entries(labels).every(([key, wanted]) => sample.labels[key] === wanted))?.value;

  beforeAll(async () => {
    // ConnectWise throttles a share of the requests: 429s and retries show
    world = await sandboxWorld('http-metrics', { config: configWithoutCatchUp(), faults: { rate429: 0.2, retryAfterSeconds: 0 } });
    worker = await startedWorker(world, { MAIL_OUTBOX_DIR: mkdtempSync(join(tmpdir(), 'billing-guard-outbox-')) });
    report = await runThroughQueue({ period: SANDBOX_PERIOD, dryRun: false }, worker.services);
    reminded = await remindThroughQueue({ schedule: 'time-cutoff-reminder', date: '2026-11-12', dryRun: false }, worker.services);
    const response = await fetch(`${worker.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    body = await response.text();
    metrics = parseExposition(body);
  }, 180_000);
  afterAll(async () => {
    await worker?.stop();
    await world?.close();
  });

  it('declares every product metric with its type', () => {
    expect(Object.fromEntries([...metrics.types].filter(([name]) => name.startsWith('billing_guard_')))).toEqual({
      billing_guard_runs_total: 'counter',
      billing_guard_connectwise_requests_total: 'counter',
      billing_guard_connectwise_retries_total: 'counter',
      billing_guard_connectwise_throttled_total: 'counter',
      billing_guard_tickets_total: 'counter',
      billing_guard_mails_total: 'counter',
      billing_guard_schedule_fires_total: 'counter',
      billing_guard_schedule_catch_ups_total: 'counter',
      billing_guard_last_successful_validation_timestamp_seconds: 'gauge',
      billing_guard_last_run_exceptions: 'gauge',
      billing_guard_last_run_revenue_at_risk: 'gauge',
      billing_guard_last_run_waived_exceptions: 'gauge',
    });
  });

  it('counts the run, its ConnectWise requests, 429s and retries, and its tickets', () => {
    expect(value('billing_guard_runs_total', { mode: 'live', outcome: 'succeeded' })).toBe(1);
    expect(value('billing_guard_connectwise_requests_total', { status: '200' })).toBeGreaterThan(0);
    const throttled = value('billing_guard_connectwise_throttled_total')!;
    expect(throttled).toBeGreaterThan(0);
    expect(value('billing_guard_connectwise_requests_total', { status: '429' })).toBe(throttled);
    expect(value('billing_guard_connectwise_retries_total')).toBeGreaterThanOrEqual(throttled);
    const created = report.tickets.filter((ticket) => ticket.action === 'created').length;
    expect(created).toBeGreaterThan(0);
    expect(value('billing_guard_tickets_total', { action: 'created' })).toBe(created);
  });

  it('counts the reminders sent, by audience', () => {
    expect(reminded.sent.length).toBeGreaterThan(0);
    expect(value('billing_guard_mails_total', { audience: 'technicians', outcome: 'sent' })).toBe(reminded.sent.length);
  });

  it('shows the latest stored run: when it finished, its open exceptions, revenue at risk and waivers', () => {
    const tenant = { tenant: report.tenant };
    expect(value('billing_guard_last_successful_validation_timestamp_seconds', tenant)).toBe(Date.parse(report.finishedAt) / 1000);
    expect(value('billing_guard_last_run_revenue_at_risk', tenant)).toBe(Number(report.totals.revenueAtRisk));
    expect(value('billing_guard_last_run_waived_exceptions', tenant)).toBe(report.totals.waived);
    const open = report.exceptions.filter((exception) => exception.waiver === null);
    const counted = metrics.samples.filter((sample) => sample.name === 'billing_guard_last_run_exceptions');
    expect(counted.reduce((sum, sample) => sum + sample.value, 0)).toBe(open.length);
    const sameRuleAndSeverity = open.filter((exception) => exception.rule === open[0]!.rule && exception.severity === open[0]!.severity).length;
    expect(value('billing_guard_last_run_exceptions', { rule: open[0]!.rule, severity: open[0]!.severity })).toBe(sameRuleAndSeverity);
  });

  it('has the queues’ own metrics for both queues and the process metrics', () => {
    for (const queue of Object.values(queueNames)) {
      expect(value('bullmq_job_count', { queue, state: 'completed' }), queue).toBeGreaterThan(0);
    }
    expect(metrics.types.get('process_cpu_user_seconds_total')).toBe('counter');
    expect(metrics.types.get('nodejs_heap_size_used_bytes')).toBe('gauge');
  });

  it('labels nothing with a company or member name, and shows no credential', () => {
    const allowed = new Set(['rule', 'severity', 'status', 'action', 'audience', 'mode', 'outcome', 'tenant', 'queue', 'state']);
    const productLabels = metrics.samples.filter((sample) => sample.name.startsWith('billing_guard_') || sample.name.startsWith('bullmq_')).flatMap((sample) => Object.keys(sample.labels));
    expect(productLabels.filter((label) => !allowed.has(label))).toEqual([]);
    const names = [...report.companies.map((company) => company.name), ...report.members.map((member) => member.identifier)];
    for (const name of names) expect(body).not.toContain(`"${name}"`);
    for (const secret of [world.env.CW_PRIVATE_KEY, world.env.CW_PUBLIC_KEY]) expect(body).not.toContain(secret);
  });
});
