import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sandboxEnvironment } from '../../src/commands/sandbox.js';
import { REDIS_URL } from './redis.js';
import type { SandboxWorld } from './sandbox.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real CLI in a child process, pointed at a sandbox the way an admin would point it
 * at ConnectWise: through the environment, trusting the sandbox CA with NODE_EXTRA_CA_CERTS.
 */
export function runCli(args: string[], env: Record<string, string>, onSpawn?: (child: ChildProcess) => void): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      // ENV_FILE=none: a .env in the checkout must never point a test at a real ConnectWise or mail server
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ENV_FILE: 'none', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export function sandboxCliEnv(
  { sandbox, prefix, config }: Pick<SandboxWorld, 'sandbox' | 'prefix' | 'config'>,
  extra: Record<string, string> = {},
): Record<string, string> {
  const caFile = join(tmpdir(), `billing-guard-test-ca-${prefix}.pem`);
  writeFileSync(caFile, sandbox.ca);
  return { ...sandboxEnvironment(sandbox, caFile, config), REDIS_URL, QUEUE_PREFIX: prefix, ...extra };
}
