import type { Redis } from 'ioredis';
import type { Configuration } from './config/load.js';
import type { Logger } from './log.js';
import type { PullProgressSink } from './progress.js';
import type { RuleDefinition } from './rules/define.js';

/** The imperative shell's handles, built once per process and handed to every job. */
export interface Services {
  config: Configuration;
  rules: readonly RuleDefinition[];
  /** a worker-grade connection (never gives up on a command) for rate limits and run state */
  redis: Redis;
  logger: Logger;
  /** an extra trusted CA (PEM) for a ConnectWise behind a private CA in this process */
  connectWiseCa?: string;
  /** where a run in this process shows how far its pull is (a terminal); by default it logs it */
  pullProgress?: PullProgressSink;
  now(): Date;
}
