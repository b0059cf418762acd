import type { z } from 'zod';
import { addDays, previousPeriod, startOfDay, type Period } from '../calendar.js';
import type { SnapshotCounts } from '../snapshot.js';
import type { ConnectWiseClient } from './client.js';
import { dateCondition, instantCondition } from './conditions.js';
import type { FetchCount } from './pager.js';
import type { FetchPage } from './read.js';
import {
  additionSchema,
  agreementSchema,
  companyRefSchema,
  configurationSchema,
  expenseSchema,
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

/** What a pull reads from ConnectWise: each list's path, schema and conditions, and how a record failing its schema is kept. */

export type Api = ConnectWiseClient['api'];

/** A list read for the period as a whole. */
export interface PeriodList<S extends z.ZodObject> {
  type: RecordType;
  counted?: keyof SnapshotCounts;
  path: string;
  schema: S;
  /** `lookbackDays`: how far before the period time entries are read */
  conditions?: (period: Period, lookbackDays: number) => string;
  fetchPage: (api: Api) => FetchPage;
  /** how many records the list holds, for progress and for ranges */
  fetchCount?: (api: Api) => FetchCount;
  /** set on a list large enough to be read as several id ranges at once */
  ranges?: boolean;
}

/** A list ConnectWise keeps per agreement. */
export interface AgreementPart<S extends z.ZodObject> {
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
    fetchCount: (api) => (params) => api.SystemAPI.getSystemMembersCount(params),
  }),
  agreements: periodList({
    type: 'agreement',
    counted: 'agreements',
    path: '/finance/agreements',
    schema: agreementSchema,
    // agreements that ended before the lookback only matter when an entry points at one: read by id afterwards
    conditions: (period, lookbackDays) => `endDate = null or endDate >= ${dateCondition(addDays(period.firstDay, -lookbackDays))}`,
    fetchPage: (api) => (params) => api.FinanceAPI.getFinanceAgreements(params),
    fetchCount: (api) => (params) => api.FinanceAPI.getFinanceAgreementsCount(params),
  }),
  timeEntries: periodList({
    type: 'timeEntry',
    counted: 'timeEntries',
    path: '/time/entries',
    schema: timeEntrySchema,
    conditions: (period, lookbackDays) =>
      `timeStart >= ${instantCondition(startOfDay(addDays(period.firstDay, -lookbackDays), period.timezone))} and timeStart < ${instantCondition(period.end)}`,
    fetchPage: (api) => (params) => api.TimeAPI.getTimeEntries(params),
    fetchCount: (api) => (params) => api.TimeAPI.getTimeEntriesCount(params),
    ranges: true,
  }),
  expenses: periodList({
    type: 'expense',
    counted: 'expenses',
    path: '/expense/entries',
    schema: expenseSchema,
    conditions: (period) => `date >= ${dateCondition(period.firstDay)} and date < ${dateCondition(period.endDay)}`,
    fetchPage: (api) => (params) => api.ExpenseAPI.getExpenseEntries(params),
    fetchCount: (api) => (params) => api.ExpenseAPI.getExpenseEntriesCount(params),
  }),
  tickets: periodList({
    type: 'ticket',
    counted: 'tickets',
    path: '/service/tickets',
    schema: ticketSchema,
    conditions: (period) =>
      `closedFlag = true and closedDate >= ${instantCondition(period.start)} and closedDate < ${instantCondition(period.end)}`,
    fetchPage: (api) => (params) => api.ServiceAPI.getServiceTickets(params),
    fetchCount: (api) => (params) => api.ServiceAPI.getServiceTicketsCount(params),
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
    fetchCount: (api) => (params) => api.FinanceAPI.getFinanceInvoicesCount(params),
  }),
  // read for deployed counts, with conditions on the mapped type names
  configurations: periodList({
    type: 'configuration',
    counted: 'configurations',
    path: '/company/configurations',
    schema: configurationSchema,
    // connectwise-rest's first argument is not part of this request: the list has no parent
    fetchPage: (api) => (params) => api.CompanyAPI.getCompanyConfigurations('', params),
    fetchCount: (api) => (params) => api.CompanyAPI.getCompanyConfigurationsCount('', params),
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
export function invalidRecord(type: RecordType, raw: unknown, error: z.ZodError): InvalidRecord {
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
