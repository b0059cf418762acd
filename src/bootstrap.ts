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
