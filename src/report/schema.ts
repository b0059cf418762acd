import { z } from 'zod';
import { recordTypes } from '../connectwise/records.js';
import { severities } from '../rules/define.js';

/** The run report: a public contract (product.md, "The run report"). */

const money = z.string().regex(/^-?\d+\.\d{2}$/, 'expected a string with exactly two decimals');
const companyRef = z.object({ id: z.number().int(), identifier: z.string(), name: z.string() }).strict();
export const count = z.number().int().min(0);

/** What an exception is known by from one run to the next (exceptionId), and what finance quotes to waive it. */
export const EXCEPTION_ID = /^[0-9a-f]{16}$/;

/** How an exception was accepted as it is ("Waiving an exception" in product.md). */
export const waiverSchema = z
  .object({
    by: z.string(),
    at: z.iso.datetime().nullable(),
    reason: z.string().min(1),
    source: z.enum(['ticket', 'config']),
  })
  .strict();
export type Waiver = z.infer<typeof waiverSchema>;

export const reportExceptionSchema = z
  .object({
    id: z.string().regex(EXCEPTION_ID),
    rule: z.string(),
    severity: z.enum(severities),
    scope: z.enum(['company', 'internal']),
    company: companyRef.nullable(),
    member: z.object({ id: z.number().int(), identifier: z.string() }).strict().nullable(),
    records: z.array(z.object({ type: z.enum(recordTypes), id: z.number().int() }).strict()),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
    hours: money.nullable(),
    amount: money.nullable(),
    message: z.string().min(1),
    waiver: waiverSchema.nullable(),
  })
  .strict();
export type ReportException = z.infer<typeof reportExceptionSchema>;

export const ticketActions = [
  'created',
  'noted',
  'closed',
  'unchanged',
  'would-create',
  'would-note',
  'would-close',
  // the key's job failed for good, or was still retrying when the run stopped waiting
  'failed',
  'pending',
] as const;

export const reportTicketSchema = z
  .object({
    company: z.union([z.number().int(), z.literal('internal')]),
    ticketId: z.number().int().nullable(),
    action: z.enum(ticketActions),
  })
  .strict();
export type ReportTicket = z.infer<typeof reportTicketSchema>;

/** Why a member who owns items to fix gets no technician reminder: those items go to finance instead. */
export const notRemindedReasons = ['inactive', 'excluded', 'not-a-technician', 'no-email'] as const;
export type NotReminded = (typeof notRemindedReasons)[number];

export const reportMemberSchema = z
  .object({
    id: z.number().int(),
    identifier: z.string(),
    /** first and last name; null when ConnectWise has neither or the member was not read */
    name: z.string().nullable(),
    notReminded: z.enum(notRemindedReasons).nullable(),
  })
  .strict();
export type ReportMember = z.infer<typeof reportMemberSchema>;

/** One computed figure for stored runs, metrics and the digest (see report/tally.ts). */
export const reportTotalsSchema = z
  .object({
    revenueAtRisk: money,
    toReview: money,
    exceptions: z.object({ error: count, warning: count, info: count }).strict(),
    waived: count,
  })
  .strict();
export type ReportTotals = z.infer<typeof reportTotalsSchema>;

/** What any stored run needs to show its report to people: the tenant's zone and currency, where ConnectWise opens. */
const reportDisplaySchema = z
  .object({
    timezone: z.string(),
    currency: z.string(),
    /** null: records are shown without links */
    webUrl: z.string().nullable(),
    codebase: z.string(),
    companyId: z.string(),
  })
  .strict();
export type ReportDisplay = z.infer<typeof reportDisplaySchema>;

/** How a run stored before reports carried `display` is shown: its tenant's settings were not kept. */
export const DEFAULT_DISPLAY: ReportDisplay = { timezone: 'UTC', currency: 'USD', webUrl: null, codebase: 'v4_6_release', companyId: '' };

export const reportSchema = z
  .object({
    version: z.literal(1),
    tenant: z.string(),
    period: z.string().regex(/^\d{4}-\d{2}$/),
    mode: z.enum(['dry-run', 'live']),
    startedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime(),
    counts: z
      .object({
        members: count,
        agreements: count,
        additions: count,
        timeEntries: count,
        expenses: count,
        tickets: count,
        invoices: count,
        // added with deployed counts: a run stored before them has none
        configurations: count.default(0),
        countRows: count.default(0),
        apiRequests: count,
      })
      .strict(),
    companies: z.array(
      companyRef.extend({ projectedTotal: money, previousTotal: money.nullable() }).strict(),
    ),
    /** every member an exception names */
    members: z.array(reportMemberSchema),
    exceptions: z.array(reportExceptionSchema),
    totals: reportTotalsSchema,
    tickets: z.array(reportTicketSchema),
    display: reportDisplaySchema,
  })
  .strict();
export type Report = z.infer<typeof reportSchema>;
