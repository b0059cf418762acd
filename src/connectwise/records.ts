import { z } from 'zod';
import type { Decimal } from 'decimal.js';
import { toDecimal } from '../money.js';

/**
 * Zod schemas for every ConnectWise record the rules read. They are the single source of the
 * record types. Instants become epoch milliseconds; date-only fields stay calendar dates
 * (ConnectWise serialises them at midnight UTC); money and hours become Decimals.
 */

const id = z.number().int().positive();

/**
 * A number as ConnectWise sends it, refused when `problemOf` says no real record has it
 * (rules.md, `data.invalid`): the record is then kept as invalid and reaches no rule and no total.
 */
function checkedDecimal(problemOf: (value: Decimal) => string | null) {
  return z
    .union([z.number().finite(), z.string().regex(/^-?\d+(\.\d+)?$/)])
    .transform((value): Decimal => toDecimal(value))
    .superRefine((value, context) => {
      const problem = problemOf(value);
      if (problem !== null) context.addIssue({ code: 'custom', message: `is ${value.toString()}, ${problem}` });
    });
}

const NO_RECORD_REACHES = toDecimal('1e9');
const HOURS_IN_ONE_ENTRY = 24;
const MS_PER_HOUR = 3_600_000;

function beyondAnyRecord(value: Decimal): string | null {
  return value.abs().greaterThanOrEqualTo(NO_RECORD_REACHES) ? 'a value no real record has (1,000,000,000 or more)' : null;
}

function beyondOneEntry(hours: Decimal): string | null {
  if (hours.lessThan(0)) return 'negative hours';
  return hours.greaterThan(HOURS_IN_ONE_ENTRY) ? `more than ${HOURS_IN_ONE_ENTRY} hours in one entry` : null;
}

/** Any amount, price, rate, quantity or number of hours. */
const decimal = checkedDecimal(beyondAnyRecord);
/** The hours of one time entry: 0 to 24. */
const entryHours = checkedDecimal(beyondOneEntry);
const rate = checkedDecimal((value) => (value.lessThan(0) ? 'a negative rate' : beyondAnyRecord(value)));

const instant = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), { error: (issue) => `is ${JSON.stringify(issue.input)}, not a date-time` })
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
  unitCost: decimal.nullish(),
  billCustomer: z.enum(['Billable', 'DoNotBill', 'NoCharge']).nullish(),
  effectiveDate: calendarDate.nullish(),
  cancelledDate: calendarDate.nullish(),
  agreementId: id.nullish(),
});
export type Addition = z.infer<typeof additionSchema>;

export const workTypeExclusionSchema = z.object({ id, workType: reference, agreementId: id.nullish() });
export const workRoleExclusionSchema = z.object({ id, workRole: reference, agreementId: id.nullish() });

export const timeEntrySchema = z
  .object({
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
    actualHours: entryHours.nullish(),
    billableOption: billableOption.nullish(),
    notes: z.string().nullish(),
    agreementHours: decimal.nullish(),
    hourlyRate: rate.nullish(),
    overageRate: decimal.nullish(),
    status: z.string().nullish(),
  })
  .superRefine(
    (entry, context) => {
      // Without actualHours, the entry's hours are its span less hoursDeduct: they must fit one entry too.
      if (entry.actualHours != null || entry.timeEnd == null) return;
      const hours = toDecimal(entry.timeEnd - entry.timeStart).div(MS_PER_HOUR).minus(entry.hoursDeduct ?? 0);
      if (hours.lessThanOrEqualTo(HOURS_IN_ONE_ENTRY)) return;
      const less = entry.hoursDeduct == null ? '' : ` less hoursDeduct ${entry.hoursDeduct.toString()}`;
      context.addIssue({
        code: 'custom',
        path: ['timeEnd'],
        message: `is ${new Date(entry.timeEnd).toISOString()}, ${hours.toFixed(2)} hours after timeStart${less}, more than ${HOURS_IN_ONE_ENTRY} hours in one entry`,
      });
    },
    { when: (payload) => payload.issues.length === 0 },
  );
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
  configuration: 'configuration',
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

/**
 * What is wrong with a record, in plain words, one line per problem: the field, then either
 * what ConnectWise returned and why no real record has it (`actualHours is 1e+308, more than 24
 * hours in one entry`) or what the schema expected (`timeStart: Invalid input: expected string…`).
 */
export function recordProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const field = issue.path.map(String).join('/') || 'record';
    return issue.code === 'custom' ? `${field} ${issue.message}` : `${field}: ${issue.message}`;
  });
}

/** The `fields=` projection sent for each collection: exactly what the schemas read. */
export function fieldsOf(schema: z.ZodObject): string {
  return Object.keys(schema.shape).join(',');
}
