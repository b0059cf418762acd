import type { z } from 'zod';
import type { CommonParameters } from 'connectwise-rest';
import { addDays, previousPeriod, startOfDay, type Period } from '../calendar.js';
import type { Agreement, Snapshot, SnapshotCounts } from '../snapshot.js';
import type { ConnectWiseClient } from './client.js';
import { streamPages } from './pager.js';
import {
  additionSchema,
  agreementSchema,
  companyRefSchema,
  expenseSchema,
  fieldsOf,
  invoiceSchema,
  memberSchema,
  ticketSchema,
  timeEntrySchema,
  workRoleExclusionSchema,
  workTypeExclusionSchema,
  type AgreementRecord,
  type InvalidRecord,
  type RecordType,
} from './records.js';

export interface PullOptions {
  /** how far before the period time entries are read, for stale unbilled time */
  lookbackDays: number;
  onProgress?: (collection: keyof SnapshotCounts, records: number) => void;
}

/** keeps `id in (...)` URLs well under ConnectWise's ~2,000 characters */
const AGREEMENT_IDS_PER_REQUEST = 150;

type FetchPage<T> = (params: CommonParameters) => Promise<T[]>;

interface Collection<S extends z.ZodObject> {
  type: RecordType;
  /** the report count this collection adds to (exclusions are part of their agreement) */
  counted?: keyof SnapshotCounts;
  /** how a record failing its schema is reported, when not as itself */
  invalid?: (error: z.ZodError) => InvalidRecord;
  path: string;
  schema: S;
  conditions?: string;
}

/**
 * Reads everything a validation run needs from ConnectWise into a Snapshot. Collections are
 * read concurrently (the client bounds concurrency and rate); every record is parsed, and a
 * record that fails its schema is kept as an invalid record, never dropped.
 */
