import type { z } from 'zod';
import type { Period } from '../calendar.js';
import { mappedConfigurationTypes, mapsItems, type CountsConfig } from '../counts/config.js';
import { configurationConditions } from '../counts/configurations.js';
import { companiesOf, deployedCountsOf, identifiersToFind } from '../counts/deployed.js';
import { readCountFiles, type CountFiles } from '../counts/files.js';
import { isNotInvoicedSeparately } from '../rules/shared/facts.js';
import type { Agreement, Snapshot, SnapshotCounts } from '../snapshot.js';
import type { ConnectWiseClient } from './client.js';
import { inConditions } from './conditions.js';
import { agreementParts, invalidRecord, periodLists, type AgreementPart, type PeriodList } from './lists.js';
import { pullProgress, type CollectionProgress } from './pull-progress.js';
import { readList, type ListRead } from './read.js';
import { referenceTable } from './references.js';
import { fieldsOf, type AgreementRecord, type InvalidRecord, type TimeEntry } from './records.js';

/** the lists a pull reads, for whoever reads them one by one (doctor) */
export { agreementParts, periodLists } from './lists.js';
export type { Collection, CollectionProgress } from './pull-progress.js';

/**
 * What a run reads: everything its rules need, or, for a technician reminder, only what the
 * technicians' own rules read (members, the period's time entries, closed tickets).
 */
export type PullScope = 'validation' | 'technicians';

export interface PullOptions {
  /** `validation` unless told otherwise */
  scope?: PullScope;
  /** how far before the period time entries are read, for stale unbilled time */
  lookbackDays: number;
  /** whether exclusions are read (default true), for the agreements that absorb time in the period */
  exclusions?: boolean;
  /** what deployed counts are read (billing.yaml `counts`); none by default */
  counts?: CountsConfig;
  /** after each page and each count announced, how far the collection is */
  onProgress?: (progress: CollectionProgress) => void;
}

const NO_COUNTS: CountsConfig = { directory: null, products: {} };
const NO_COUNT_FILES: CountFiles = { rows: [], unusable: [] };

/** How one list is read: where, what it counts toward and how a record failing its schema is kept. */
interface Read<S extends z.ZodObject> extends Pick<ListRead<S>, 'path' | 'conditions' | 'schema' | 'fetchPage' | 'fetchCount' | 'ranges'> {
  counted?: keyof SnapshotCounts;
  invalid: (raw: unknown, error: z.ZodError) => InvalidRecord;
}

/**
 * Reads everything a validation run needs from ConnectWise into a Snapshot — or, for a technician
 * reminder, only what the technicians' rules read. Every record is parsed, and a record that
 * fails its schema is kept as invalid, never dropped.
 */
export function pullSnapshot(client: ConnectWiseClient, period: Period, options: PullOptions): Promise<Snapshot> {
  const reader = pullReader(client, period, options);
  return options.scope === 'technicians' ? pullTechnicianTime(reader, period) : pullForValidation(reader, period, options);
}

