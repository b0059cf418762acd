import YAML from 'yaml';
import type { BillingConfig } from '../config/billing.js';
import { maskedEnv } from '../config/env.js';
import type { Configuration } from '../config/load.js';
import { periodRunAt } from '../calendar.js';
import { configWarnings } from '../config/warnings.js';
import type { Logger } from '../log.js';
import { mailDestination } from '../mail/transport.js';
import { nextFires } from '../schedule/fires.js';
import { coversPeriod } from '../waivers/config.js';

/** `billing-guard config`: the validated configuration, secrets masked, and the next fires. */
export function renderConfiguration(config: Configuration, now: Date): string {
  const { billing } = config;
  const local = new Intl.DateTimeFormat('en-GB', {
    timeZone: billing.timezone,
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const document = {
    environment: maskedEnv(config.env),
    tenant: billing.tenant,
    timezone: billing.timezone,
    period: billing.period,
    calendar: billing.calendar,
    members: billing.members,
    schedules: billing.schedules.map((schedule) => ({
      ...schedule,
      nextFires: nextFires(schedule.cron, billing.timezone, now, 3).map(
        (fire) => `${local.format(fire)} ${billing.timezone} (${fire.toISOString()})`,
      ),
    })),
    rules: Object.fromEntries(
      [...billing.rules].map(([id, settings]) => [
        id,
        { enabled: settings.enabled, severity: settings.severity, ...plainOptions(settings.options) },
      ]),
    ),
    tickets: billing.tickets,
    mail: billing.mail,
    waivers: waiversAsOf(billing, now),
    counts: billing.counts,
    connectwise: billing.connectwise,
  };
  return YAML.stringify(document, { lineWidth: 0 });
}

/** What `start` logs once: each setting that does nothing, the next fire of every schedule, where mail goes. */
export function logConfiguration(config: Configuration, logger: Logger, now: Date): void {
  const { timezone, schedules } = config.billing;
  for (const warning of configWarnings(config, now)) logger.warn({ setting: warning.setting }, warning.message);
  for (const schedule of schedules) {
    const [next] = nextFires(schedule.cron, timezone, now, 1);
    logger.info({ schedule: schedule.name, job: schedule.job, nextFire: next?.toISOString() ?? null, timezone }, 'next fire');
  }
  logger.info({ mail: mailDestination(config.env) }, 'mail destination');
}

/** One line per setting that is valid but does nothing, for stderr beside the configuration. */
export function renderWarnings(config: Configuration, now: Date): string[] {
  return configWarnings(config, now).map((warning) => `billing-guard: warning: ${warning.message}`);
}

/**
 * Each configured waiver, marked against the period a run today validates: one whose `until` is
 * before that period's first day waives nothing any more.
 */
function waiversAsOf(billing: BillingConfig, now: Date): Record<string, unknown>[] {
  const period = periodRunAt(now, billing.timezone);
  return billing.waivers.map((waiver) => ({
    ...waiver,
    status: coversPeriod(waiver, period.firstDay)
      ? `active: covers ${period.id}, the period a run today validates`
      : `expired: ${period.id}, the period a run today validates, begins after ${waiver.until}`,
  }));
}

/** Options hold Decimals for money: show them as the strings an admin writes. */
function plainOptions(options: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(options).map(([key, value]) => [
      key,
      value !== null && typeof value === 'object' && !Array.isArray(value) ? String(value) : value,
    ]),
  );
}
