import type { Period } from './calendar.js';
import type {
  Addition,
  AgreementRecord,
  Expense,
  InvalidRecord,
  Invoice,
  Member,
  Ticket,
  TimeEntry,
} from './connectwise/records.js';

/** An agreement together with what ConnectWise keeps per agreement: additions and exclusions. */
export interface Agreement extends AgreementRecord {
  additions: Addition[];
  excludedWorkTypeIds: number[];
  excludedWorkRoleIds: number[];
}

export interface SnapshotCounts {
  members: number;
  agreements: number;
  additions: number;
  timeEntries: number;
  expenses: number;
  tickets: number;
  invoices: number;
}

/**
 * Everything a validation run reads, pulled once. Time entries cover the period plus the
 * stale-time lookback; invoices are the previous period's; tickets are those closed in the period.
 */
export interface Snapshot {
  period: Period;
  members: Member[];
  agreements: Agreement[];
  timeEntries: TimeEntry[];
  expenses: Expense[];
  tickets: Ticket[];
  invoices: Invoice[];
  invalid: InvalidRecord[];
  /** records served per collection, valid and invalid alike */
  counts: SnapshotCounts;
}
