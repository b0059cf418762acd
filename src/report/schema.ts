import { z } from 'zod';
import { recordTypes } from '../connectwise/records.js';
import { severities } from '../rules/define.js';

/** The run report: a public contract (product.md, "The run report"). */

const money = z.string().regex(/^-?\d+\.\d{2}$/, 'expected a string with exactly two decimals');
const companyRef = z.object({ id: z.number().int(), identifier: z.string(), name: z.string() }).strict();

export const reportExceptionSchema = z
  .object({
    id: z.string().regex(/^[0-9a-f]{16}$/),
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
        members: z.number().int().min(0),
        agreements: z.number().int().min(0),
        additions: z.number().int().min(0),
        timeEntries: z.number().int().min(0),
        expenses: z.number().int().min(0),
        tickets: z.number().int().min(0),
        invoices: z.number().int().min(0),
        apiRequests: z.number().int().min(0),
      })
      .strict(),
    companies: z.array(
      companyRef.extend({ projectedTotal: money, previousTotal: money.nullable() }).strict(),
    ),
    exceptions: z.array(reportExceptionSchema),
    tickets: z.array(reportTicketSchema),
  })
  .strict();
export type Report = z.infer<typeof reportSchema>;
