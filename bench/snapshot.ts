import type { z } from 'zod';
import { addDays, daysBetween, isBusinessDay, periodFromId, previousPeriod, startOfDay } from '../src/calendar.js';
import type { CalendarDate, Period } from '../src/calendar.js';
import {
  additionSchema,
  agreementSchema,
  expenseSchema,
  invoiceSchema,
  memberSchema,
  ticketSchema,
  timeEntrySchema,
} from '../src/connectwise/records.js';
import { referenceTable, type ReferenceTable } from '../src/connectwise/references.js';
import { Random } from '../src/sandbox/random.js';
import type { Agreement, DeployedCount, Snapshot } from '../src/snapshot.js';

/**
 * A large MSP built in memory for the validation benchmark, in the proportions of a big
 * ConnectWise tenant: per 1M time entries 20k agreements, 100k additions, 2.5k technicians.
 * Records are written as ConnectWise JSON and parsed through the product's record schemas,
 * one at a time, as the pull does. About 1% of them carry a billing mistake, so the rules
 * have findings to build.
 */

export interface BenchTenant {
  /** time entries, the period's and the stale-time lookback's */
  timeEntries: number;
  period: string;
  timezone: string;
  lookbackDays: number;
  seed: number;
}

type Json = Record<string, unknown>;

const HOUR = 3_600_000;
const SLOT = HOUR / 2;
const SHARE_IN_PERIOD = 0.85;
const ENTRIES_PER_DAY = 16;
const ENTRIES_PER_AGREEMENT = 50;
const ADDITIONS_PER_AGREEMENT = 5;
const AGREEMENTS_PER_MANAGED_COMPANY = 2;
/** one company in five is break-fix: no agreement, all time billed as it comes */
const BREAK_FIX_SHARE = 0.2;

const workTypes = [
  { id: 1, name: 'Remote Support' },
  { id: 2, name: 'Onsite' },
  { id: 3, name: 'Project' },
  { id: 4, name: 'Admin' },
];
const workRoles = [
  { id: 1, name: 'Engineer' },
  { id: 2, name: 'Senior Engineer' },
  { id: 3, name: 'Architect' },
];
const rates = [125, 150, 175.5];

/** The rule options that describe this tenant's work types, as an admin would configure them. */
export const benchRuleOptions = {
  'time.billable-mismatch': { nonBillableWorkTypes: ['Admin'], billableWorkTypes: ['Remote Support', 'Onsite', 'Project'] },
};

/** ConnectWise leaves empty fields out of its JSON, so records come in a few shapes. */
function withoutNulls(json: Json): Json {
  for (const key of Object.keys(json)) if (json[key] == null) delete json[key];
  return json;
}

/** Parses as a pull reads its lists: the records of one snapshot share their references. */
function parserOf(references: ReferenceTable) {
  return <S extends z.ZodObject>(schema: S, count: number, json: (index: number) => Json): z.output<S>[] => {
    const records: z.output<S>[] = [];
    for (let index = 0; index < count; index++) records.push(references.share(schema.parse(withoutNulls(json(index)))));
    return records;
  };
}

type ParseAll = ReturnType<typeof parserOf>;

const isoInstant = (instant: number) => new Date(instant).toISOString().replace('.000Z', 'Z');
const isoDate = (date: CalendarDate) => `${date}T00:00:00Z`;

function businessDays(from: CalendarDate, to: CalendarDate): CalendarDate[] {
  return daysBetween(from, to).filter((day) => isBusinessDay(day, new Set()));
}

