import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { periodBefore, zonedDate } from '../calendar.js';
import { generateTenant, sandboxCredentials, type GeneratedTenant } from '../sandbox/generate.js';
import { startSandbox, type Sandbox } from '../sandbox/server.js';

export interface SandboxCommandOptions {
  port: number;
  scale: number;
  seed: number;
  period?: string;
  timezone: string;
}

export interface RunningSandbox {
  sandbox: Sandbox;
  tenant: GeneratedTenant;
  period: string;
  /** the sandbox certificate, written to a file for NODE_EXTRA_CA_CERTS */
  caFile: string;
  close(): Promise<void>;
}

/** The period the sandbox populates by default: the month before today, as a run would validate. */
export function sandboxPeriod(timezone: string, now = new Date()): string {
  return periodBefore(zonedDate(now.getTime(), timezone), timezone).id;
}

export async function startGeneratedSandbox(options: SandboxCommandOptions): Promise<RunningSandbox> {
  const period = options.period ?? sandboxPeriod(options.timezone);
  const tenant = generateTenant({ seed: options.seed, scale: options.scale, period, timezone: options.timezone });
  const sandbox = await startSandbox({ data: tenant.data, credentials: sandboxCredentials, port: options.port });
  const caFile = join(tmpdir(), `billing-guard-sandbox-${process.pid}.pem`);
  writeFileSync(caFile, sandbox.ca);
  return {
    sandbox,
    tenant,
    period,
    caFile,
    async close() {
      await sandbox.close();
      rmSync(caFile, { force: true });
    },
  };
}

/** The environment that points a worker at the sandbox, trusting its certificate file. */
export function sandboxEnvironment(sandbox: Pick<Sandbox, 'site'>, caFile: string): Record<string, string> {
  return {
    CW_SITE: sandbox.site,
    CW_COMPANY_ID: sandboxCredentials.companyId,
    CW_PUBLIC_KEY: sandboxCredentials.publicKey,
    CW_PRIVATE_KEY: sandboxCredentials.privateKey,
    CW_CLIENT_ID: sandboxCredentials.clientId,
    NODE_EXTRA_CA_CERTS: caFile,
  };
}

/** `billing-guard sandbox`: runs until interrupted, after printing how to use it. */
export async function runSandboxCommand(options: SandboxCommandOptions): Promise<void> {
  const running = await startGeneratedSandbox(options);
  const { data, planted } = running.tenant;
  console.log(
    `ConnectWise sandbox on https://${running.sandbox.site} — period ${running.period}: ` +
      `${data.companies.length} companies, ${data.members.length} members, ${data.agreements.length} agreements, ` +
      `${data.timeEntries.length} time entries, ${planted.length} planted billing mistakes.`,
  );
  console.log('\nPoint a worker at it with:\n');
  for (const [name, value] of Object.entries(sandboxEnvironment(running.sandbox, running.caFile))) console.log(`export ${name}=${value}`);
  console.log(`\nthen for example: npm run cli -- run --period ${running.period} --dry-run --report r.json`);
  console.log('Press Ctrl+C to stop the sandbox.');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await running.close();
}
