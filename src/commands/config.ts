import YAML from 'yaml';
import { maskedEnv } from '../config/env.js';
import type { Configuration } from '../config/load.js';
import { nextFires } from '../schedule/fires.js';

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
    connectwise: billing.connectwise,
  };
  return YAML.stringify(document, { lineWidth: 0 });
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
