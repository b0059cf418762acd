import { DayIndex, addDays } from '../calendar.js';
import type { RuleSettings } from '../config/billing.js';
import type { Snapshot } from '../snapshot.js';
import type { Finding, RuleContext, RuleDefinition } from './define.js';

export interface TenantCalendar {
  timezone: string;
  holidays: readonly string[];
  licenseClasses: readonly string[];
  excludedMembers: readonly string[];
}

/**
 * How far before the period the day index reaches: a year covers any sensible stale-time
 * lookback without a pass over every time entry; an older instant still gets its date, more slowly.
 */
const INDEXED_DAYS_BEFORE_PERIOD = 366;

export function ruleContextFor(snapshot: Snapshot, calendar: TenantCalendar): RuleContext {
  const { period } = snapshot;
  return {
    period,
    timezone: calendar.timezone,
    holidays: new Set(calendar.holidays),
    licenseClasses: calendar.licenseClasses,
    excludedMembers: calendar.excludedMembers,
    days: new DayIndex(addDays(period.firstDay, -INDEXED_DAYS_BEFORE_PERIOD), period.endDay, calendar.timezone),
  };
}

/** Runs every enabled rule over the snapshot and stamps each finding with its rule, severity and scope. */
export function validateSnapshot(
  snapshot: Snapshot,
  rules: readonly RuleDefinition[],
  settings: ReadonlyMap<string, RuleSettings>,
  context: RuleContext,
): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    const setting = settings.get(rule.id);
    if (setting && !setting.enabled) continue;
    const options = setting ? setting.options : rule.options.parse({});
    // Field by field: a spread would give every finding an object shape of its own, which
    // slows down all that reads the findings afterwards.
    for (const finding of rule.check(snapshot, options, context)) {
      findings.push({
        rule: rule.id,
        severity: finding.severity ?? setting?.severity ?? rule.severity,
        scope: finding.scope ?? rule.scope,
        company: finding.company,
        member: finding.member,
        records: finding.records,
        date: finding.date,
        hours: finding.hours,
        amount: finding.amount,
        message: finding.message,
      });
    }
  }
  return findings;
}
