import { z } from 'zod';
import type { Decimal } from 'decimal.js';
import { toDecimal } from '../money.js';

/**
 * Zod schemas for every ConnectWise record the rules read. They are the single source of the
 * record types. Instants become epoch milliseconds; date-only fields stay calendar dates
 * (ConnectWise serialises them at midnight UTC); money and hours become Decimals.
 */

const id = z.number().int().positive();

const decimal = z
  .union([z.number().finite(), z.string().regex(/^-?\d+(\.\d+)?$/)])
  .transform((value): Decimal => toDecimal(value));

const instant = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), 'not a date-time')
  .transform((value) => Date.parse(value));

const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T.*)?$/, 'not a date')
  .transform((value) => value.slice(0, 10));

export const companyRefSchema = z.object({
  id,
  identifier: z.string().default(''),
  name: z.string().default(''),
});
export type CompanyRef = z.infer<typeof companyRefSchema>;

export const memberRefSchema = z.object({ id, identifier: z.string() });
export type MemberRef = z.infer<typeof memberRefSchema>;

const reference = z.object({ id, name: z.string().nullish(), identifier: z.string().nullish() });
export type Reference = z.infer<typeof reference>;

export const billableOptions = ['Billable', 'DoNotBill', 'NoCharge', 'NoDefault'] as const;
const billableOption = z.enum(billableOptions);
export type BillableOption = z.infer<typeof billableOption>;

export const memberSchema = z.object({
  id,
  identifier: z.string().min(1),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  primaryEmail: z.string().nullish(),
  licenseClass: z.string().nullish(),
  inactiveFlag: z.boolean().nullish().transform((value) => value ?? false),
});
export type Member = z.infer<typeof memberSchema>;

export const agreementSchema = z.object({
  id,
  name: z.string(),
  type: reference.nullish(),
  company: companyRefSchema,
  agreementStatus: z.string().nullish(),
  cancelledFlag: z.boolean().nullish().transform((value) => value ?? false),
  startDate: calendarDate.nullish(),
  endDate: calendarDate.nullish(),
  noEndingDateFlag: z.boolean().nullish().transform((value) => value ?? false),
  billAmount: decimal.nullish(),
  applicationUnits: z.string().nullish(),
  applicationLimit: decimal.nullish(),
  applicationCycle: z.string().nullish(),
  applicationUnlimitedFlag: z.boolean().nullish().transform((value) => value ?? false),
  allowOverruns: z.boolean().nullish().transform((value) => value ?? false),
});
export type AgreementRecord = z.infer<typeof agreementSchema>;

export const additionSchema = z.object({
  id,
  product: reference.extend({ identifier: z.string() }),
  quantity: decimal.nullish(),
  lessIncluded: decimal.nullish(),
  unitPrice: decimal.nullish(),
  billCustomer: z.enum(['Billable', 'DoNotBill', 'NoCharge']).nullish(),
  effectiveDate: calendarDate.nullish(),
  cancelledDate: calendarDate.nullish(),
  agreementId: id.nullish(),
});
export type Addition = z.infer<typeof additionSchema>;

export const workTypeExclusionSchema = z.object({ id, workType: reference, agreementId: id.nullish() });
export const workRoleExclusionSchema = z.object({ id, workRole: reference, agreementId: id.nullish() });

export const timeEntrySchema = z.object({
  id,
  company: companyRefSchema,
  member: memberRefSchema,
  chargeToId: z.number().int().nullish(),
  chargeToType: z.string().nullish(),
  ticket: reference.nullish(),
  project: reference.nullish(),
  workType: reference.nullish(),
  workRole: reference.nullish(),
  agreement: reference.nullish(),
  timeStart: instant,
  timeEnd: instant.nullish(),
  hoursDeduct: decimal.nullish(),
  actualHours: decimal.nullish(),
  billableOption: billableOption.nullish(),
  notes: z.string().nullish(),
  agreementHours: decimal.nullish(),
  hourlyRate: decimal.nullish(),
  overageRate: decimal.nullish(),
  status: z.string().nullish(),
});
export type TimeEntry = z.infer<typeof timeEntrySchema>;

export const expenseSchema = z.object({
  id,
  company: companyRefSchema,
  member: memberRefSchema,
  type: reference,
  date: calendarDate,
  amount: decimal,
  invoiceAmount: decimal.nullish(),
  billableOption: billableOption.nullish(),
  agreement: reference.nullish(),
  chargeToId: z.number().int().nullish(),
  chargeToType: z.string().nullish(),
  ticket: reference.nullish(),
  project: reference.nullish(),
  status: z.string().nullish(),
});
export type Expense = z.infer<typeof expenseSchema>;

export const ticketSchema = z.object({
  id,
  summary: z.string(),
  board: reference.nullish(),
  company: companyRefSchema.nullish(),
  owner: memberRefSchema.nullish(),
  closedFlag: z.boolean().nullish().transform((value) => value ?? false),
  closedDate: instant.nullish(),
  actualHours: decimal.nullish(),
});
export type Ticket = z.infer<typeof ticketSchema>;

export const invoiceSchema = z.object({
  id,
  invoiceNumber: z.string().nullish(),
  company: companyRefSchema,
  date: calendarDate,
  total: decimal,
});
export type Invoice = z.infer<typeof invoiceSchema>;

/** Every type of record a finding can name, and how a message names one. */
export const recordNames = {
  member: 'member',
  company: 'company',
  agreement: 'agreement',
  addition: 'addition',
  timeEntry: 'time entry',
  expense: 'expense',
  ticket: 'ticket',
  invoice: 'invoice',
} as const;
export type RecordType = keyof typeof recordNames;
export const recordTypes = Object.keys(recordNames) as [RecordType, ...RecordType[]];

export interface RecordRef {
  type: RecordType;
  id: number;
}

/** A record that failed its schema: kept for the `data.invalid` rule, never dropped. */
export interface InvalidRecord {
  type: RecordType;
  id: number | null;
  /** the record's own company; for an addition or exclusion, its agreement's; null when none can be told */
  company: CompanyRef | null;
  problems: string[];
}

/** The `fields=` projection sent for each collection: exactly what the schemas read. */
export function fieldsOf(schema: z.ZodObject): string {
  return Object.keys(schema.shape).join(',');
}
