import type { Decimal } from 'decimal.js';
import { z } from 'zod';
import type { CalendarDate, DayIndex, Period } from '../calendar.js';
import type { CompanyRef, MemberRef, RecordRef } from '../connectwise/records.js';
import type { Snapshot } from '../snapshot.js';
import type { AppliedHours } from './shared/applied-hours.js';
import type { DatedEntry, SnapshotFacts } from './shared/facts.js';
import type { PreviousTotal, ProjectedTotal } from './shared/projected-total.js';

export const severities = ['info', 'warning', 'error'] as const;
export type Severity = (typeof severities)[number];
export type Scope = 'company' | 'internal';

/** One billing mistake a rule found, before the engine stamps rule id and configured severity. */
export interface RuleFinding {
  /**
   * Set only when the rule decides the severity itself (rules.md, "Severity"): `info` for a
   * notice near a threshold, which keeps it whatever the config says; any other severity is the
   * table's for this finding (an overage that overruns do not allow is an error), which a
   * configured severity replaces.
   */
  severity?: Severity;
  /** set only when the rule's scope depends on the record (data.invalid) */
  scope?: Scope;
  company: CompanyRef | null;
  member: MemberRef | null;
  records: RecordRef[];
  date: CalendarDate | null;
  hours: Decimal | null;
  amount: Decimal | null;
  message: string;
  /**
   * Set only when findings of one rule can name the same records, member and day (or none):
   * what tells them apart in the exception id: the product of a deployed count, the line of a
   * counts file, the problems of a record ConnectWise sent without an id. Never an amount.
   */
  key?: string;
}

export interface Finding extends RuleFinding {
  rule: string;
  severity: Severity;
  scope: Scope;
}

/**
 * What every rule may read besides the snapshot: the tenant's calendar and technicians, and the
 * facts of this run that several rules share, each computed on its first read and then kept.
 */
export interface RuleContext {
  period: Period;
  timezone: string;
  holidays: ReadonlySet<CalendarDate>;
  licenseClasses: readonly string[];
  excludedMembers: readonly string[];
  /** maps instants to tenant dates: quickly from a year before the period to its end, through Intl before that */
  days: DayIndex;
  /** the snapshot's time entries dated and grouped, its agreements and members by id, its technicians */
  readonly facts: SnapshotFacts;
  /** per agreement id, the hours applied to it in the period and what goes over its limit */
  readonly appliedHours: ReadonlyMap<number, AppliedHours>;
  /** per company id, what its next invoice should come to */
  readonly projectedTotals: ReadonlyMap<number, ProjectedTotal>;
  /** per company id, what its invoices of the previous period came to */
  readonly previousTotals: ReadonlyMap<number, PreviousTotal>;
}

/** What the pull must read for the rules beyond the period's own records. */
export interface PullNeeds {
  /** how many days before the period time entries are read */
  lookbackDays: number;
  /** whether the agreements' work-type and work-role exclusions are read */
  exclusions: boolean;
}

export interface RuleDefinition<Options extends z.ZodObject = z.ZodObject> {
  id: string;
  severity: Severity;
  scope: Scope;
  /** one sentence for docs and `billing-guard config` */
  description: string;
  /** one sentence on how to fix what the rule finds, general to the rule: the finding's message names the specifics */
  fix: string;
  /** a strict object schema with a default for every option */
  options: Options;
  /** set when the rule must always run: `enabled: false` on it is a configuration error */
  alwaysOn?: true;
  check(snapshot: Snapshot, options: z.output<Options>, context: RuleContext): RuleFinding[];
  /** set when the rule judges each time entry on its own: the engine then reads the entries once for every such rule */
  perEntry?: PerEntry<Options>;
  /** what the pull must read for this rule with these options, when more than the period's records */
  reads?(options: z.output<Options>): Partial<PullNeeds>;
}

/** How a rule judges each time entry on its own: at most one finding per entry. */
export interface PerEntry<Options extends z.ZodObject = z.ZodObject> {
  /** the period's entries, or those dated before it (the stale-time lookback) */
  entries: 'periodEntries' | 'earlierEntries';
  /** The test of one entry for this run: its finding, or null when the entry is fine. Null when the options leave nothing to look for. */
  findingOf(options: z.output<Options>, context: RuleContext): EntryTest | null;
}

export type EntryTest = (dated: DatedEntry) => RuleFinding | null;

export function defineRule<Options extends z.ZodObject>(rule: RuleDefinition<Options>): RuleDefinition<Options> {
  return rule;
}

/** Convenience for option-less rules. */
export const noOptions = z.object({}).strict();
