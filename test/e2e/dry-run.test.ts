import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportSchema } from '../../src/report/schema.js';
import { ruleRegistry } from '../../src/rules/registry.js';
import type { PlantedMistake } from '../../src/sandbox/generate.js';
import { runCli, sandboxCliEnv } from '../support/cli.js';
import { writeTemporaryFile } from '../support/files.js';
import { SANDBOX_PERIOD, sandboxWorld, type SandboxWorld } from '../support/sandbox.js';

const findingKey = (rule: string, records: { type: string; id: number }[]) =>
  `${rule} ${records.map((record) => `${record.type}#${record.id}`).sort().join(',')}`;
/** A finding about a counts file row names no record: its message starts with the file and line. */
const foundKey = (exception: { rule: string; records: { type: string; id: number }[]; message: string }) =>
  exception.records.length > 0 ? findingKey(exception.rule, exception.records) : `${exception.rule} ${exception.message.split(':')[0]}`;
const plantedKey = (planted: PlantedMistake) =>
  planted.countsRow ? `${planted.rule} ${planted.countsRow.file} line ${planted.countsRow.line}` : findingKey(planted.rule, planted.records);

describe('billing-guard run --dry-run against the sandbox', () => {
  let world: SandboxWorld;

  beforeAll(async () => {
    world = await sandboxWorld('e2e-dry-run');
  });
  afterAll(async () => {
    await world.close();
  });

  it('finds exactly the planted billing mistakes, writes the report, and writes nothing to ConnectWise', async () => {
    const reportFile = writeTemporaryFile('r.json', '');
    const result = await runCli(['run', '--period', SANDBOX_PERIOD, '--dry-run', '--report', reportFile], sandboxCliEnv(world));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`dry-run run — tenant demo, period ${SANDBOX_PERIOD}`);

    const report = reportSchema.parse(JSON.parse(readFileSync(reportFile, 'utf8')));
    expect(report.mode).toBe('dry-run');
    const found = report.exceptions.map(foundKey).sort();
    const planted = world.tenant.planted.map(plantedKey).sort();
    expect(found).toEqual(planted);
    expect(new Set(report.exceptions.map((exception) => exception.rule)).size).toBe(ruleRegistry.length);
    const { configurations, additions } = world.tenant.data;
    expect(report.counts).toMatchObject({ configurations: expect.any(Number), countRows: expect.any(Number) });
    expect(report.counts.configurations).toBeGreaterThan(0);
    expect(report.counts.configurations).toBeLessThan(configurations.length);
    expect(report.counts.countRows).toBeGreaterThan(0);
    expect(report.counts.additions).toBeLessThanOrEqual(additions.length);

    const drifts = report.exceptions.filter((exception) => exception.rule === 'addition.count-drift');
    expect(drifts.map((drift) => drift.severity).sort()).toEqual(['error', 'error', 'warning']);
    expect(drifts.map((drift) => drift.message).join('\n')).toMatch(/ConnectWise configurations: Managed Workstation, Managed Laptop/);
    expect(drifts.map((drift) => drift.message).join('\n')).toMatch(/licences\.csv/);
    // each message says both numbers: what is billed and what is deployed
    for (const planted of world.tenant.planted.filter((mistake) => mistake.rule === 'addition.count-drift')) {
      const drift = drifts.find((exception) => foundKey(exception) === plantedKey(planted))!;
      const [, billed, deployed] = /\(billed (\d+), deployed (\d+)\)/.exec(planted.note)!;
      expect(drift.message, planted.note).toMatch(new RegExp(`\\b${deployed}\\b`));
      if (billed !== '0') expect(drift.message, planted.note).toMatch(new RegExp(`\\b${billed}\\b`));
    }

    const served = world.sandbox.requests.filter((request) => request.status === 200).length;
    expect(report.counts.apiRequests).toBe(served);
    expect(world.sandbox.requests.filter((request) => request.method !== 'GET')).toEqual([]);
  });

  it('exits 1 with a safe message when ConnectWise refuses the credentials', async () => {
    const env = { ...sandboxCliEnv(world), CW_PRIVATE_KEY: 'wrong-private-key-0042' };
    const result = await runCli(['run', '--period', SANDBOX_PERIOD, '--dry-run'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('401');
    expect(result.stderr + result.stdout).not.toContain('wrong-private-key-0042');
  });
});
