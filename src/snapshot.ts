import type { Period } from './calendar.js';
import type {
  Addition,
  AgreementRecord,
  CompanyRef,
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
  /** ConnectWise configurations read for deployed counts */
  configurations: number;
  /** rows of the counts files that gave a count */
  countRows: number;
}

/** How many units of one product one company really has deployed (product.md, "Deployed counts"). */
export interface DeployedCount {
  company: CompanyRef;
  /** the identifier of the addition product the count is billed as */
  product: string;
  count: number;
  /** where the count came from, as a message names it: `ConnectWise configurations: Managed Workstation, Managed Laptop` or `counts/rmm.csv` */
  source: string;
}

/** A row of a counts file that gave no count: reported as data.invalid (internal, no records), never dropped. */
export interface UnusableCountRow {
  /** the file's name within counts.directory */
  file: string;
  /** 1-based, the header being line 1; null when the whole file is unusable (its header lacks a column) */
  line: number | null;
  /** in plain words: what is wrong and what the row says */
  problem: string;
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
  /** per company and product, when some product of counts.products has a known count */
  deployedCounts: DeployedCount[];
  unusableCountRows: UnusableCountRow[];
  /** records served per collection, valid and invalid alike */
  counts: SnapshotCounts;
}
