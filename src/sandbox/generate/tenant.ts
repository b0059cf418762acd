import type { CalendarDate, Period } from '../../calendar.js';
import type { RecordRef } from '../../connectwise/records.js';
import type { SandboxData } from '../data.js';
import type { WorkRole } from './catalog.js';
import type { Random } from '../random.js';
import type {
  AdditionJson,
  AgreementJson,
  CompanyRefJson,
  ConfigurationJson,
  ExpenseJson,
  Info,
  Instants,
  MemberRefJson,
  TicketJson,
  TicketRefJson,
  TimeEntryJson,
} from './shapes.js';

/** A billing mistake planted in the sandbox, and what the finding will name. */
export interface PlantedMistake {
  /** a rule id of rules.md */
  rule: string;
  /** the client company the finding belongs to; null for internal findings */
  companyId: number | null;
  records: RecordRef[];
  note: string;
  /** for a row of a counts file that cannot be used, which names no record: where it is */
  countsRow?: { file: string; line: number };
}

/** One row of the distributor's licence export: how many licences of an item a client holds. */
export interface LicenceRow {
  company: CompanyRefJson;
  item: string;
  /** as the export writes it */
  count: string;
  subscription: string;
  term: 'Annual' | 'Monthly';
}

/** A ticket time is being logged on, with the reference time entries share. */
export interface OpenTicket {
  record: TicketJson;
  ref: TicketRefJson;
}

/** How a client is billed, which decides its agreements and how its time is applied. */
export type Profile = 'managed' | 'block' | 'timeAndMaterials' | 'breakFix';

export interface Client {
  ref: CompanyRefJson;
  profile: Profile;
  seats: number;
  /** managed workstations and laptops, billed per device; 0 unless managed */
  devices: number;
  servers: number;
  agreements: AgreementJson[];
  /** the agreement its time is applied to; null for a break-fix client */
  workAgreement: AgreementJson | null;
  excludedWorkTypeIds: Set<number>;
  excludedWorkRoleIds: Set<number>;
  /** quarter hours of time it can still take this period; null when unlimited */
  budget: number | null;
  /** quarter hours of project work it can still take this period */
  projectBudget: number;
  /** service tickets time is still being logged on */
  openTickets: OpenTicket[];
  projectTicket: OpenTicket | null;
  expenseCount: number;
}

export interface Technician {
  ref: MemberRefJson;
  role: WorkRole;
  /** minutes after local midnight the working day starts */
  startMinute: number;
}

/** Mistakes that take their final shape only once every record exists. */
export interface PendingMistakes {
  /** member id → entry date → quarter hours logged that day */
  shortDays: Map<number, Map<CalendarDate, number>>;
  /** Block Time agreements whose limit is set below the hours applied */
  overage: Set<number>;
  /** company id → its planted mistake, whose records are the previous invoices */
  jump: Map<number, PlantedMistake>;
  /** company id → its planted mistake, whose records are the company and its live agreements */
  highValue: Map<number, PlantedMistake>;
  /** company id → its planted mistake, whose records are its time outside any agreement */
  outsideAgreement: Map<number, PlantedMistake>;
}

const firstIds = {
  member: 101,
  company: 2,
  agreement: 501,
  addition: 3001,
  exclusion: 7001,
  timeEntry: 100001,
  expense: 40001,
  ticket: 200001,
  invoice: 60001,
  configuration: 80001,
};

/** ConnectWise ids per collection, handed out in creation order. */
export class Ids {
  private readonly next = { ...firstIds };

  take(collection: keyof typeof firstIds): number {
    return this.next[collection]++;
  }
}

/** The generator's working state: the served data plus typed views of what it wrote. */
export interface Tenant {
  readonly random: Random;
  readonly scale: number;
  readonly period: Period;
  readonly holidays: ReadonlySet<CalendarDate>;
  readonly businessDays: CalendarDate[];
  readonly data: SandboxData;
  readonly ids: Ids;
  /** `_info` of the MSP's setup records */
  readonly setup: Info;
  readonly instants: Instants;
  msp: CompanyRefJson;
  staff: MemberRefJson;
  clients: Client[];
  technicians: Technician[];
  agreements: AgreementJson[];
  additions: AdditionJson[];
  /** entries dated in the period, valid ones only */
  periodEntries: TimeEntryJson[];
  /** billed entries dated in the lookback before the period */
  earlierEntries: TimeEntryJson[];
  tickets: TicketJson[];
  expenses: ExpenseJson[];
  configurations: ConfigurationJson[];
  /** the rows of the distributor's licence export, in file order */
  licences: LicenceRow[];
  planted: PlantedMistake[];
  pending: PendingMistakes;
  /** companies that already carry a planted mistake */
  claimed: Set<number>;
}
