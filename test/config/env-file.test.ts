import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { COMMANDS_READING_ENV_FILE, readEnvFile } from '../../src/bootstrap.js';
import { buildProgram } from '../../src/cli.js';
import { ConfigError } from '../../src/config/errors.js';

const DOTENV = `# as copied from .env.example
CW_SITE=api-na.myconnectwise.net
CW_COMPANY_ID=acme
CW_PUBLIC_KEY=pub-key-123456
CW_PRIVATE_KEY="private key with spaces"
CW_CLIENT_ID=11111111-2222-3333-4444-555555555555
QUEUE_PREFIX=from-dotenv
MAIL_FROM=dotenv@acme.example
`;

function folderWith(files: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), 'billing-guard-dotenv-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  return folder;
}

describe('reading .env', () => {
  it('sets what the environment does not, and keeps what it does', () => {
    const env: NodeJS.ProcessEnv = { MAIL_FROM: 'set@acme.example', QUEUE_PREFIX: '' };
    const set = readEnvFile(env, folderWith({ '.env': DOTENV }));
    expect(env).toMatchObject({ CW_SITE: 'api-na.myconnectwise.net', CW_PRIVATE_KEY: 'private key with spaces', MAIL_FROM: 'set@acme.example', QUEUE_PREFIX: '' });
    expect(set.sort()).toEqual(['CW_CLIENT_ID', 'CW_COMPANY_ID', 'CW_PRIVATE_KEY', 'CW_PUBLIC_KEY', 'CW_SITE']);
  });

  it('does nothing without a .env, or with ENV_FILE=none', () => {
    const env: NodeJS.ProcessEnv = {};
    expect(readEnvFile(env, folderWith({}))).toEqual([]);
    expect(readEnvFile({ ENV_FILE: 'none' }, folderWith({ '.env': DOTENV }))).toEqual([]);
    expect(env).toEqual({});
  });

  it('reads the file ENV_FILE names, and refuses one that does not exist', () => {
    const folder = folderWith({ 'billing.env': 'QUEUE_PREFIX=named\n' });
    const env: NodeJS.ProcessEnv = { ENV_FILE: 'billing.env' };
    readEnvFile(env, folder);
    expect(env.QUEUE_PREFIX).toBe('named');
    expect(() => readEnvFile({ ENV_FILE: 'missing.env' }, folder)).toThrow(ConfigError);
    expect(() => readEnvFile({ ENV_FILE: 'missing.env' }, folder)).toThrow(/ENV_FILE: cannot read .*missing\.env: no such file/);
  });

  it('is read by the commands an admin runs, never by demo or sandbox', () => {
    expect([...COMMANDS_READING_ENV_FILE].sort()).toEqual(['config', 'doctor', 'remind', 'report', 'run', 'runs', 'start']);
    const commands = buildProgram().commands.map((command) => command.name());
    expect(commands).toEqual(expect.arrayContaining(['demo', 'sandbox', 'start', 'run', 'remind', 'config', 'doctor']));
    // every command decides: it reads .env, or it is one of the two that set their connections themselves
    expect(commands.filter((name) => !COMMANDS_READING_ENV_FILE.has(name)).sort()).toEqual(['demo', 'sandbox']);
  });

  it('is read by billing-guard config from the folder it starts in, the environment winning', async () => {
    const folder = folderWith({ '.env': DOTENV });
    const child = spawn(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), resolve('src/cli.ts'), 'config'],
      {
        cwd: folder,
        env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', BILLING_CONFIG: resolve('config/billing.yaml'), MAIL_FROM: 'set@acme.example' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(code, stderr).toBe(0);
    const { environment } = YAML.parse(stdout) as { environment: Record<string, string> };
    expect(environment).toMatchObject({ CW_COMPANY_ID: 'acme', QUEUE_PREFIX: 'from-dotenv', MAIL_FROM: 'set@acme.example', CW_PRIVATE_KEY: '****' });
    expect(stdout + stderr).not.toContain('private key with spaces');
  });
});
