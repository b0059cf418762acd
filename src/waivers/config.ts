import { z } from 'zod';
import { recordTypes } from '../connectwise/records.js';
import type { ReportException } from '../report/schema.js';

/**
 * Standing exceptions the admin accepts in `waivers:` of config/billing.yaml. A waiver covers
 * the periods that begin on or before its `until`, so a run's outcome never depends on the
 * day it runs.
 */

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const recordReference = z
  .string()
  .regex(new RegExp(`^(${recordTypes.join('|')}):[1-9]\\d*$`), `expected a record reference such as "timeEntry:5531" (types: ${recordTypes.join(', ')})`);

export const configWaiverSchema = z
  .object({
    rule: z.string().min(1),
    /** a company identifier, or `internal` for the internal exceptions */
    company: z.string().trim().min(1),
    records: z.array(recordReference).min(1).optional(),
    until: z
      .string({ error: 'required: the last day of the periods this waiver covers, as YYYY-MM-DD' })
      .regex(ISO_DATE, 'expected an ISO date YYYY-MM-DD')
      .refine(isCalendarDate, 'expected a date that exists in the calendar'),
    reason: z
      .string({ error: 'required: say why this exception is accepted' })
      .trim()
      .min(1, 'a reason is required: say why this exception is accepted'),
  })
  .strict();
export type ConfigWaiver = z.infer<typeof configWaiverSchema>;

/** A date the pattern accepts that the calendar has (not 2026-02-30); the pattern reports the rest. */
function isCalendarDate(date: string): boolean {
  if (!ISO_DATE.test(date)) return true;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date);
}

/** Whether the waiver still covers a period that begins on `periodFirstDay`. */
export function coversPeriod(waiver: ConfigWaiver, periodFirstDay: string): boolean {
  return periodFirstDay <= waiver.until;
}

function matchesCompany(waiver: ConfigWaiver, exception: ReportException): boolean {
  if (waiver.company.toLowerCase() === 'internal') return exception.scope === 'internal';
  return exception.scope === 'company' && exception.company?.identifier.toLowerCase() === waiver.company.toLowerCase();
}

function matchesRecords(waiver: ConfigWaiver, exception: ReportException): boolean {
  const named = new Set(exception.records.map((record) => `${record.type}:${record.id}`));
  return (waiver.records ?? []).every((reference) => named.has(reference));
}

/** The first configured waiver that covers the exception in this period, if any. */
export function configWaiverFor(
  exception: ReportException,
  waivers: readonly ConfigWaiver[],
  periodFirstDay: string,
): ConfigWaiver | undefined {
  return waivers.find(
    (waiver) =>
      waiver.rule === exception.rule &&
      coversPeriod(waiver, periodFirstDay) &&
      matchesCompany(waiver, exception) &&
      matchesRecords(waiver, exception),
  );
}
