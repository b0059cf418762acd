import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportSchema } from '../../src/report/schema.js';
import { runCli, sandboxCliEnv } from '../support/cli.js';
import { writeTemporaryFile } from '../support/files.js';
import { SANDBOX_PERIOD, sandboxWorld, type SandboxWorld } from '../support/sandbox.js';

const findingKey = (rule: string, records: { type: string; id: number }[]) =>
  `${rule} ${records.map((record) => `${record.type}#${record.id}`).sort().join(',')}`;

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
    const result = await runCli(['run', '--period', SANDBOX_PERIOD, '--dry-run', '--report', reportFile], sandboxCliEnv(world.sandbox, world.prefix));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`dry-run run — tenant demo, period ${SANDBOX_PERIOD}`);

    const report = reportSchema.parse(JSON.parse(readFileSync(reportFile, 'utf8')));
    expect(report.mode).toBe('dry-run');
    const found = report.exceptions.map((exception) => findingKey(exception.rule, exception.records)).sort();
    const planted = world.tenant.planted.map((mistake) => findingKey(mistake.rule, mistake.records)).sort();
    expect(found).toEqual(planted);
    expect(new Set(report.exceptions.map((exception) => exception.rule)).size).toBe(22);

    const served = world.sandbox.requests.filter((request) => request.status === 200).length;
    expect(report.counts.apiRequests).toBe(served);
    expect(world.sandbox.requests.filter((request) => request.method !== 'GET')).toEqual([]);
  });

  it('exits 1 with a safe message when ConnectWise refuses the credentials', async () => {
    const env = { ...sandboxCliEnv(world.sandbox, world.prefix), CW_PRIVATE_KEY: 'wrong-private-key-0042' };
    const result = await runCli(['run', '--period', SANDBOX_PERIOD, '--dry-run'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('401');
    expect(result.stderr + result.stdout).not.toContain('wrong-private-key-0042');
  });
});
