import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, sandboxCliEnv } from '../support/cli.js';
import { sandboxWorld, type SandboxWorld } from '../support/sandbox.js';

describe('billing-guard remind against the sandbox', () => {
  let world: SandboxWorld;
  let env: Record<string, string>;
  let outbox: string;

  beforeAll(async () => {
    world = await sandboxWorld('e2e-remind');
    outbox = mkdtempSync(join(tmpdir(), 'billing-guard-outbox-'));
    env = sandboxCliEnv(world, { MAIL_OUTBOX_DIR: outbox });
  });
  afterAll(async () => {
    await world.close();
  });

  it('mails the technicians who have time to fix once, and sends nothing new when repeated', async () => {
    const dryRun = await runCli(['remind', 'time-cutoff-reminder', '--date', '2026-11-12', '--dry-run'], env);
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toContain('dry run, nothing sent');
    expect(readdirSync(outbox)).toEqual([]);
    const planned = [...dryRun.stdout.matchAll(/^ {2}to (\S+): Time entries to fix before billing on Nov 15$/gm)].map((match) => match[1]!).sort();
    expect(planned.length).toBeGreaterThan(0);

    const first = await runCli(['remind', 'time-cutoff-reminder', '--date', '2026-11-12'], env);
    expect(first.code).toBe(0);
    const sent = readdirSync(outbox).sort();
    expect(sent.length).toBeGreaterThan(0);
    expect(sent).toEqual(planned.map((recipient) => `2026-11-12-time-cutoff-reminder-${recipient}.eml`).sort());
    expect(first.stdout).toContain(`Sent ${sent.length} email(s)`);

    const again = await runCli(['remind', 'time-cutoff-reminder', '--date', '2026-11-12'], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Sent 0 email(s)');
    expect(again.stdout).toContain('Already sent for this date');
    expect(readdirSync(outbox).sort()).toEqual(sent);
    expect(world.sandbox.requests.filter((request) => request.method !== 'GET')).toEqual([]);
  });

  it('exits 2 naming the schedule when it is not a reminder', async () => {
    const result = await runCli(['remind', 'pre-invoice-validation'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('time-cutoff-reminder, finance-digest');
  });
});
