import { z } from 'zod';
import type { Decimal } from 'decimal.js';
import type { CalendarDate, DayIndex, Period } from '../calendar.js';
import type { CompanyRef, MemberRef, RecordRef } from '../connectwise/records.js';
import type { Snapshot } from '../snapshot.js';

export const severities = ['info', 'warning', 'error'] as const;
export type Severity = (typeof severities)[number];
export type Scope = 'company' | 'internal';

/** One billing mistake a rule found, before the engine stamps rule id and configured severity. */
export interface RuleFinding {
  /** set only when the rule decides the severity itself (e.g. an overage's info warning) */
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
}

export interface Finding extends RuleFinding {
  rule: string;
  severity: Severity;
  scope: Scope;
}

/** What every rule may read besides the snapshot: the tenant's calendar and technicians. */
export interface RuleContext {
  period: Period;
  timezone: string;
  holidays: ReadonlySet<CalendarDate>;
  licenseClasses: readonly string[];
  excludedMembers: readonly string[];
  /** maps instants to tenant dates: quickly from a year before the period to its end, through Intl before that */
  days: DayIndex;
}

export interface RuleDefinition<Options extends z.ZodObject = z.ZodObject> {
  id: string;
  severity: Severity;
  scope: Scope;
  /** one sentence for docs and `billing-guard config` */
  description: string;
  /** a strict object schema with a default for every option */
  options: Options;
  check(snapshot: Snapshot, options: z.output<Options>, context: RuleContext): RuleFinding[];
}

export function defineRule<Options extends z.ZodObject>(rule: RuleDefinition<Options>): RuleDefinition<Options> {
  return rule;
}

/** Convenience for option-less rules. */
export const noOptions = z.object({}).strict();