/** Reads the lists of one pull, counting what each served and keeping each record that fails its schema. */
function pullReader(client: ConnectWiseClient, period: Period, options: PullOptions) {
  const counts: SnapshotCounts = { members: 0, agreements: 0, additions: 0, timeEntries: 0, expenses: 0, tickets: 0, invoices: 0, configurations: 0, countRows: 0 };
  const invalid: InvalidRecord[] = [];
  const references = referenceTable();
  const { api } = client;
  const progress = pullProgress(options.onProgress ?? (() => undefined));

  async function read<S extends z.ZodObject>({ path, conditions, schema, fetchPage, fetchCount, ranges, counted, invalid: invalidOf }: Read<S>): Promise<z.output<S>[]> {
    const reading = counted === undefined ? undefined : progress.start(counted);
    const records = await readList(
      client,
      { path, conditions, schema, fetchPage, fetchCount, ranges, references, fields: fieldsOf(schema) },
      {
        onInvalid: (raw, error) => invalid.push(invalidOf(raw, error)),
        onPage: (records) => {
          if (!counted || !reading) return;
          counts[counted] += records;
          reading.page(records);
        },
        // a count costs a request: asked only when someone follows the pull (a list read in ranges is counted anyway, to split it)
        onTotal: reading && options.onProgress ? (records) => reading.total(records) : undefined,
      },
    );
    reading?.end();
    return records;
  }
  function readPeriodList<S extends z.ZodObject>(list: PeriodList<S>, conditions = list.conditions?.(period, options.lookbackDays)) {
    const { type } = list;
    return read({
      ...list,
      conditions,
      fetchPage: list.fetchPage(api),
      fetchCount: list.fetchCount?.(api),
      invalid: (raw, error) => invalidRecord(type, raw, error),
    });
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
  return { counts, invalid, readPeriodList, readEach, readPart, hold: progress.hold };
}

type PullReader = ReturnType<typeof pullReader>;

/** Members, the period's time entries and its closed tickets: all that the technicians' own rules read. */
async function pullTechnicianTime({ readPeriodList, counts, invalid }: PullReader, period: Period): Promise<Snapshot> {
  const [members, timeEntries, tickets] = await Promise.all([
    readPeriodList(periodLists.members),
    readPeriodList(periodLists.timeEntries),
    readPeriodList(periodLists.tickets),
  ]);
  return { period, members, agreements: [], timeEntries, expenses: [], tickets, invoices: [], invalid, deployedCounts: [], unusableCountRows: [], counts };
}

/**
 * The period's lists are read concurrently (the client bounds concurrency and rate), then
 * agreements that entries point at but that ended before the lookback, then each agreement's
 * additions, and the exclusions of those that absorb time in the period.
 * Deployed counts come from the configurations read with the period's lists and from the counts
 * files; a company a file names that no record carries is read by its identifier.
 */
async function pullForValidation({ readPeriodList, readEach, readPart, hold, counts, invalid }: PullReader, period: Period, options: PullOptions): Promise<Snapshot> {
  const countSources = options.counts ?? NO_COUNTS;
  const agreementsRead = hold('agreements');
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

  const referenced = inConditions('id', referencedAgreementIds(agreementRecords, timeEntries, expenses));
  agreementRecords.push(...(await readEach(periodLists.agreements, referenced)));
  agreementsRead();

  const absorbing = (options.exclusions ?? true) ? agreementsAbsorbingTime(timeEntries, period) : new Set<number>();
  const agreements = await Promise.all(
    agreementRecords.map(async (agreement): Promise<Agreement> => {
      const withExclusions = absorbing.has(agreement.id);
      const [additions, workTypeExclusions, workRoleExclusions] = await Promise.all([
        readPart(agreementParts.additions, agreement),
        withExclusions ? readPart(agreementParts.workTypeExclusions, agreement) : [],
        withExclusions ? readPart(agreementParts.workRoleExclusions, agreement) : [],
      ]);
      for (const addition of additions) addition.agreementId ??= agreement.id;
      // completed in place: a copy per agreement and per addition would double what the pull holds
      return Object.assign(agreement, {
        additions,
        excludedWorkTypeIds: workTypeExclusions.map((exclusion) => exclusion.workType.id),
        excludedWorkRoleIds: workRoleExclusions.map((exclusion) => exclusion.workRole.id),
      });
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

/**
 * Agreements with time in the period that they absorb (time on them not invoiced separately):
 * the only time whose agreement's exclusions a rule checks (agreement.out-of-scope).
 */
export function agreementsAbsorbingTime(entries: readonly TimeEntry[], period: Period): Set<number> {
  const ids = new Set<number>();
  for (const entry of entries) {
    const inPeriod = entry.timeStart >= period.start && entry.timeStart < period.end;
    if (entry.agreement != null && inPeriod && isNotInvoicedSeparately(entry)) ids.add(entry.agreement.id);
  }
  return ids;
}

/** Agreements that entries point at but the period's read did not return, in id order. */
function referencedAgreementIds(pulled: readonly AgreementRecord[], ...lists: ReadonlyArray<ReadonlyArray<{ agreement?: { id: number } | null }>>): number[] {
  const known = new Set(pulled.map((agreement) => agreement.id));
  const referenced = new Set<number>();
  for (const entries of lists) {
    for (let index = 0; index < entries.length; index++) {
      const { agreement } = entries[index]!;
      if (agreement && !known.has(agreement.id)) referenced.add(agreement.id);
    }
  }
  return [...referenced].sort((a, b) => a - b);
}
