import type { CompanyRef } from '../connectwise/records.js';
import type { Agreement, DeployedCount, UnusableCountRow } from '../snapshot.js';
import { nameKey } from '../text.js';
import type { CountsConfig } from './config.js';
import type { Configuration } from '../connectwise/records.js';
import { countConfigurations } from './configurations.js';
import type { CountFiles, CountRow } from './files.js';

export interface CountSources {
  products: CountsConfig['products'];
  configurations: readonly Configuration[];
  files: CountFiles;
  /** every company the rows may name, found by identifier */
  companies: readonly CompanyRef[];
  /** the agreements whose additions bill the products */
  agreements: readonly Agreement[];
}

export interface DeployedCounts {
  deployedCounts: DeployedCount[];
  unusableCountRows: UnusableCountRow[];
  /** rows of the counts files that gave a count */
  countRows: number;
}

/** A company's count of a product and where it came from. */
type Counted = Omit<DeployedCount, 'product'>;

/**
 * The deployed count of each company and product, from the source the product names.
 * ConnectWise's configurations give every company a count, so a company billed for a product
 * and without one such configuration has a count of 0. A counts file gives a count only to
 * the companies it has rows for. A row naming a company ConnectWise does not know is unusable.
 */
export function deployedCountsOf(sources: CountSources): DeployedCounts {
  const items = itemCounts(sources);
  const deployedCounts = Object.entries(sources.products).flatMap(([product, source]) =>
    ('item' in source ? (items.byItem.get(nameKey(source.item)) ?? []) : configurationCounts(sources, product, source.configurationTypes))
      .map((counted) => ({ ...counted, product }))
      .sort((a, b) => a.company.id - b.company.id),
  );
  const unusableCountRows = [...sources.files.unusable, ...items.unknownCompany].sort(
    (a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0),
  );
  return { deployedCounts, unusableCountRows, countRows: sources.files.rows.length - items.unknownCompany.length };
}

/** The identifiers of companies the rows of mapped items name and none of the known companies has. */
export function identifiersToFind(files: CountFiles, products: CountsConfig['products'], known: readonly CompanyRef[]): string[] {
  const knownIdentifiers = new Set(known.map((company) => nameKey(company.identifier)));
  const wanted = new Map<string, string>();
  for (const row of mappedRows(files.rows, products)) {
    const key = nameKey(row.company);
    if (!knownIdentifiers.has(key) && !wanted.has(key)) wanted.set(key, row.company);
  }
  return [...wanted.values()].sort();
}

/** Each company the records name, once. */
export function companiesOf(...lists: ReadonlyArray<ReadonlyArray<{ company?: CompanyRef | null }>>): CompanyRef[] {
  const companies = new Map<number, CompanyRef>();
  for (const list of lists) {
    for (const { company } of list) if (company && company.identifier !== '') companies.set(company.id, company);
  }
  return [...companies.values()];
}

function configurationCounts(sources: CountSources, product: string, types: readonly string[]): Counted[] {
  const counts = countConfigurations(sources.configurations, types);
  for (const company of billedCompanies(sources.agreements, product)) {
    if (!counts.has(company.id)) counts.set(company.id, { company, count: 0 });
  }
  const source = `ConnectWise configurations: ${types.join(', ')}`;
  return [...counts.values()].map(({ company, count }) => ({ company, count, source }));
}

function billedCompanies(agreements: readonly Agreement[], product: string): CompanyRef[] {
  return agreements
    .filter((agreement) => agreement.additions.some((addition) => addition.product.identifier === product))
    .map((agreement) => agreement.company);
}

/**
 * Per item, each company's sum of the rows' counts, its source the files the rows came from
 * in the order read; and the rows whose company ConnectWise does not know.
 */
function itemCounts({ files, products, companies }: CountSources): { byItem: Map<string, Counted[]>; unknownCompany: UnusableCountRow[] } {
  const byIdentifier = new Map(companies.map((company) => [nameKey(company.identifier), company]));
  const sums = new Map<string, Map<number, { company: CompanyRef; count: number; files: Set<string> }>>();
  const unknownCompany: UnusableCountRow[] = [];
  for (const row of mappedRows(files.rows, products)) {
    const company = byIdentifier.get(nameKey(row.company));
    if (!company) {
      unknownCompany.push({ file: row.file, line: row.line, problem: `no company with identifier ${JSON.stringify(row.company)} in ConnectWise` });
      continue;
    }
    const item = nameKey(row.item);
    const perCompany = sums.get(item) ?? new Map();
    sums.set(item, perCompany);
    const sum = perCompany.get(company.id) ?? { company, count: 0, files: new Set<string>() };
    perCompany.set(company.id, sum);
    sum.count += row.count;
    sum.files.add(row.file);
  }
  const byItem = new Map(
    [...sums].map(([item, perCompany]) => [item, [...perCompany.values()].map(({ company, count, files: from }) => ({ company, count, source: [...from].join(', ') }))]),
  );
  return { byItem, unknownCompany };
}

/** The rows of items some product counts: only their companies are looked up. */
function mappedRows(rows: readonly CountRow[], products: CountsConfig['products']): CountRow[] {
  const items = new Set(Object.values(products).flatMap((source) => ('item' in source ? [nameKey(source.item)] : [])));
  return rows.filter((row) => items.has(nameKey(row.item)));
}
