import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedRunsOf } from '../../src/http/stored-runs.js';
import { renderHtmlPreview } from '../../src/report/html.js';
import { publishReport, recordTicketResult, reportOfRun } from '../../src/report/store.js';
import { runCli } from '../support/cli.js';
import { deleteKeys, REDIS_URL, testRedis, uniquePrefix } from '../support/redis.js';
import { ACME, exception, internalException, report } from '../tickets/fixtures.js';

const redis = testRedis();
const prefix = uniquePrefix('runs-command');
// the commands read stored runs only: ConnectWise is never asked
const env = {
  ENV_FILE: 'none',
  REDIS_URL,
  QUEUE_PREFIX: prefix,
  BILLING_CONFIG: 'config/billing.yaml',
  CW_SITE: 'connectwise.invalid',
  CW_COMPANY_ID: 'msp',
  CW_PUBLIC_KEY: 'public-key-of-the-api-member',
  CW_PRIVATE_KEY: 'private-key-of-the-api-member',
  CW_CLIENT_ID: 'client-id',
};

const september = report([], { period: '2026-09', mode: 'dry-run', startedAt: '2026-10-15T10:00:00.000Z' });
const october = report(
  [
    exception(1, { amount: '75.00' }),
    exception(2, { severity: 'warning', amount: '20.00' }),
    exception(3, { severity: 'warning', amount: '30.00', waiver: { by: 'finance', at: null, reason: 'agreed with the client', source: 'config' } }),
    internalException(4, { severity: 'info' }),
  ],
  {
    tickets: [
      { company: ACME.id, ticketId: 5012, action: 'created' },
      { company: 'internal', ticketId: null, action: 'pending' },
    ],
  },
);

beforeAll(async () => {
  await publishReport(redis, prefix, 'run-september', september);
  await new Promise((resolve) => setTimeout(resolve, 5));
  await publishReport(redis, prefix, 'run-october', october);
  // the internal key's job finished after the run stopped waiting for it
  await recordTicketResult(redis, prefix, 'run-october', { ticket: { company: 'internal', ticketId: 5013, action: 'noted' }, apiRequests: 3 });
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.quit();
});

const cells = (line: string) => line.trim().split(/\s{2,}/);

describe('billing-guard runs', () => {
  it('lists the stored runs newest first: period, mode, start in the tenant timezone, exceptions, waived, revenue at risk, tickets', async () => {
    const result = await runCli(['runs'], env);

    expect(result).toMatchObject({ code: 0, stderr: '' });
    const [header, ...rows] = result.stdout.trim().split('\n');
    expect(cells(header!)).toEqual(['run id', 'period', 'mode', 'started (America/New_York)', 'error', 'warning', 'info', 'waived', 'revenue at risk', 'tickets']);
    expect(rows.map(cells)).toEqual([
      ['run-october', '2026-10', 'live', '2026-11-15 06:00', '1', '1', '1', '1', '95.00', '1 created, 1 noted'],
      ['run-september', '2026-09', 'dry-run', '2026-10-15 06:00', '0', '0', '0', '0', '0.00', 'none'],
    ]);
  });

  it('lists the runs of one period', async () => {
    const result = await runCli(['runs', '--period', '2026-09'], env);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n').slice(1).map((line) => cells(line)[0])).toEqual(['run-september']);

    const none = await runCli(['runs', '--period', '2026-08'], env);
    expect(none).toMatchObject({ code: 0, stdout: 'No stored runs of 2026-08 (runs are kept 45 days).\n' });
  });

  it('lists runs published before runs had a summary as it lists the others, in the terminal and on /runs', async () => {
    const listed = async () => ({ terminal: await runCli(['runs'], env), json: JSON.stringify(await storedRunsOf(redis, prefix).list()) });
    const summarized = await listed();
    expect(await redis.del(`${prefix}:run-summary:run-september`, `${prefix}:run-summary:run-october`)).toBe(2);
    expect(await listed()).toEqual(summarized);
  });

  it('refuses a period that is not a month, exit 2', async () => {
    const result = await runCli(['runs', '--period', '2026-13'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--period is "2026-13": expected a month as YYYY-MM');
  });
});

describe('billing-guard report', () => {
  it('prints the stored run’s summary and writes its report JSON and HTML preview, ticket results merged in', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'billing-guard-report-'));
    const files = { json: join(folder, 'run.json'), html: join(folder, 'run.html') };

    const result = await runCli(['report', 'run-october', '--json', files.json, '--html', files.html], env);

    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('billing-guard live run — tenant default, period 2026-10');
    expect(result.stdout).toContain('Revenue at risk: 95.00');
    expect(result.stdout).toContain('Exception tickets: 1 created, 1 noted');
    expect(result.stdout).toContain(`Report written to ${files.json}\nHTML preview written to ${files.html}`);
    const stored = await reportOfRun(redis, prefix, 'run-october');
    expect(stored!.tickets[1]).toEqual({ company: 'internal', ticketId: 5013, action: 'noted' });
    expect(JSON.parse(readFileSync(files.json, 'utf8'))).toEqual(stored);
    expect(readFileSync(files.html, 'utf8')).toBe(renderHtmlPreview(stored!));
  });

  it('says the run is unknown or expired and exits 1', async () => {
    const result = await runCli(['report', 'run-gone'], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('billing-guard: no stored run run-gone: the id is unknown, or the run is older than 45 days (REPORT_RETENTION_DAYS). billing-guard runs lists the stored runs.');
  });
});