export function buildSnapshot(tenant: BenchTenant): Snapshot {
  // seeded, so every run benchmarks the same tenant
  const random = new Random(tenant.seed);
  const parseAll = parserOf(referenceTable());
  const period = periodFromId(tenant.period, tenant.timezone);

  const agreementCount = Math.max(1, Math.round(tenant.timeEntries / ENTRIES_PER_AGREEMENT));
  const managedCompanies = Math.max(1, Math.ceil(agreementCount / AGREEMENTS_PER_MANAGED_COMPANY));
  const companyCount = Math.ceil(managedCompanies / (1 - BREAK_FIX_SHARE));
  const periodBusinessDays = businessDays(period.firstDay, period.endDay);
  const lookbackBusinessDays = businessDays(addDays(period.firstDay, -tenant.lookbackDays), period.firstDay);
  const inPeriod = Math.round(tenant.timeEntries * SHARE_IN_PERIOD);
  const memberCount = Math.max(1, Math.ceil(inPeriod / (periodBusinessDays.length * ENTRIES_PER_DAY)));

  const companies = Array.from({ length: companyCount }, (_, index) => ({
    id: 1000 + index,
    identifier: `C${index}`,
    name: `Client ${index} & Co`,
  }));
  // One technician in fifty has just started and logged nothing yet.
  const members = parseAll(memberSchema, memberCount + Math.ceil(memberCount / 50), (index) => ({
    id: 100 + index,
    identifier: `tech${index}`,
    firstName: 'Tech',
    lastName: String(index),
    primaryEmail: `tech${index}@msp.example`,
    licenseClass: 'F',
    inactiveFlag: false,
  }));

  // Agreement a belongs to managed company a % managedCompanies: a Managed Services agreement
  // that covers time and excludes project work, then a Block Time agreement with included hours.
  const agreements: Agreement[] = parseAll(agreementSchema, agreementCount, (index) => {
    const blockTime = index >= managedCompanies;
    const company = companies[index % managedCompanies]!;
    return {
      id: 10_000 + index,
      name: `${blockTime ? 'Block Time' : 'Managed Services'} — ${company.name}`,
      type: blockTime ? { id: 2, name: 'Block Time' } : { id: 1, name: 'Managed Services' },
      company,
      agreementStatus: random.chance(0.002) ? 'Inactive' : 'Active',
      cancelledFlag: false,
      startDate: '2025-01-01T00:00:00Z',
      noEndingDateFlag: true,
      billAmount: blockTime ? 0 : 1500 + random.int(0, 39) * 50,
      applicationUnits: blockTime ? 'Hours' : 'Amount',
      applicationLimit: blockTime ? 4 + random.int(0, 29) : null,
      applicationCycle: 'CalendarMonth',
      applicationUnlimitedFlag: false,
      allowOverruns: random.chance(0.8),
    };
  }).map((record, index) => {
    const blockTime = index >= managedCompanies;
    const additions = parseAll(additionSchema, ADDITIONS_PER_AGREEMENT, (product) => {
      const id = 100_000 + index * ADDITIONS_PER_AGREEMENT + product;
      const json = {
        id,
        product: { id: random.chance(0.002) ? 1 : product + 1, identifier: `SKU-${product + 1}` },
        quantity: random.int(1, 50),
        lessIncluded: 0,
        unitPrice: random.pick([3.75, 12.5, 22, 49.99]),
        billCustomer: 'Billable',
        effectiveDate: '2025-06-01T00:00:00Z',
        cancelledDate: random.chance(0.01) ? isoDate(addDays(period.firstDay, -40)) : null,
        agreementId: record.id,
      };
      // one addition in a hundred sold below cost; chosen by id, so that the random draws stay those of the tenant before
      return { ...json, unitCost: id % 100 === 0 ? json.unitPrice + 1 : Math.round(json.unitPrice * 60) / 100 };
    });
    // assembled as the pull assembles an agreement with what ConnectWise keeps per agreement
    for (const addition of additions) addition.agreementId ??= record.id;
    return Object.assign(record, {
      additions,
      excludedWorkTypeIds: blockTime ? [] : [3],
      excludedWorkRoleIds: blockTime ? [] : [3],
    });
  });

  const timeEntryJson = (index: number, start: number, member: Json, earlier: boolean): Json => {
    const company = random.pick(companies);
    const companyIndex = company.id - 1000;
    const managed = companyIndex < managedCompanies;
    const agreementIndexes = managed ? agreementIndexesOf(companyIndex, managedCompanies, agreementCount) : [];
    const admin = random.chance(0.05);
    const onAgreement = !admin && agreementIndexes.length > 0 && !random.chance(0.02);
    const agreement = onAgreement ? agreements[random.pick(agreementIndexes)]! : null;
    const covered = agreement != null && agreement.applicationUnits === 'Amount';
    const workType = admin ? workTypes[3]! : random.chance(0.01) ? workTypes[2]! : random.pick(workTypes.slice(0, 2));
    const overlap = random.chance(0.01) ? SLOT / 2 : 0;
    return {
      id: 1_000_000 + index,
      company,
      member,
      chargeToType: 'ServiceTicket',
      chargeToId: 500_000 + index,
      workType: random.chance(0.002) ? null : workType,
      workRole: random.chance(0.005) ? workRoles[2] : random.pick(workRoles.slice(0, 2)),
      agreement: agreement && { id: agreement.id, name: agreement.name },
      timeStart: isoInstant(start - overlap),
      timeEnd: isoInstant(start + SLOT),
      hoursDeduct: 0,
      actualHours: (SLOT + overlap) / HOUR,
      billableOption: admin ? (random.chance(0.02) ? 'Billable' : 'DoNotBill') : random.chance(0.003) ? 'NoDefault' : 'Billable',
      notes: random.chance(0.005) ? '  ' : index % 200 === 0 ? 'TODO: write up the fix' : 'Worked the ticket with the client',
      agreementHours: covered ? 0.5 : null,
      hourlyRate: random.chance(0.003) ? 0 : random.pick(rates),
      overageRate: agreement != null && !covered ? 185 : null,
      status: earlier ? (random.chance(0.02) ? 'ApprovedByTierTwo' : 'Billed') : random.chance(0.01) ? 'Open' : 'ApprovedByTierOne',
    };
  };

  // Entries fill each technician's business days from 08:00 in half hours, day after day, so
  // ids follow time as in ConnectWise and a member's entries only overlap where one is planted.
  const memberRefs = members.map((member) => ({ id: member.id, identifier: member.identifier }));
  const layout = (days: CalendarDate[], count: number) => ({
    starts: days.map((day) => startOfDay(day, tenant.timezone) + 8 * HOUR),
    perDay: Math.ceil(count / (memberCount * days.length)),
  });
  const beforePeriod = tenant.timeEntries - inPeriod;
  const periodLayout = layout(periodBusinessDays, inPeriod);
  const lookbackLayout = layout(lookbackBusinessDays, beforePeriod);
  const timeEntries = parseAll(timeEntrySchema, tenant.timeEntries, (index) => {
    const earlier = index < beforePeriod;
    const slot = earlier ? index : index - beforePeriod;
    const { starts, perDay } = earlier ? lookbackLayout : periodLayout;
    const day = Math.floor(slot / (memberCount * perDay));
    const position = Math.floor(slot / memberCount) % perDay;
    return timeEntryJson(index, starts[day]! + position * SLOT, memberRefs[slot % memberCount]!, earlier);
  });

  return {
    period,
    members,
    agreements,
    timeEntries,
    expenses: expensesOf(parseAll, tenant.timeEntries, period, companies, memberRefs, random),
    tickets: ticketsOf(parseAll, tenant.timeEntries, period, companies, memberRefs, random),
    invoices: parseAll(invoiceSchema, companyCount, (index) => ({
      id: 600_000 + index,
      invoiceNumber: `INV-${index}`,
      company: companies[index],
      date: isoDate(addDays(previousPeriod(period).firstDay, 14)),
      total: 1000 + random.int(0, 899_999) / 100,
    })),
    invalid: [],
    deployedCounts: deployedCountsOf(agreements),
    unusableCountRows: [],
    counts: {
      configurations: 0,
      countRows: 0,
      members: members.length,
      agreements: agreementCount,
      additions: agreementCount * ADDITIONS_PER_AGREEMENT,
      timeEntries: tenant.timeEntries,
      expenses: Math.round(tenant.timeEntries / 100),
      tickets: Math.round(tenant.timeEntries / 10),
      invoices: companyCount,
    },
  };
}

