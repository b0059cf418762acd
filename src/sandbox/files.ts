import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import YAML from 'yaml';
import type { GeneratedTenant } from './generate.js';

export const SANDBOX_CONFIG = 'config/demo.yaml';

export interface SandboxFiles {
  /** the configuration to run against the sandbox with: BILLING_CONFIG */
  config: string;
  /** the counts folder its `counts.directory` names */
  countsDirectory: string;
}

/**
 * Writes what lives beside the sandbox's data into `directory`: the counts folder the MSP's
 * distributor exported (`counts/`, replaced whole) and `billing.yaml`, the base configuration
 * with `counts.directory` pointing at that folder — a configuration names an existing folder
 * when it is loaded, and every sandbox has its own.
 */
export function writeSandboxFiles(tenant: Pick<GeneratedTenant, 'countsFiles'>, directory: string, baseConfig = SANDBOX_CONFIG): SandboxFiles {
  const countsDirectory = resolve(directory, 'counts');
  rmSync(countsDirectory, { recursive: true, force: true });
  mkdirSync(countsDirectory, { recursive: true });
  for (const file of tenant.countsFiles) writeFileSync(join(countsDirectory, file.name), file.text);
  const document = YAML.parseDocument(readFileSync(baseConfig, 'utf8'));
  document.setIn(['counts', 'directory'], countsDirectory);
  const config = resolve(directory, 'billing.yaml');
  writeFileSync(config, document.toString());
  return { config, countsDirectory };
}
