import type { z } from 'zod';
import { addDays, previousPeriod, startOfDay, type Period } from '../calendar.js';
import { mappedConfigurationTypes, mapsItems, type CountsConfig } from '../counts/config.js';
import { configurationConditions, configurationSchema } from '../counts/configurations.js';
import { companiesOf, deployedCountsOf, identifiersToFind } from '../counts/deployed.js';
import { readCountFiles, type CountFiles } from '../counts/files.js';
import type { Agreement, Snapshot, SnapshotCounts } from '../snapshot.js';
import type { ConnectWiseClient } from './client.js';
import { dateCondition, inConditions, instantCondition } from './conditions.js';
import { readList, type FetchPage } from './read.js';
import {
  additionSchema,
  agreementSchema,
  companyRefSchema,
  expenseSchema,
  fieldsOf,
  invoiceSchema,
  memberSchema,
  recordProblems,
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
  /** whether agreements' work type and work role exclusions are read (default true) */
  exclusions?: boolean;
  /** what deployed counts are read (billing.yaml `counts`); none by default */
  counts?: CountsConfig;
  onProgress?: (collection: keyof SnapshotCounts, records: number) => void;
}

/** keeps `id in (...)` URLs well under ConnectWise's ~2,000 characters */
const AGREEMENT_IDS_PER_REQUEST = 150;

const NO_COUNTS: CountsConfig = { directory: null, products: {} };
const NO_COUNT_FILES: CountFiles = { rows: [], unusable: [] };

type Api = ConnectWiseClient['api'];

/** A list read for the period as a whole. */
interface PeriodList<S extends z.ZodObject> {
  type: RecordType;
  counted?: keyof SnapshotCounts;
  path: string;
  schema: S;
  conditions?: (period: Period, options: PullOptions) => string;
  fetchPage: (api: Api) => FetchPage;
}

/** A list ConnectWise keeps per agreement. */
interface AgreementPart<S extends z.ZodObject> {
  counted?: keyof SnapshotCounts;
  path: (agreementId: number) => string;
  schema: S;
  fetchPage: (api: Api, agreementId: number) => FetchPage;
  /** a record failing its schema belongs to the agreement's company */
  invalid: (agreement: AgreementRecord, raw: unknown, error: z.ZodError) => InvalidRecord;
}

const periodList = <S extends z.ZodObject>(list: PeriodList<S>) => list;
const agreementPart = <S extends z.ZodObject>(part: AgreementPart<S>) => part;

export const periodLists = {
  members: periodList({
    type: 'member',
    counted: 'members',
    path: '/system/members',
    schema: memberSchema,
    fetchPage: (api) => (params) => api.SystemAPI.getSystemMembers(params),
  }),
  agreements: periodList({
    type: 'agreement',
    counted: 'agreements',
    path: '/finance/agreements',
    schema: agreementSchema,
    // agreements that ended before the lookback only matter when an entry points at one: read by id afterwards
    conditions: (period, { lookbackDays }) => `endDate = null or endDate >= ${dateCondition(addDays(period.firstDay, -lookbackDays))}`,
    fetchPage: (api) => (params) => api.FinanceAPI.getFinanceAgreements(params),
  }),
  timeEntries: periodList({
    type: 'timeEntry',
    counted: 'timeEntries',
    path: '/time/entries',
    schema: timeEntrySchema,
    conditions: (period, { lookbackDays }) =>
      `timeStart >= ${instantCondition(startOfDay(addDays(period.firstDay, -lookbackDays), period.timezone))} and timeStart < ${instantCondition(period.end)}`,
    fetchPage: (api) => (params) => api.TimeAPI.getTimeEntries(params),
  }),
  expenses: periodList({
    type: 'expense',
    counted: 'expenses',
    path: '/expense/entries',
    schema: expenseSchema,
    conditions: (period) => `date >= ${dateCondition(period.firstDay)} and date < ${dateCondition(period.endDay)}`,
    fetchPage: (api) => (params) => api.ExpenseAPI.getExpenseEntries(params),
  }),
  tickets: periodList({
    type: 'ticket',
    counted: 'tickets',
    path: '/service/tickets',
    schema: ticketSchema,
    conditions: (period) =>
      `closedFlag = true and closedDate >= ${instantCondition(period.start)} and closedDate < ${instantCondition(period.end)}`,
    fetchPage: (api) => (params) => api.ServiceAPI.getServiceTickets(params),
  }),
  invoices: periodList({
    type: 'invoice',
    counted: 'invoices',
    path: '/finance/invoices',
    schema: invoiceSchema,
    conditions: (period) => {
      const previous = previousPeriod(period);
      return `date >= ${dateCondition(previous.firstDay)} and date < ${dateCondition(previous.endDay)}`;
    },
    fetchPage: (api) => (params) => api.FinanceAPI.getFinanceInvoices(params),
  }),
  // read for deployed counts, with conditions on the mapped type names
  configurations: periodList({
    type: 'configuration',
    counted: 'configurations',
    path: '/company/configurations',
    schema: configurationSchema,
    // connectwise-rest's first argument is not part of this request: the list has no parent
    fetchPage: (api) => (params) => api.CompanyAPI.getCompanyConfigurations('', params),
  }),
  // read by identifier for the companies that counts files name and no other record does
  companies: periodList({
    type: 'company',
    path: '/company/companies',
    schema: companyRefSchema,
    fetchPage: (api) => (params) => api.CompanyAPI.getCompanyCompanies(params),
  }),
};

