import { z } from 'zod';
import type { Decimal } from 'decimal.js';
import { sharedDecimal, toDecimal } from '../money.js';

/**
 * Zod schemas for every ConnectWise record the rules read. They are the single source of the
 * record types. Instants become epoch milliseconds; date-only fields stay calendar dates
 * (ConnectWise serialises them at midnight UTC); money and hours become Decimals, one per distinct
 * value.
 */

const MAX_QUOTED = 40;

/** What ConnectWise sent, as a problem quotes it: text quoted and cut short, numbers as they parsed. */
function received(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED)}…` : value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'an object';
  return String(value);
}

/**
 * The error of a schema that expects `what`: a problem in plain words, said of the field, with
 * what ConnectWise returned (`is "1,5", not a number`, `is missing`), in place of zod's wording
 * (`Invalid string: must match pattern …`). A schema's checks (int, regex, refine) say the same.
 */
function expecting(what: string) {
  return {
    error: (issue: z.core.$ZodRawIssue) => (issue.input === undefined ? 'is missing' : `is ${received(issue.input)}, not ${what}`),
  };
}

const id = z.number(expecting('a positive whole number')).int().positive();
const text = z.string(expecting('text'));
/** A flag ConnectWise may leave out, read as `absent` then. */
const flagOr = (absent: boolean) =>
  z
    .boolean(expecting('true or false'))
    .nullish()
    .transform((value) => value ?? absent);
const flag = flagOr(false);

function oneOf<const Values extends readonly [string, ...string[]]>(values: Values) {
  return z.enum(values, expecting(`one of ${values.join(', ')}`));
}

/**
 * A number as ConnectWise sends it, refused when `problemOf` says no real record has it
 * (rules.md, `data.invalid`): the record is then kept as invalid and reaches no rule and no total.
 */
function checkedDecimal(problemOf: (value: Decimal) => string | null) {
  const aNumber = expecting('a number');
  return z
    .union([z.number(aNumber).finite(), z.string(aNumber).regex(/^-?\d+(\.\d+)?$/)], aNumber)
    .transform((value): Decimal => sharedDecimal(value))
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
  .string(expecting('a date-time'))
  .refine((value) => !Number.isNaN(Date.parse(value)))
  .transform((value) => Date.parse(value));

const calendarDate = z
  .string(expecting('a date'))
  .regex(/^\d{4}-\d{2}-\d{2}(T.*)?$/)
  .transform((value) => value.slice(0, 10));

/** A record of a ConnectWise list. */
function recordOf<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  return z.object(shape, expecting('a record'));
}

/** A record as another one names it: `company: { id, identifier, name }`. */
function referenceOf<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  return z.object(shape, expecting('a reference to a record'));
}

export const companyRefSchema = referenceOf({
  id,
  identifier: text.default(''),
  name: text.default(''),
});
export type CompanyRef = z.infer<typeof companyRefSchema>;

export const memberRefSchema = referenceOf({ id, identifier: text });
export type MemberRef = z.infer<typeof memberRefSchema>;

const reference = referenceOf({ id, name: text.nullish(), identifier: text.nullish() });
export type Reference = z.infer<typeof reference>;

export const billableOptions = ['Billable', 'DoNotBill', 'NoCharge', 'NoDefault'] as const;
const billableOption = oneOf(billableOptions);
export type BillableOption = z.infer<typeof billableOption>;

export const memberSchema = recordOf({
  id,
  identifier: text.min(1, { error: 'is empty' }),
  firstName: text.nullish(),
  lastName: text.nullish(),
  primaryEmail: text.nullish(),
  licenseClass: text.nullish(),
  inactiveFlag: flag,
});
export type Member = z.infer<typeof memberSchema>;

export const agreementSchema = recordOf({
  id,
  name: text,
  type: reference.nullish(),
  company: companyRefSchema,
  agreementStatus: text.nullish(),
  cancelledFlag: flag,
  startDate: calendarDate.nullish(),
  endDate: calendarDate.nullish(),
  noEndingDateFlag: flag,
  billAmount: decimal.nullish(),
  applicationUnits: text.nullish(),
  applicationLimit: decimal.nullish(),
  applicationCycle: text.nullish(),
  applicationUnlimitedFlag: flag,
  allowOverruns: flag,
});
export type AgreementRecord = z.infer<typeof agreementSchema>;

export const additionSchema = recordOf({
  id,
  product: reference.extend({ identifier: text }),
  quantity: decimal.nullish(),
  lessIncluded: decimal.nullish(),
  unitPrice: decimal.nullish(),
  unitCost: decimal.nullish(),
  billCustomer: oneOf(['Billable', 'DoNotBill', 'NoCharge']).nullish(),
  effectiveDate: calendarDate.nullish(),
  cancelledDate: calendarDate.nullish(),
  agreementId: id.nullish(),
});
export type Addition = z.infer<typeof additionSchema>;

export const workTypeExclusionSchema = recordOf({ id, workType: reference, agreementId: id.nullish() });
export const workRoleExclusionSchema = recordOf({ id, workRole: reference, agreementId: id.nullish() });

export const timeEntrySchema = recordOf({
  id,
  company: companyRefSchema,
  member: memberRefSchema,
  chargeToId: z.number(expecting('a whole number')).int().nullish(),
  chargeToType: text.nullish(),
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
  notes: text.nullish(),
  agreementHours: entryHours.nullish(),
  hourlyRate: rate.nullish(),
  overageRate: decimal.nullish(),
  status: text.nullish(),
}).superRefine(
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

export const expenseSchema = recordOf({
  id,
  company: companyRefSchema,
  member: memberRefSchema,
  type: reference,
  date: calendarDate,
  amount: decimal,
  invoiceAmount: decimal.nullish(),
  billableOption: billableOption.nullish(),
  agreement: reference.nullish(),
  chargeToId: z.number(expecting('a whole number')).int().nullish(),
  chargeToType: text.nullish(),
  ticket: reference.nullish(),
  project: reference.nullish(),
  status: text.nullish(),
});
export type Expense = z.infer<typeof expenseSchema>;

export const ticketSchema = recordOf({
  id,
  summary: text,
  board: reference.nullish(),
  company: companyRefSchema.nullish(),
  owner: memberRefSchema.nullish(),
  closedFlag: flag,
  closedDate: instant.nullish(),
  actualHours: decimal.nullish(),
});
export type Ticket = z.infer<typeof ticketSchema>;

export const invoiceSchema = recordOf({
  id,
  invoiceNumber: text.nullish(),
  company: companyRefSchema,
  date: calendarDate,
  total: decimal,
});
export type Invoice = z.infer<typeof invoiceSchema>;

/** A ConnectWise configuration (a device, a licence) as deployed counts read it. */
export const configurationSchema = recordOf({
  id,
  company: companyRefSchema,
  type: referenceOf({ id, name: text }),
  // a configuration counts unless ConnectWise says it is inactive
  activeFlag: flagOr(true),
});
export type Configuration = z.infer<typeof configurationSchema>;

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
 * What is wrong with a record, one sentence per problem: the field, then what ConnectWise
 * returned and why no record has it (`actualHours is "1,5", not a number`, `company/id is
 * missing`, `actualHours is 1e+308, more than 24 hours in one entry`). Every schema here words
 * its own problems (`expecting`, the range checks), so zod's wording never reaches a message.
 */
export function recordProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.map(String).join('/') || 'the record'} ${issue.message}`);
}

/** The `fields=` projection sent for each collection: exactly what the schemas read. */
export function fieldsOf(schema: z.ZodObject): string {
  return Object.keys(schema.shape).join(',');
}
