import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { bootstrap } from '../../src/bootstrap.js';
import { writeSandboxFiles } from '../../src/sandbox/files.js';
import { generateTenant, sandboxCredentials, type GeneratedTenant } from '../../src/sandbox/generate.js';
import { startSandbox, type FaultOptions, type Sandbox } from '../../src/sandbox/server.js';
import type { Report } from '../../src/report/schema.js';
import type { Services } from '../../src/services.js';
import { REDIS_URL, uniquePrefix } from './redis.js';

export const SANDBOX_TIMEZONE = 'America/New_York';
export const SANDBOX_PERIOD = '2026-10';

export interface SandboxWorld {
  sandbox: Sandbox;
  tenant: GeneratedTenant;
  services: Services;
  /** the environment the services were built from */
  env: Record<string, string>;
  prefix: string;
  /** BILLING_CONFIG: the base configuration with counts.directory pointing at this world's counts folder */
  config: string;
  close(): Promise<void>;
}

/**
 * A generated MSP behind the HTTPS sandbox, its counts folder in a temporary folder of its own,
 * and Services pointed at it as the worker would be: through the environment and a config file
 * (`options.config`, default config/demo.yaml, counting from that folder), trusting the sandbox's CA.
 */
export async function sandboxWorld(
  name: string,
  options: { scale?: number; seed?: number; faults?: FaultOptions; config?: string; env?: Record<string, string> } = {},
): Promise<SandboxWorld> {
  const tenant = generateTenant({ seed: options.seed ?? 1, scale: options.scale ?? 1, period: SANDBOX_PERIOD, timezone: SANDBOX_TIMEZONE });
  const { config } = writeSandboxFiles(tenant, mkdtempSync(join(tmpdir(), 'billing-guard-world-')), options.config);
  const sandbox = await startSandbox({ data: tenant.data, credentials: sandboxCredentials, port: 0, faults: options.faults });
  const prefix = uniquePrefix(name);
  const env = {
    CW_SITE: sandbox.site,
    CW_COMPANY_ID: sandboxCredentials.companyId,
    CW_PUBLIC_KEY: sandboxCredentials.publicKey,
    CW_PRIVATE_KEY: sandboxCredentials.privateKey,
    CW_CLIENT_ID: sandboxCredentials.clientId,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    BILLING_CONFIG: config,
    ...options.env,
  };
  const services = await bootstrap({
    env,
    connectWiseCa: sandbox.ca,
    logger: pino({ level: 'silent' }),
  });
  return {
    sandbox,
    tenant,
    services,
    env,
    prefix,
    config,
    async close() {
      const { deleteKeysWithPrefix } = await import('../../src/queue/connection.js');
      await deleteKeysWithPrefix(services.redis, prefix);
      await services.redis.quit();
      await sandbox.close();
    },
  };
}

/** The keys a run must have a ticket for: companies with company-scope warnings or errors, plus the internal one. */
export function expectedKeys(report: Report): string[] {
  const companies = new Set<string>();
  for (const exception of report.exceptions) {
    if (exception.severity === 'info') continue;
    companies.add(exception.scope === 'internal' ? 'internal' : String(exception.company!.id));
  }
  return [...companies].map((company) => `billing-guard:demo:${SANDBOX_PERIOD}:${company}`).sort();
}
