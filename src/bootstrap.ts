import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigError } from './config/errors.js';
import { loadConfiguration, type Configuration } from './config/load.js';
import { createLogger, type Logger } from './log.js';
import { connectRedis, workerRedis } from './queue/connection.js';
import { ruleRegistry } from './rules/registry.js';
import type { Services } from './services.js';

export interface BootstrapOptions {
  env?: NodeJS.ProcessEnv;
  connectWiseCa?: string;
  logger?: Logger;
}

/**
 * The commands that read `.env` at start. `demo` and `sandbox` never do, nor do the tests (they
 * set ENV_FILE=none): they set every connection themselves, so a checkout holding a real `.env`
 * can never point them at a real ConnectWise or mail server.
 */
export const COMMANDS_READING_ENV_FILE: ReadonlySet<string> = new Set(['start', 'run', 'remind', 'config', 'doctor', 'runs', 'report']);

/**
 * Reads ENV_FILE (default `.env` in the working directory, `none` for no file) into `env`; a
 * variable already set wins. A missing `.env` is fine; a missing ENV_FILE that was named is not.
 * Returns the names it set.
 */
export function readEnvFile(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string[] {
  const named = env.ENV_FILE?.trim() || undefined;
  if (named === 'none') return [];
  const path = resolve(cwd, named ?? '.env');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === 'ENOENT' && named === undefined) return [];
    throw new ConfigError([`ENV_FILE: cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : message}`]);
  }
  const unset = Object.entries(parseEnv(text)).filter(([name]) => env[name] === undefined);
  for (const [name, value] of unset) env[name] = value;
  return unset.map(([name]) => name);
}

/** Configuration only: throws ConfigError on anything invalid. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Configuration {
  return loadConfiguration(env, ruleRegistry);
}

/** Configuration, logger and a reachable Redis: everything a command or job needs. */
export async function bootstrap(options: BootstrapOptions = {}): Promise<Services> {
  const config = loadConfig(options.env);
  const logger = options.logger ?? createLogger({ level: config.env.LOG_LEVEL });
  const redis = await connectRedis(workerRedis(config.env.REDIS_URL), config.env.REDIS_URL);
  return {
    config,
    rules: ruleRegistry,
    redis,
    logger,
    connectWiseCa: options.connectWiseCa,
    now: () => new Date(),
  };
}
