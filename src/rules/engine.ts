import { DayIndex, zonedDate } from '../calendar.js';
import type { RuleSettings } from '../config/billing.js';
import type { Snapshot } from '../snapshot.js';
import type { Finding, RuleContext, RuleDefinition } from './define.js';

export interface TenantCalendar {
  timezone: string;
  holidays: readonly string[];
  licenseClasses: readonly string[];
  excludedMembers: readonly string[];
}

export function ruleContextFor(snapshot: Snapshot, calendar: TenantCalendar): RuleContext {
  const { period } = snapshot;
  let earliest = period.start;
  for (const entry of snapshot.timeEntries) if (entry.timeStart < earliest) earliest = entry.timeStart;
  return {
    period,
    timezone: calendar.timezone,
    holidays: new Set(calendar.holidays),
    licenseClasses: calendar.licenseClasses,
    excludedMembers: calendar.excludedMembers,
    days: new DayIndex(zonedDate(earliest, calendar.timezone), period.endDay, calendar.timezone),
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
    for (const finding of rule.check(snapshot, options, context)) {
      findings.push({
        ...finding,
        rule: rule.id,
        severity: finding.severity ?? setting?.severity ?? rule.severity,
        scope: finding.scope ?? rule.scope,
      });
    }
  }
  return findings;
}
