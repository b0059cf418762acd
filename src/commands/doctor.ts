import type { Configuration } from '../config/load.js';
import { configWarnings } from '../config/warnings.js';
import { ConnectWiseClient } from '../connectwise/client.js';
import { connectWiseSettings } from '../connectwise/connect.js';
import type { Logger } from '../log.js';
import { producerRedis } from '../queue/connection.js';
import type { RuleDefinition } from '../rules/define.js';
import { countsFolderCheck, outboxCheck, redisCheck, smtpCheck, type Check } from './doctor-checks.js';
import { connectWiseChecks } from './doctor-connectwise.js';

export interface DoctorOptions {
  config: Configuration;
  rules: readonly RuleDefinition[];
  logger: Logger;
  now: Date;
  /** an extra trusted CA (PEM) for ConnectWise; the CLI relies on NODE_EXTRA_CA_CERTS instead */
  connectWiseCa?: string;
}

/** A check failed: the CLI exits 1. */
export class DoctorFailedError extends Error {
  override readonly name = 'DoctorFailedError';
}

/** A doctor's requests are few: they need no share of the tenant's budget (which lives in Redis, and writes to it). */
const NO_BUDGET = { acquire: () => Promise.resolve() };

/** A doctor answers in seconds: one attempt per request, within a short timeout. */
const DOCTOR_TIMEOUT_MS = 15_000;

/**
 * `billing-guard doctor`: everything a run needs, checked before the 15th, one line each.
 * Nothing is written anywhere: Redis gets a PING, ConnectWise and the mail server are read from
 * or connected to, folders are listed or checked with fs.access. The configuration is valid
 * by the time this runs (an invalid one is a ConfigError before it).
 */
export async function runDoctor({ config, rules, logger, now, connectWiseCa }: DoctorOptions): Promise<Check[]> {
  const { env, billing } = config;
  const redis = producerRedis(env.REDIS_URL);
  const settings = connectWiseSettings({ config, connectWiseCa });
  const client = new ConnectWiseClient({
    settings: { ...settings, maxRetries: 0, timeoutMs: Math.min(settings.timeoutMs, DOCTOR_TIMEOUT_MS) },
    tenant: billing.tenant,
    redis,
    keyPrefix: env.QUEUE_PREFIX,
    logger,
    limiter: NO_BUDGET,
  });
  try {
    const [redisLine, connectWise, counts, mail] = await Promise.all([
      redisCheck(redis, env),
      connectWiseChecks(client, billing, rules),
      billing.counts.directory === null ? [] : countsFolderCheck(billing.counts.directory).then((check) => [check]),
      env.SMTP_URL === undefined ? outboxCheck(env.MAIL_OUTBOX_DIR) : smtpCheck({ ...env, SMTP_URL: env.SMTP_URL }),
    ]);
    return [
      { status: 'ok', name: 'configuration', detail: `the environment and ${env.BILLING_CONFIG} are valid` },
      ...configWarnings(config, now, rules).map((warning): Check => ({ status: 'warn', name: warning.setting, detail: warning.message })),
      redisLine,
      ...connectWise,
      {
        status: 'note',
        name: 'ticket writes',
        detail:
          'not checked: doctor writes nothing. A live run creates and updates tickets on tickets.board and adds notes: the API member’s security role needs Add and Edit on service tickets.',
      },
      ...counts,
      mail,
    ];
  } finally {
    redis.disconnect();
  }
}