export const agreementParts = {
  additions: agreementPart({
    counted: 'additions',
    path: (id) => `/finance/agreements/${id}/additions`,
    schema: additionSchema,
    fetchPage: (api, id) => (params) => api.FinanceAPI.getFinanceAgreementsByParentIdAdditions(id, params),
    invalid: (agreement, raw, error) => ({ ...invalidRecord('addition', raw, error), company: agreement.company }),
  }),
  workTypeExclusions: agreementPart({
    path: (id) => `/finance/agreements/${id}/workTypeExclusions`,
    schema: workTypeExclusionSchema,
    fetchPage: (api, id) => (params) => api.FinanceAPI.getFinanceAgreementsByParentIdWorkTypeExclusions(id, params),
    invalid: (agreement, _raw, error) => invalidPart(agreement, 'work type exclusion', error),
  }),
  workRoleExclusions: agreementPart({
    path: (id) => `/finance/agreements/${id}/workRoleExclusions`,
    schema: workRoleExclusionSchema,
    fetchPage: (api, id) => (params) => api.FinanceAPI.getFinanceAgreementsByParentIdWorkRoleExclusions(id, params),
    invalid: (agreement, _raw, error) => invalidPart(agreement, 'work role exclusion', error),
  }),
};

/** How one list is read: where, what it counts toward and how a record failing its schema is kept. */
interface Read<S extends z.ZodObject> {
  path: string;
  conditions?: string;
  schema: S;
  fetchPage: FetchPage;
  counted?: keyof SnapshotCounts;
  invalid: (raw: unknown, error: z.ZodError) => InvalidRecord;
}

/**
 * Reads everything a validation run needs from ConnectWise into a Snapshot. The period's lists
 * are read concurrently (the client bounds concurrency and rate), then agreements that entries
 * point at but that ended before the lookback, then each agreement's additions and exclusions.
 * Deployed counts come from the configurations read with the period's lists and from the counts
 * files; a company a file names that no record carries is read by its identifier.
 * Every record is parsed, and a record that fails its schema is kept as invalid, never dropped.
 */
