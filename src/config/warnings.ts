import { periodRunAt } from '../calendar.js';
import type { RuleDefinition } from '../rules/define.js';
import { ruleRegistry } from '../rules/registry.js';
import { coversPeriod } from '../waivers/config.js';
import type { Configuration } from './load.js';

/** A setting that is valid but does nothing, and what it leads to. */
export interface ConfigWarning {
  setting: string;
  message: string;
}

/** Settings that pass validation but do nothing: `billing-guard config` shows them and `start` logs them. */
export function configWarnings(config: Configuration, now: Date, rules: readonly RuleDefinition[] = ruleRegistry): ConfigWarning[] {
  const { billing, env } = config;
  const warnings: ConfigWarning[] = [];
  if (billing.mail.finance.length === 0) {
    for (const schedule of billing.schedules.filter((each) => each.job === 'remind' && each.audience === 'finance')) {
      warnings.push({
        setting: 'mail.finance',
        message: `the schedule ${schedule.name} sends the finance digest, but mail.finance is empty: nobody receives it. List the recipients under mail.finance, or remove the schedule.`,
      });
    }
  }
  const internalRules = rules.filter((rule) => rule.scope === 'internal' && billing.rules.get(rule.id)?.enabled === true);
  if (billing.tickets.internalCompany === null && internalRules.length > 0) {
    warnings.push({
      setting: 'tickets.internalCompany',
      message: `tickets.internalCompany is null while the internal rules ${internalRules.map((rule) => rule.id).join(', ')} are on: their exceptions get no ticket (the report still lists them). Set it to your own company's identifier, or disable those rules.`,
    });
  }
  if (env.SMTP_URL === undefined) {
    warnings.push({
      setting: 'SMTP_URL',
      message: `SMTP_URL is not set: reminders and digests are written as .eml files to ${env.MAIL_OUTBOX_DIR} and sent to nobody. Set SMTP_URL to deliver them.`,
    });
  }
  const period = periodRunAt(now, billing.timezone);
  billing.waivers.forEach((waiver, index) => {
    if (coversPeriod(waiver, period.firstDay)) return;
    warnings.push({
      setting: `waivers.${index}`,
      message: `the waiver of ${waiver.rule} for ${waiver.company} ended on ${waiver.until}, before ${period.id}, the period a run today validates: it waives nothing. Extend its until, or remove it.`,
    });
  });
  return warnings;
}
