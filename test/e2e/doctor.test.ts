import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { runCli, sandboxCliEnv, type CliResult } from '../support/cli.js';
import { writeTemporaryFile } from '../support/files.js';
import { sandboxWorld, type SandboxWorld } from '../support/sandbox.js';

const SMTP_USER = 'billing';
const SMTP_PASSWORD = 'Smtp-Pass-7c1e9d';

/** A local SMTP server that requires a login and accepts only SMTP_USER / SMTP_PASSWORD. */
async function smtpServerWithLogin(): Promise<{ port: number; close(): Promise<void> }> {
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function lineOf(result: CliResult, name: string): string {
  const line = result.stdout.split('\n').find((each) => each.slice(6).startsWith(`${name}: `));
  if (line === undefined) throw new Error(`no line for ${name} in:\n${result.stdout}\n${result.stderr}`);
  return line;
}

const failedLines = (result: CliResult) => result.stdout.split('\n').filter((line) => line.startsWith('FAIL'));

describe('billing-guard doctor against the sandbox', () => {
  let world: SandboxWorld;
  let smtp: { port: number; close(): Promise<void> };
  let env: Record<string, string>;
  let outbox: string;
  const outputs: CliResult[] = [];

  async function doctor(extra: Record<string, string> = {}): Promise<CliResult> {
    const result = await runCli(['doctor'], { ...env, ...extra });
    outputs.push(result);
    return result;
  }

  beforeAll(async () => {
    world = await sandboxWorld('e2e-doctor');
    smtp = await smtpServerWithLogin();
    outbox = join(mkdtempSync(join(tmpdir(), 'billing-guard-doctor-')), 'outbox');
    env = sandboxCliEnv(world, { SMTP_URL: `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${smtp.port}`, MAIL_OUTBOX_DIR: outbox });
  });
  afterAll(async () => {
    await smtp.close();
    await world.close();
  });

  it('passes every check of a working setup, one line each, and exits 0', async () => {
    const result = await doctor();
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(failedLines(result)).toEqual([]);
    expect(lineOf(result, 'configuration')).toMatch(/^ok/);
    expect(lineOf(result, 'redis')).toMatch(/^ok {4}redis: answers PING/);
    expect(lineOf(result, 'connectwise')).toMatch(/^ok/);
    for (const path of ['/system/members', '/finance/agreements', '/time/entries', '/expense/entries', '/service/tickets', '/finance/invoices', '/company/configurations']) {
      expect(lineOf(result, `read ${path}`)).toMatch(/^ok/);
    }
    expect(result.stdout).toMatch(/^ok {4}read \/finance\/agreements\/\d+\/additions: allowed$/m);
    expect(lineOf(result, 'tickets.board')).toContain('"Billing Exceptions" exists');
    expect(lineOf(result, 'tickets.status')).toMatch(/^ok/);
    expect(lineOf(result, 'tickets.resolvedStatus')).toMatch(/^ok/);
    expect(lineOf(result, 'tickets.internalCompany')).toMatch(/^ok/);
    expect(lineOf(result, 'counts.directory')).toMatch(/^ok/);
    expect(lineOf(result, 'smtp')).toMatch(/^ok {4}smtp: 127\.0\.0\.1:\d+ accepted the connection and the login; nothing was sent$/);
    expect(lineOf(result, 'ticket writes')).toMatch(/^note .*not checked/);
  });

  it('fails the board line, naming the boards that exist, when tickets.board does not exist', async () => {
    const billing = YAML.parse(readFileSync(world.config, 'utf8')) as { tickets?: Record<string, unknown> };
    billing.tickets = { ...billing.tickets, board: 'Billing Exeptions' };
    const result = await doctor({ BILLING_CONFIG: writeTemporaryFile('billing.yaml', YAML.stringify(billing)) });
    expect(result.code).toBe(1);
    expect(failedLines(result)).toEqual([lineOf(result, 'tickets.board')]);
    expect(lineOf(result, 'tickets.board')).toContain('"Billing Exeptions" is not one of the service boards: ');
    expect(lineOf(result, 'tickets.board')).toContain('"Billing Exceptions"');
    expect(lineOf(result, 'tickets.board')).toContain('→ set tickets.board');
    expect(lineOf(result, 'tickets.status')).toMatch(/^skip/);
    expect(result.stderr).toContain('1 check(s) failed');
  });

  it('fails the ConnectWise line and names the credential variables when the keys are wrong', async () => {
    const result = await doctor({ CW_PRIVATE_KEY: 'Wrong-Private-Key-4242' });
    expect(result.code).toBe(1);
    expect(failedLines(result)).toEqual([lineOf(result, 'connectwise')]);
    expect(lineOf(result, 'connectwise')).toContain('refused these credentials');
    expect(lineOf(result, 'connectwise')).toMatch(/→ check CW_COMPANY_ID, CW_PUBLIC_KEY and CW_PRIVATE_KEY/);
    expect(result.stdout + result.stderr).not.toContain('Wrong-Private-Key-4242');
  });

  it('fails the Redis line alone, saying to start it or fix REDIS_URL, when Redis is down', async () => {
    const result = await doctor({ REDIS_URL: `redis://127.0.0.1:${await closedPort()}` });
    expect(result.code).toBe(1);
    expect(failedLines(result)).toEqual([lineOf(result, 'redis')]);
    expect(lineOf(result, 'redis')).toMatch(/Redis is not reachable .*start it .*REDIS_URL/);
    expect(lineOf(result, 'connectwise')).toMatch(/^ok/);
  });

  it('fails the SMTP line, naming SMTP_URL, when the mail server cannot be reached or refuses the login', async () => {
    const unreachable = await doctor({ SMTP_URL: `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${await closedPort()}` });
    expect(unreachable.code).toBe(1);
    expect(failedLines(unreachable)).toEqual([lineOf(unreachable, 'smtp')]);
    expect(lineOf(unreachable, 'smtp')).toMatch(/ECONNREFUSED.*→ check the host and port in SMTP_URL/);

    const refused = await doctor({ SMTP_URL: `smtp://${SMTP_USER}:Not-${SMTP_PASSWORD}@127.0.0.1:${smtp.port}` });
    expect(refused.code).toBe(1);
    expect(lineOf(refused, 'smtp')).toMatch(/EAUTH.*→ check the user and password in SMTP_URL/);
    expect(refused.stdout + refused.stderr).not.toContain(`Not-${SMTP_PASSWORD}`);
  });

  it('checks the outbox folder without SMTP_URL, creating nothing', async () => {
    const result = await doctor({ SMTP_URL: '' });
    expect(result.code).toBe(0);
    expect(lineOf(result, 'outbox')).toMatch(/^ok {4}outbox: .* is writable .*checked, not written$/);
    expect(lineOf(result, 'SMTP_URL')).toMatch(/^warn/);
    expect(existsSync(outbox)).toBe(false);
  });

  it('exits 2 on a configuration file that is not valid YAML, and on an invalid environment', async () => {
    const badYaml = await doctor({ BILLING_CONFIG: writeTemporaryFile('billing.yaml', 'tickets:\n  board: [unclosed\n') });
    expect(badYaml.code).toBe(2);
    expect(badYaml.stderr).toContain('not valid YAML');
    const badEnv = await doctor({ CW_SITE: 'https://na.myconnectwise.net/' });
    expect(badEnv.code).toBe(2);
    expect(badEnv.stderr).toContain('CW_SITE');
  });

  it('never shows the private key or the SMTP password, and writes nothing to ConnectWise, Redis or the disk', async () => {
    expect(outputs.length).toBeGreaterThan(5);
    for (const { stdout, stderr } of outputs) {
      for (const secret of [world.env.CW_PRIVATE_KEY!, SMTP_PASSWORD]) {
        expect(stdout).not.toContain(secret);
        expect(stderr).not.toContain(secret);
      }
    }
    expect(world.sandbox.requests.length).toBeGreaterThan(0);
    expect(world.sandbox.requests.filter((request) => request.method !== 'GET')).toEqual([]);
    expect(await world.services.redis.keys(`${world.prefix}:*`)).toEqual([]);
    expect(existsSync(outbox)).toBe(false);
  });
});