export async function pullSnapshot(client: ConnectWiseClient, period: Period, options: PullOptions): Promise<Snapshot> {
  const counts: SnapshotCounts = { members: 0, agreements: 0, additions: 0, timeEntries: 0, expenses: 0, tickets: 0, invoices: 0, configurations: 0, countRows: 0 };
  const invalid: InvalidRecord[] = [];
  const { api } = client;

  function read<S extends z.ZodObject>({ path, conditions, schema, fetchPage, counted, invalid: invalidOf }: Read<S>): Promise<z.output<S>[]> {
    return readList(
      client,
      { path, conditions, schema, fetchPage, fields: fieldsOf(schema) },
      {
        onInvalid: (raw, error) => invalid.push(invalidOf(raw, error)),
        onPage: (records) => {
          if (!counted) return;
          counts[counted] += records;
          options.onProgress?.(counted, counts[counted]);
        },
      },
    );
  }
  function readPeriodList<S extends z.ZodObject>(list: PeriodList<S>, conditions = list.conditions?.(period, options)) {
    const { type } = list;
    return read({ ...list, conditions, fetchPage: list.fetchPage(api), invalid: (raw, error) => invalidRecord(type, raw, error) });
  }
  async function readEach<S extends z.ZodObject>(list: PeriodList<S>, conditions: readonly string[]) {
    return (await Promise.all(conditions.map((condition) => readPeriodList(list, condition)))).flat();
  }
  function readPart<S extends z.ZodObject>(part: AgreementPart<S>, agreement: AgreementRecord) {
    return read({
      ...part,
      path: part.path(agreement.id),
      fetchPage: part.fetchPage(api, agreement.id),
      invalid: (raw, error) => part.invalid(agreement, raw, error),
    });
  }

  const countSources = options.counts ?? NO_COUNTS;
  const [members, agreementRecords, timeEntries, expenses, tickets, invoices, configurations, countFiles] = await Promise.all([
    readPeriodList(periodLists.members),
    readPeriodList(periodLists.agreements),
    readPeriodList(periodLists.timeEntries),
    readPeriodList(periodLists.expenses),
    readPeriodList(periodLists.tickets),
    readPeriodList(periodLists.invoices),
    readEach(periodLists.configurations, configurationConditions(mappedConfigurationTypes(countSources))),
    countSources.directory !== null && mapsItems(countSources) ? readCountFiles(countSources.directory) : NO_COUNT_FILES,
  ]);

  for (const ids of chunks(referencedAgreementIds(agreementRecords, [...timeEntries, ...expenses]), AGREEMENT_IDS_PER_REQUEST)) {
    agreementRecords.push(...(await readPeriodList(periodLists.agreements, `id in (${ids.join(',')})`)));
  }

  const withExclusions = options.exclusions ?? true;
  const agreements = await Promise.all(
    agreementRecords.map(async (agreement): Promise<Agreement> => {
      const [additions, workTypeExclusions, workRoleExclusions] = await Promise.all([
        readPart(agreementParts.additions, agreement),
        withExclusions ? readPart(agreementParts.workTypeExclusions, agreement) : [],
        withExclusions ? readPart(agreementParts.workRoleExclusions, agreement) : [],
      ]);
      return {
        ...agreement,
        additions: additions.map((addition) => ({ ...addition, agreementId: addition.agreementId ?? agreement.id })),
        excludedWorkTypeIds: workTypeExclusions.map((exclusion) => exclusion.workType.id),
        excludedWorkRoleIds: workRoleExclusions.map((exclusion) => exclusion.workRole.id),
      };
    }),
  );

  const known = companiesOf(agreementRecords, timeEntries, expenses, tickets, invoices);
  const found = await readEach(periodLists.companies, inConditions('identifier', identifiersToFind(countFiles, countSources.products, known)));
  const { deployedCounts, unusableCountRows, countRows } = deployedCountsOf({
    products: countSources.products,
    configurations,
    files: countFiles,
    companies: [...known, ...found],
    agreements,
  });
  counts.countRows = countRows;

  return { period, members, agreements, timeEntries, expenses, tickets, invoices, invalid, deployedCounts, unusableCountRows, counts };
}

/** Agreements that entries point at but the period's read did not return, in id order. */
function referencedAgreementIds(pulled: readonly AgreementRecord[], entries: ReadonlyArray<{ agreement?: { id: number } | null }>): number[] {
  const known = new Set(pulled.map((agreement) => agreement.id));
  const referenced = new Set<number>();
  for (const entry of entries) {
    if (entry.agreement && !known.has(entry.agreement.id)) referenced.add(entry.agreement.id);
  }
  return [...referenced].sort((a, b) => a - b);
}

function invalidRecord(type: RecordType, raw: unknown, error: z.ZodError): InvalidRecord {
  const record = (raw ?? {}) as Record<string, unknown>;
  const id = typeof record.id === 'number' && Number.isInteger(record.id) ? record.id : null;
  const company = companyRefSchema.safeParse(record.company);
  return { type, id, company: company.success ? company.data : null, problems: recordProblems(error) };
}

function invalidPart(agreement: AgreementRecord, part: string, error: z.ZodError): InvalidRecord {
  return {
    type: 'agreement',
    id: agreement.id,
    company: agreement.company,
    problems: recordProblems(error).map((problem) => `${part}: ${problem}`),
  };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < items.length; index += size) result.push(items.slice(index, index + size));
  return result;
}
