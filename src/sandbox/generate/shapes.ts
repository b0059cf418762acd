import type { Decimal } from 'decimal.js';
import type { CalendarDate } from '../../calendar.js';
import type { BillableOption } from '../../connectwise/records.js';
import { Money, toCents } from '../../money.js';

/**
 * The ConnectWise JSON shapes the generator writes. References are shared, frozen objects so
 * that hundreds of thousands of time entries cost one object each, not four.
 */

export type Ref = Readonly<{ id: number; name: string }>;
export type CompanyRefJson = Readonly<{ id: number; identifier: string; name: string }>;
export type MemberRefJson = Readonly<{ id: number; identifier: string; name: string }>;
export type TicketRefJson = Readonly<{ id: number; summary: string }>;
export type Info = Readonly<{ lastUpdated: string; updatedBy: string }>;
export type AdditionBilling = 'Billable' | 'DoNotBill' | 'NoCharge';

export type AgreementJson = {
  id: number;
  name: string;
  type: Ref;
  company: CompanyRefJson;
  agreementStatus: 'Active' | 'Cancelled' | 'Expired';
  cancelledFlag: boolean;
  startDate: string;
  endDate: string | null;
  noEndingDateFlag: boolean;
  billingCycle: Ref;
  billAmount: number;
  applicationUnits: 'Amount' | 'Hours' | null;
  applicationLimit: number | null;
  applicationCycle: 'CalendarMonth' | null;
  applicationUnlimitedFlag: boolean;
  allowOverruns: boolean;
  _info: Info;
};

export type AdditionJson = {
  id: number;
  agreementId: number;
  product: Readonly<{ id: number; identifier: string; description: string }>;
  description: string;
  quantity: number;
  lessIncluded: number;
  unitPrice: number;
  /** what one unit costs the MSP */
  unitCost: number;
  billCustomer: AdditionBilling;
  effectiveDate: string;
  cancelledDate: string | null;
  _info: Info;
};

export type TimeEntryJson = {
  id: number;
  company: CompanyRefJson;
  member: MemberRefJson;
  chargeToType: 'ServiceTicket' | 'ChargeCode';
  chargeToId: number;
  ticket: TicketRefJson | null;
  workType: Ref | null;
  workRole: Ref;
  agreement: Ref | null;
  timeStart: string;
  timeEnd: string;
  hoursDeduct: number;
  actualHours: number;
  billableOption: BillableOption;
  notes: string;
  agreementHours: number | null;
  hourlyRate: number;
  overageRate: number | null;
  status: string;
  _info: Info;
};

export type TicketJson = {
  id: number;
  summary: string;
  board: Ref;
  status: Ref;
  type: Ref;
  priority: Ref;
  company: CompanyRefJson;
  owner: MemberRefJson;
  closedFlag: boolean;
  closedDate: string | null;
  actualHours: number | null;
  _info: Info;
};

export type ExpenseJson = {
  id: number;
  company: CompanyRefJson;
  member: MemberRefJson;
  type: Ref;
  date: string;
  amount: number;
  invoiceAmount: number | null;
  billableOption: BillableOption;
  chargeToType: 'ServiceTicket' | null;
  chargeToId: number | null;
  ticket: TicketRefJson | null;
  agreement: Ref | null;
  notes: string;
  status: string;
  _info: Info;
};

/** A device or service ConnectWise tracks for a company (`/company/configurations`). */
export type ConfigurationJson = {
  id: number;
  name: string;
  type: Ref;
  status: Ref;
  company: CompanyRefJson;
  activeFlag: boolean;
  serialNumber: string;
  _info: Info;
};

export type InvoiceJson = {
  id: number;
  invoiceNumber: string;
  type: 'Agreement' | 'Standard';
  company: CompanyRefJson;
  date: string;
  dueDate: string;
  total: number;
  _info: Info;
};

export function ref(id: number, name: string): Ref {
  return Object.freeze({ id, name });
}

const agreementRefs = new WeakMap<AgreementJson, Ref>();

/** The `{id, name}` reference to an agreement, one shared object per agreement. */
export function agreementRef(agreement: AgreementJson): Ref {
  let shared = agreementRefs.get(agreement);
  if (!shared) {
    shared = ref(agreement.id, agreement.name);
    agreementRefs.set(agreement, shared);
  }
  return shared;
}

/** An instant as ConnectWise writes it: ISO 8601, whole seconds, `Z`. */
export function instant(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19)}Z`;
}

/** A date-only field: the calendar date at midnight UTC. */
export function dateOnly(date: CalendarDate): string {
  return `${date}T00:00:00Z`;
}

export function info(epochMs: number, updatedBy: string, format = instant): Info {
  return { lastUpdated: format(epochMs), updatedBy };
}

/**
 * Formats instants once each: a month of time entries falls on a few thousand distinct
 * minutes, so hundreds of thousands of entries share their strings.
 */
export class Instants {
  private readonly formatted = new Map<number, string>();

  readonly format = (epochMs: number): string => {
    let text = this.formatted.get(epochMs);
    if (text === undefined) {
      text = instant(epochMs);
      this.formatted.set(epochMs, text);
    }
    return text;
  };
}

/** A money value as a JSON number with at most two decimals. */
export function amount(value: Decimal): number {
  return toCents(value).toNumber();
}

/** A count of cents as a JSON number of the currency. */
export function fromCents(cents: number): number {
  return new Money(cents).div(100).toNumber();
}

export const MINUTES = 60_000;
export const QUARTER_HOUR = 15 * MINUTES;

/** Hours as JSON numbers, per count of quarter hours: time is logged in quarter hours. */
const hoursByQuarters = Array.from({ length: 97 }, (_, quarters) => new Money(quarters).div(4).toNumber());

/** Generated hours are whole quarter hours, so counting quarters is exact integer arithmetic. */
export function quartersOf(hours: number): number {
  return Math.round(hours * 4);
}

export function hoursOf(quarters: number): number {
  const hours = hoursByQuarters[quarters];
  if (hours === undefined) throw new Error(`no more than 24 hours in one time entry, got ${quarters} quarters`);
  return hours;
}
