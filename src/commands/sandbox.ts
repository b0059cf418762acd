import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { periodRunAt } from '../calendar.js';
import { writeSandboxFiles, type SandboxFiles } from '../sandbox/files.js';
import { generateTenant, sandboxCredentials, type GeneratedTenant } from '../sandbox/generate.js';
import { startSandbox, type Sandbox } from '../sandbox/server.js';

export interface SandboxCommandOptions {
  port: number;
  scale: number;
  seed: number;
  period?: string;
  timezone: string;
  /** where the counts folder and the configuration pointing at it go; default a temporary folder removed on close */
  directory?: string;
}

export interface RunningSandbox extends SandboxFiles {
  sandbox: Sandbox;
  tenant: GeneratedTenant;
  period: string;
  /** the sandbox certificate, written to a file for NODE_EXTRA_CA_CERTS */
  caFile: string;
  close(): Promise<void>;
}

/** Generates a tenant and serves it; by default for the period a run would validate today. */
export async function startGeneratedSandbox(options: SandboxCommandOptions): Promise<RunningSandbox> {
  const period = options.period ?? periodRunAt(new Date(), options.timezone).id;
  const tenant = generateTenant({ seed: options.seed, scale: options.scale, period, timezone: options.timezone });
  const temporary = options.directory === undefined;
  const directory = temporary ? mkdtempSync(join(tmpdir(), 'billing-guard-sandbox-')) : resolve(options.directory!);
  mkdirSync(directory, { recursive: true });
  const files = writeSandboxFiles(tenant, directory);
  const sandbox = await startSandbox({ data: tenant.data, credentials: sandboxCredentials, port: options.port });
  const caFile = join(tmpdir(), `billing-guard-sandbox-${process.pid}.pem`);
  writeFileSync(caFile, sandbox.ca);
  return {
    sandbox,
    tenant,
    period,
    caFile,
    ...files,
    async close() {
      await sandbox.close();
      rmSync(caFile, { force: true });
      if (temporary) rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** The environment that points a worker at the sandbox, trusting its certificate file, with the configuration that counts its deployed units. */
export function sandboxEnvironment(sandbox: Pick<Sandbox, 'site'>, caFile: string, config: string): Record<string, string> {
  return {
    BILLING_CONFIG: config,
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
      `${data.timeEntries.length} time entries, ${data.configurations.length} configurations, ${planted.length} planted billing mistakes.`,
  );
  console.log(`The distributor's licence export is in ${running.countsDirectory}.`);
  console.log('\nPoint a worker at it with:\n');
  for (const [name, value] of Object.entries(sandboxEnvironment(running.sandbox, running.caFile, running.config))) console.log(`export ${name}=${value}`);
  console.log(`\nthen for example: npm run cli -- run --period ${running.period} --dry-run --report r.json`);
  console.log('Press Ctrl+C to stop the sandbox.');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await running.close();
}