export async function pullSnapshot(client: ConnectWiseClient, period: Period, options: PullOptions): Promise<Snapshot> {
  const counts: SnapshotCounts = { members: 0, agreements: 0, additions: 0, timeEntries: 0, expenses: 0, tickets: 0, invoices: 0 };
  const invalid: InvalidRecord[] = [];
  const api = client.api;

  async function read<S extends z.ZodObject>(collection: Collection<S>, fetchPage: FetchPage<unknown>): Promise<z.output<S>[]> {
    const records: z.output<S>[] = [];
    const request = { path: collection.path, conditions: collection.conditions, fields: fieldsOf(collection.schema) };
    for await (const page of streamPages(client, request, fetchPage as FetchPage<{ id?: number }>)) {
      for (const raw of page) {
        const parsed = collection.schema.safeParse(raw);
        if (parsed.success) records.push(parsed.data);
        else invalid.push(collection.invalid?.(parsed.error) ?? invalidRecord(collection.type, raw, parsed.error));
      }
      if (collection.counted) {
        counts[collection.counted] += page.length;
        options.onProgress?.(collection.counted, counts[collection.counted]);
      }
    }
    return records;
  }

  const lookbackStart = startOfDay(addDays(period.firstDay, -options.lookbackDays), period.timezone);
  const previous = previousPeriod(period);

  const [members, agreementRecords, timeEntries, expenses, tickets, invoices] = await Promise.all([
    read({ type: 'member', counted: 'members', path: '/system/members', schema: memberSchema }, (params) =>
      api.SystemAPI.getSystemMembers(params),
    ),
    read(
      {
        type: 'agreement',
        counted: 'agreements',
        path: '/finance/agreements',
        schema: agreementSchema,
        // agreements that ended before the lookback only matter when an entry points at one: read below
        conditions: `endDate = null or endDate >= [${dateCondition(addDays(period.firstDay, -options.lookbackDays))}]`,
      },
      (params) => api.FinanceAPI.getFinanceAgreements(params),
    ),
    read(
      {
        type: 'timeEntry',
        counted: 'timeEntries',
        path: '/time/entries',
        schema: timeEntrySchema,
        conditions: `timeStart >= [${instantCondition(lookbackStart)}] and timeStart < [${instantCondition(period.end)}]`,
      },
      (params) => api.TimeAPI.getTimeEntries(params),
    ),
    read(
      {
        type: 'expense',
        counted: 'expenses',
        path: '/expense/entries',
        schema: expenseSchema,
        conditions: `date >= [${dateCondition(period.firstDay)}] and date < [${dateCondition(period.endDay)}]`,
      },
      (params) => api.ExpenseAPI.getExpenseEntries(params),
    ),
    read(
      {
        type: 'ticket',
        counted: 'tickets',
        path: '/service/tickets',
        schema: ticketSchema,
        conditions: `closedFlag = true and closedDate >= [${instantCondition(period.start)}] and closedDate < [${instantCondition(period.end)}]`,
      },
      (params) => api.ServiceAPI.getServiceTickets(params),
    ),
    read(
      {
        type: 'invoice',
        counted: 'invoices',
        path: '/finance/invoices',
        schema: invoiceSchema,
        conditions: `date >= [${dateCondition(previous.firstDay)}] and date < [${dateCondition(previous.endDay)}]`,
      },
      (params) => api.FinanceAPI.getFinanceInvoices(params),
    ),
  ]);

  const pulled = new Set(agreementRecords.map((agreement) => agreement.id));
  const referenced = new Set<number>();
  for (const record of [...timeEntries, ...expenses]) {
    if (record.agreement && !pulled.has(record.agreement.id)) referenced.add(record.agreement.id);
  }
  for (const ids of chunks([...referenced].sort((a, b) => a - b), AGREEMENT_IDS_PER_REQUEST)) {
    const older = await read(
      { type: 'agreement', counted: 'agreements', path: '/finance/agreements', schema: agreementSchema, conditions: `id in (${ids.join(',')})` },
      (params) => api.FinanceAPI.getFinanceAgreements(params),
    );
    agreementRecords.push(...older);
  }

  const agreements = await Promise.all(
    agreementRecords.map(async (agreement): Promise<Agreement> => {
      const [additions, workTypeExclusions, workRoleExclusions] = await Promise.all([
        read(
          { type: 'addition', counted: 'additions', path: `/finance/agreements/${agreement.id}/additions`, schema: additionSchema },
          (params) => api.FinanceAPI.getFinanceAgreementsByParentIdAdditions(agreement.id, params),
        ),
        read(
          {
            type: 'agreement',
            path: `/finance/agreements/${agreement.id}/workTypeExclusions`,
            schema: workTypeExclusionSchema,
            invalid: (error) => invalidPart(agreement, 'work type exclusion', error),
          },
          (params) => api.FinanceAPI.getFinanceAgreementsByParentIdWorkTypeExclusions(agreement.id, params),
        ),
        read(
          {
            type: 'agreement',
            path: `/finance/agreements/${agreement.id}/workRoleExclusions`,
            schema: workRoleExclusionSchema,
            invalid: (error) => invalidPart(agreement, 'work role exclusion', error),
          },
          (params) => api.FinanceAPI.getFinanceAgreementsByParentIdWorkRoleExclusions(agreement.id, params),
        ),
      ]);
      return {
        ...agreement,
        additions: additions.map((addition) => ({ ...addition, agreementId: addition.agreementId ?? agreement.id })),
        excludedWorkTypeIds: workTypeExclusions.map((exclusion) => exclusion.workType.id),
        excludedWorkRoleIds: workRoleExclusions.map((exclusion) => exclusion.workRole.id),
      };
    }),
  );

  return { period, members, agreements, timeEntries, expenses, tickets, invoices, invalid, counts };

}

function invalidRecord(type: RecordType, raw: unknown, error: z.ZodError): InvalidRecord {
  const record = (raw ?? {}) as Record<string, unknown>;
  const id = typeof record.id === 'number' && Number.isInteger(record.id) ? record.id : null;
  const company = companyRefSchema.safeParse(record.company);
  return { type, id, company: company.success ? company.data : null, problems: problemsOf(error) };
}

function invalidPart(agreement: AgreementRecord, part: string, error: z.ZodError): InvalidRecord {
  return {
    type: 'agreement',
    id: agreement.id,
    company: agreement.company,
    problems: problemsOf(error).map((problem) => `${part}: ${problem}`),
  };
}

function problemsOf(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.map(String).join('/') || 'record'}: ${issue.message}`);
}

/** ConnectWise condition literal for an instant. */
function instantCondition(instant: number): string {
  return new Date(instant).toISOString().replace('.000Z', 'Z');
}

/** Date-only fields are stored at midnight UTC. */
function dateCondition(date: string): string {
  return `${date}T00:00:00Z`;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < items.length; index += size) result.push(items.slice(index, index + size));
  return result;
}