/**
 * What each company with agreements has deployed of the first product: what its agreements bill,
 * but one company in fifty has three units more or fewer, and one in two hundred has a product
 * that no addition bills.
 */
function deployedCountsOf(agreements: readonly Agreement[]): DeployedCount[] {
  const billed = new Map<number, { company: Agreement['company']; count: number }>();
  for (const agreement of agreements) {
    const entry = billed.get(agreement.company.id) ?? { company: agreement.company, count: 0 };
    for (const addition of agreement.additions) {
      if (addition.product.identifier === 'SKU-1' && addition.cancelledDate == null) entry.count += addition.quantity?.toNumber() ?? 0;
    }
    billed.set(agreement.company.id, entry);
  }
  const source = 'ConnectWise configurations: Managed Workstation';
  return [...billed.values()].flatMap(({ company, count }, index) => [
    { company, product: 'SKU-1', count: index % 50 === 0 ? count + (index % 100 === 0 ? 3 : -3) : count, source },
    ...(index % 200 === 7 ? [{ company, product: 'SKU-9', count: 12, source }] : []),
  ]);
}

function agreementIndexesOf(companyIndex: number, managedCompanies: number, agreementCount: number): number[] {
  const indexes: number[] = [];
  for (let index = companyIndex; index < agreementCount; index += managedCompanies) indexes.push(index);
  return indexes;
}

function expensesOf(parseAll: ParseAll, entries: number, period: Period, companies: Json[], members: Json[], random: Random) {
  const days = daysBetween(period.firstDay, period.endDay);
  return parseAll(expenseSchema, Math.round(entries / 100), (index) => ({
    id: 400_000 + index,
    company: random.pick(companies),
    member: random.pick(members),
    type: { id: 2, name: 'Mileage' },
    date: isoDate(random.pick(days)),
    amount: (index % 200 === 0 ? 750 : 10) + random.int(0, 19_999) / 100,
    billableOption: 'Billable',
    chargeToType: random.chance(0.02) ? null : 'ServiceTicket',
    chargeToId: 500_000 + index,
  }));
}

function ticketsOf(parseAll: ParseAll, entries: number, period: Period, companies: Json[], members: Json[], random: Random) {
  return parseAll(ticketSchema, Math.round(entries / 10), (index) => ({
    id: 500_000 + index,
    summary: `Ticket ${index}`,
    board: { id: 1, name: 'Service Desk' },
    company: random.pick(companies),
    owner: random.pick(members),
    closedFlag: true,
    closedDate: isoInstant(period.start + Math.floor(random.next() * (period.end - period.start))),
    actualHours: random.chance(0.02) ? 0 : 0.5 + random.int(0, 7) / 2,
  }));
}
