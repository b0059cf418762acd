import { DayIndex, addDays } from '../calendar.js';
import type { Snapshot } from '../snapshot.js';
import type { EntryTest, Finding, PullNeeds, RuleContext, RuleDefinition, RuleFinding, Severity } from './define.js';
import type { RuleSettings } from './settings.js';
import { appliedHoursOf } from './shared/applied-hours.js';
import { snapshotFacts } from './shared/facts.js';
import { judgeEntries } from './shared/time-entries.js';
import { previousTotals, projectedTotals } from './shared/projected-total.js';

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

/** The value computed on the first call and returned by every call after it. */
function once<T>(compute: () => T): () => T {
  let value: { computed: T } | undefined;
  return () => (value ??= { computed: compute() }).computed;
}

/** The context of one run: its calendar, and the facts the rules share, each computed when first read. */
export function ruleContextFor(snapshot: Snapshot, calendar: TenantCalendar): RuleContext {
  const { period } = snapshot;
  const scope = {
    period,
    licenseClasses: calendar.licenseClasses,
    excludedMembers: calendar.excludedMembers,
    days: new DayIndex(addDays(period.firstDay, -INDEXED_DAYS_BEFORE_PERIOD), period.endDay, calendar.timezone),
  };
  const facts = once(() => snapshotFacts(snapshot, scope));
  const applied = once(() => appliedHoursOf(facts()));
  const previous = once(() => previousTotals(snapshot));
  const projected = once(() =>
    projectedTotals(snapshot, { period, periodEntries: facts().periodEntries, appliedHours: applied(), previousTotals: previous() }),
  );
  return {
    ...scope,
    timezone: calendar.timezone,
    holidays: new Set(calendar.holidays),
    get facts() {
      return facts();
    },
    get appliedHours() {
      return applied();
    },
    get projectedTotals() {
      return projected();
    },
    get previousTotals() {
      return previous();
    },
  };
}

/** A rule without settings runs, with its default options. */
function isEnabled(setting: RuleSettings | undefined): boolean {
  return setting?.enabled ?? true;
}

function optionsOf(rule: RuleDefinition, setting: RuleSettings | undefined): Record<string, unknown> {
  return setting ? setting.options : rule.options.parse({});
}

/**
 * rules.md, "Severity": an `info` notice near a threshold stays info; otherwise a configured
 * severity replaces the table's, which is the finding's own when the rule set one, else the rule's.
 */
function severityOf(finding: RuleFinding, rule: RuleDefinition, setting: RuleSettings | undefined): Severity {
  if (finding.severity === 'info') return 'info';
  if (setting?.severityConfigured) return setting.severity;
  return finding.severity ?? rule.severity;
}

/** What the pull must read for the enabled rules: the longest lookback any of them needs, and exclusions if any needs them. */
export function pullNeedsOf(rules: readonly RuleDefinition[], settings: ReadonlyMap<string, RuleSettings>): PullNeeds {
  const needs: PullNeeds = { lookbackDays: 0, exclusions: false };
  for (const rule of rules) {
    const setting = settings.get(rule.id);
    if (!rule.reads || !isEnabled(setting)) continue;
    const reads = rule.reads(optionsOf(rule, setting));
    needs.lookbackDays = Math.max(needs.lookbackDays, reads.lookbackDays ?? 0);
    needs.exclusions ||= reads.exclusions ?? false;
  }
  return needs;
}

/**
 * The findings of every enabled rule that judges each time entry on its own, by rule: each list
 * of entries is read once for all of them, not once per rule.
 */
function perEntryFindings(
  rules: readonly RuleDefinition[],
  settings: ReadonlyMap<string, RuleSettings>,
  context: RuleContext,
): Map<RuleDefinition, RuleFinding[]> {
  const found = new Map<RuleDefinition, RuleFinding[]>();
  for (const entries of ['periodEntries', 'earlierEntries'] as const) {
    const judged: RuleDefinition[] = [];
    const tests: EntryTest[] = [];
    for (const rule of rules) {
      if (rule.perEntry?.entries !== entries) continue;
      const test = rule.perEntry.findingOf(optionsOf(rule, settings.get(rule.id)), context);
      if (test === null) found.set(rule, []);
      else {
        judged.push(rule);
        tests.push(test);
      }
    }
    if (tests.length === 0) continue;
    const findings = judgeEntries(context.facts[entries], tests);
    judged.forEach((rule, index) => found.set(rule, findings[index]!));
  }
  return found;
}

/** Runs every enabled rule over the snapshot and stamps each finding with its rule, severity and scope. */
export function validateSnapshot(
  snapshot: Snapshot,
  rules: readonly RuleDefinition[],
  settings: ReadonlyMap<string, RuleSettings>,
  context: RuleContext,
): Finding[] {
  const enabled = rules.filter((rule) => isEnabled(settings.get(rule.id)));
  const perEntry = perEntryFindings(enabled, settings, context);
  const findings: Finding[] = [];
  for (const rule of enabled) {
    const setting = settings.get(rule.id);
    // Field by field: a spread would give every finding an object shape of its own, which
    // slows down all that reads the findings afterwards.
    for (const finding of perEntry.get(rule) ?? rule.check(snapshot, optionsOf(rule, setting), context)) {
      findings.push({
        rule: rule.id,
        severity: severityOf(finding, rule, setting),
        scope: finding.scope ?? rule.scope,
        company: finding.company,
        member: finding.member,
        records: finding.records,
        date: finding.date,
        hours: finding.hours,
        amount: finding.amount,
        message: finding.message,
        key: finding.key,
      });
    }
  }
  return findings;
}
