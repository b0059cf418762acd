import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  addDays,
  daysBetween,
  isBusinessDay,
  periodFromId,
  previousPeriod,
  startOfDay,
  zonedDate,
  type Period,
} from '../../src/calendar.js';
import { resolveRuleSettings } from '../../src/rules/settings.js';
import {
  additionSchema,
  agreementSchema,
  companyRefSchema,
  configurationSchema,
  expenseSchema,
  invoiceSchema,
  memberSchema,
  ticketSchema,
  timeEntrySchema,
  workRoleExclusionSchema,
  workTypeExclusionSchema,
  type InvalidRecord,
  type RecordRef,
  type RecordType,
} from '../../src/connectwise/records.js';
import { deployedCountsOf } from '../../src/counts/deployed.js';
import { parseCountFile } from '../../src/counts/files.js';
import { ruleContextFor, validateSnapshot } from '../../src/rules/engine.js';
import { MONEY_PATTERN } from '../../src/money.js';
import { entryHours } from '../../src/rules/shared/facts.js';
import { ruleRegistry } from '../../src/rules/registry.js';
import type { CwRecord, SandboxData } from '../../src/sandbox/data.js';
import {
  generateTenant,
  sandboxCountedProducts,
  sandboxRuleOptions,
  type GeneratedTenant,
  type PlantedMistake,
} from '../../src/sandbox/generate.js';
import type { Snapshot } from '../../src/snapshot.js';

const OPTIONS = { period: '2026-10', timezone: 'America/New_York', holidays: ['2026-10-12'] };
const period = periodFromId(OPTIONS.period, OPTIONS.timezone);
const tenant = generateTenant(OPTIONS);

const collectionOf: Record<RecordType, keyof SandboxData> = {
  member: 'members',
  company: 'companies',
  agreement: 'agreements',
  addition: 'additions',
  timeEntry: 'timeEntries',
  expense: 'expenses',
  ticket: 'tickets',
  invoice: 'invoices',
  configuration: 'configurations',
};

const schemas: [RecordType, keyof SandboxData, z.ZodObject][] = [
  ['member', 'members', memberSchema],
  ['company', 'companies', companyRefSchema],
  ['agreement', 'agreements', agreementSchema],
  ['addition', 'additions', additionSchema],
  ['agreement', 'workTypeExclusions', workTypeExclusionSchema],
  ['agreement', 'workRoleExclusions', workRoleExclusionSchema],
  ['timeEntry', 'timeEntries', timeEntrySchema],
  ['expense', 'expenses', expenseSchema],
  ['ticket', 'tickets', ticketSchema],
  ['invoice', 'invoices', invoiceSchema],
  ['configuration', 'configurations', configurationSchema],
];

const key = (ref: RecordRef) => `${ref.type}#${ref.id}`;
const findingKey = (rule: string, records: RecordRef[]) => `${rule} ${records.map(key).sort().join(' ')}`;
/** A finding about a counts file row names no record: it is told by the file and line its message starts with. */
const foundKey = (finding: { rule: string; records: RecordRef[]; message: string }) =>
  finding.records.length > 0 ? findingKey(finding.rule, finding.records) : `${finding.rule} ${finding.message.split(':')[0]}`;
const plantedKey = (planted: PlantedMistake) =>
  planted.countsRow ? `${planted.rule} ${planted.countsRow.file} line ${planted.countsRow.line}` : findingKey(planted.rule, planted.records);

function plantedOf(generated: GeneratedTenant, rule: string) {
  return generated.planted.filter((planted) => planted.rule === rule);
}

describe('generateTenant', () => {
  it('generates the same tenant from the same options, and another from another seed', () => {
    expect(generateTenant(OPTIONS)).toEqual(tenant);
    const other = generateTenant({ ...OPTIONS, seed: 2 });
    expect(other.data.timeEntries).not.toEqual(tenant.data.timeEntries);
    expect(other.data.companies).not.toEqual(tenant.data.companies);
  });

  it('writes records the product parses, except the planted data.invalid ones', () => {
    const failing = new Set<string>();
    for (const [type, collection, schema] of schemas) {
      for (const record of tenant.data[collection]) {
        if (!schema.safeParse(record).success) failing.add(key({ type, id: record.id }));
      }
    }
    const plantedInvalid = plantedOf(tenant, 'data.invalid').flatMap((planted) => planted.records.map(key));
    expect(plantedInvalid.length).toBeGreaterThanOrEqual(2);
    expect([...failing].sort()).toEqual(plantedInvalid.sort());
  });

  it('writes ConnectWise shapes: _info on every record, instants with Z, dates at midnight UTC, cents', () => {
    const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
    const dateOnly = /^\d{4}-\d{2}-\d{2}T00:00:00Z$/;
    const cents = (value: unknown) => value == null || (typeof value === 'number' && MONEY_PATTERN.test(String(value)));
    for (const records of Object.values(tenant.data) as CwRecord[][]) {
      for (const record of records) expect(record._info).toMatchObject({ lastUpdated: expect.stringMatching(instant) });
    }
    const invalid = new Set(plantedOf(tenant, 'data.invalid').flatMap((planted) => planted.records.map(key)));
    const valid = (type: RecordType) => (record: CwRecord) => !invalid.has(key({ type, id: record.id }));
    for (const entry of tenant.data.timeEntries.filter(valid('timeEntry'))) {
      expect(entry.timeEnd).toMatch(instant);
      expect(cents(entry.hourlyRate) && cents(entry.agreementHours)).toBe(true);
    }
    for (const agreement of tenant.data.agreements) {
      expect(agreement.startDate).toMatch(dateOnly);
      expect(cents(agreement.billAmount)).toBe(true);
    }
    for (const addition of tenant.data.additions.filter(valid('addition'))) {
      expect(cents(addition.unitPrice) && cents(addition.unitCost) && cents(addition.quantity)).toBe(true);
    }
    for (const expense of tenant.data.expenses) expect(cents(expense.amount) && cents(expense.invoiceAmount)).toBe(true);
    for (const invoice of tenant.data.invoices) {
      expect(invoice.date).toMatch(dateOnly);
      expect(cents(invoice.total)).toBe(true);
    }
  });

  it('plants every rule of rules.md, each naming records that exist', () => {
    expect(new Set(tenant.planted.map((planted) => planted.rule))).toEqual(new Set(ruleRegistry.map((rule) => rule.id)));
    const companies = new Set(tenant.data.companies.map((company) => company.id));
    for (const planted of tenant.planted) {
      if (planted.countsRow) {
        // a counts file row names no record: the file holds it at that line
        const file = tenant.countsFiles.find((candidate) => candidate.name === planted.countsRow!.file);
        expect(file?.text.replace(/^\uFEFF/, '').split('\r\n')[planted.countsRow.line - 1], planted.note).toContain('12.5');
        expect([planted.rule, planted.companyId, planted.records]).toEqual(['data.invalid', null, []]);
        continue;
      }
      expect(planted.records.length, planted.note).toBeGreaterThan(0);
      if (planted.companyId !== null) expect(companies.has(planted.companyId)).toBe(true);
      for (const ref of planted.records) {
        const found = tenant.data[collectionOf[ref.type]].some((record) => record.id === ref.id);
        expect(found, `${planted.rule}: ${key(ref)}`).toBe(true);
      }
    }
  });

  it('sizes the MSP at scale 1 and grows it with the scale', () => {
    const { data } = tenant;
    expect(data.companies.filter((company) => company.identifier === 'MSP')).toHaveLength(1);
    expect(data.companies.length).toBeGreaterThanOrEqual(26);
    expect(data.companies.length).toBeLessThanOrEqual(36);
    expect(data.members.length).toBeGreaterThanOrEqual(30);
    expect(data.members.length).toBeLessThanOrEqual(40);
    const inactiveTechnicians = data.members.filter((member) => member.licenseClass === 'F' && member.inactiveFlag);
    expect(inactiveTechnicians.length).toBeGreaterThanOrEqual(2);
    expect(data.members.some((member) => member.licenseClass !== 'F')).toBe(true);
    const agreementsPerClient = new Map<unknown, number>();
    for (const agreement of data.agreements) {
      const company = (agreement.company as { id: number }).id;
      agreementsPerClient.set(company, (agreementsPerClient.get(company) ?? 0) + 1);
    }
    expect(agreementsPerClient.size).toBeGreaterThanOrEqual(0.8 * (data.companies.length - 1));
    expect(Math.max(...agreementsPerClient.values())).toBeLessThanOrEqual(4);
    expect(data.boards.map((board) => board.name)).toContain('Billing Exceptions');
    expect(data.boardStatuses.filter((status) => status.closedStatus).map((status) => status.name)).toContain('Closed');
    expect(data.priorities.map((priority) => priority.name)).toContain('Priority 3 - Normal Response');

    const larger = generateTenant({ ...OPTIONS, scale: 10 });
    const ratio = larger.data.timeEntries.length / data.timeEntries.length;
    expect(ratio).toBeGreaterThan(8);
    expect(ratio).toBeLessThan(12);
    expect(larger.planted.length).toBeGreaterThan(8 * tenant.planted.length);
  });

  it('gives every technician at least 7 hours on every business day, with no overlapping entries, except where planted', () => {
    const entries = tenant.data.timeEntries.flatMap((record) => {
      const parsed = timeEntrySchema.safeParse(record);
      return parsed.success ? [parsed.data] : [];
    });
    const hours = new Map<string, number>();
    for (const entry of entries) {
      const day = `${entry.member.id} ${zonedDate(entry.timeStart, OPTIONS.timezone)}`;
      hours.set(day, (hours.get(day) ?? 0) + entryHours(entry).toNumber());
    }
    const holidays = new Set(OPTIONS.holidays);
    const businessDays = daysBetween(period.firstDay, period.endDay).filter((day) => isBusinessDay(day, holidays));
    const technicians = tenant.data.members.filter((member) => member.licenseClass === 'F' && !member.inactiveFlag);
    const shortDays = technicians.flatMap((technician) =>
      businessDays.filter((day) => (hours.get(`${technician.id} ${day}`) ?? 0) < 7).map(() => technician.id),
    );
    const plantedShort = plantedOf(tenant, 'time.missing').map((planted) => planted.records[0]!.id);
    expect(shortDays.sort()).toEqual(plantedShort.sort());
    expect(technicians.some((technician) => hours.has(`${technician.id} ${OPTIONS.holidays[0]}`))).toBe(false);

    const doubled = new Set(plantedOf(tenant, 'time.overlap').flatMap((planted) => planted.records.map((ref) => ref.id)));
    for (const memberEntries of groupBy(entries, (entry) => entry.member.id).values()) {
      const sorted = memberEntries.filter((entry) => !doubled.has(entry.id)).sort((a, b) => a.timeStart - b.timeStart);
      for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.timeStart).toBeGreaterThanOrEqual(sorted[i - 1]!.timeEnd!);
    }
  });

  it.each([
    { seed: 1, scale: 1 },
    { seed: 7, scale: 3 },
  ])('validating the generated period finds exactly the planted mistakes (seed $seed, scale $scale)', ({ seed, scale }) => {
    const generated = seed === 1 && scale === 1 ? tenant : generateTenant({ ...OPTIONS, seed, scale });
    const snapshot = snapshotOf(generated, period);
    const context = ruleContextFor(snapshot, {
      timezone: OPTIONS.timezone,
      holidays: OPTIONS.holidays,
      licenseClasses: ['F'],
      excludedMembers: [],
    });
    const { settings, issues } = resolveRuleSettings(sandboxRuleOptions, ruleRegistry);
    expect(issues).toEqual([]);
    const findings = validateSnapshot(snapshot, ruleRegistry, settings, context);
    const found = findings.map(foundKey).sort();
    const planted = generated.planted.map(plantedKey).sort();
    expect(found).toEqual(planted);
    const companyOf = new Map(generated.planted.map((planted) => [plantedKey(planted), planted.companyId]));
    for (const finding of findings) {
      const expected = companyOf.get(foundKey(finding));
      expect(finding.scope === 'internal' ? null : finding.company?.id, finding.message).toBe(expected);
    }
  });
});

/** What a run pulls from the sandbox for the period, parsed and selected as the pull does, counting as config/demo.yaml says. */
function snapshotOf({ data, countsFiles }: GeneratedTenant, runPeriod: Period, lookbackDays = 90): Snapshot {
  const invalid: InvalidRecord[] = [];
  const agreementCompany = new Map(data.agreements.map((agreement) => [agreement.id, agreement.company]));
  const parse = <S extends z.ZodObject>(type: RecordType, schema: S, records: CwRecord[]): z.output<S>[] =>
    records.flatMap((record) => {
      const parsed = schema.safeParse(record);
      if (parsed.success) return [parsed.data];
      // an addition belongs to its agreement's company
      const company = companyRefSchema.safeParse(record.company ?? agreementCompany.get(record.agreementId as number));
      const problems = [parsed.error.message];
      invalid.push({ type, id: record.id, company: company.success ? company.data : null, problems });
      return [];
    });
  const within = (from: number, to: number) => (value: unknown) => {
    const instant = typeof value === 'string' ? Date.parse(value) : NaN;
    return instant >= from && instant < to;
  };
  const midnightUtc = (date: string) => Date.parse(`${date}T00:00:00Z`);
  const previous = previousPeriod(runPeriod);
  const inPeriod = within(midnightUtc(runPeriod.firstDay), midnightUtc(runPeriod.endDay));
  const startedInRange = within(startOfDay(addDays(runPeriod.firstDay, -lookbackDays), runPeriod.timezone), runPeriod.end);
  const closedInPeriod = within(runPeriod.start, runPeriod.end);
  const datedPreviously = within(midnightUtc(previous.firstDay), midnightUtc(previous.endDay));

  const additions = groupBy(parse('addition', additionSchema, data.additions), (addition) => addition.agreementId);
  const typeExclusions = groupBy(data.workTypeExclusions, (exclusion) => exclusion.agreementId);
  const roleExclusions = groupBy(data.workRoleExclusions, (exclusion) => exclusion.agreementId);
  const idsOf = (exclusions: CwRecord[] | undefined, field: string) =>
    (exclusions ?? []).map((exclusion) => (exclusion[field] as { id: number }).id);
  const agreements = parse('agreement', agreementSchema, data.agreements).map((agreement) => ({
    ...agreement,
    additions: additions.get(agreement.id) ?? [],
    excludedWorkTypeIds: idsOf(typeExclusions.get(agreement.id), 'workType'),
    excludedWorkRoleIds: idsOf(roleExclusions.get(agreement.id), 'workRole'),
  }));
  const members = parse('member', memberSchema, data.members);
  const timeEntries = parse(
    'timeEntry',
    timeEntrySchema,
    data.timeEntries.filter((entry) => startedInRange(entry.timeStart)),
  );
  const expenses = parse('expense', expenseSchema, data.expenses.filter((expense) => inPeriod(expense.date)));
  const tickets = parse(
    'ticket',
    ticketSchema,
    data.tickets.filter((ticket) => ticket.closedFlag && closedInPeriod(ticket.closedDate)),
  );
  const invoices = parse('invoice', invoiceSchema, data.invoices.filter((invoice) => datedPreviously(invoice.date)));
  const configurations = data.configurations.map((record) => configurationSchema.parse(record));
  const files = countsFiles.map((file) => parseCountFile(file.name, file.text));
  const counted = deployedCountsOf({
    products: sandboxCountedProducts,
    configurations,
    files: { rows: files.flatMap((file) => file.rows), unusable: files.flatMap((file) => file.unusable) },
    companies: data.companies.map((company) => companyRefSchema.parse(company)),
    agreements,
  });
  return {
    period: runPeriod,
    members,
    agreements,
    timeEntries,
    expenses,
    tickets,
    invoices,
    invalid,
    deployedCounts: counted.deployedCounts,
    unusableCountRows: counted.unusableCountRows,
    counts: {
      configurations: configurations.length,
      countRows: counted.countRows,
      members: members.length,
      agreements: agreements.length,
      additions: data.additions.length,
      timeEntries: timeEntries.length,
      expenses: expenses.length,
      tickets: tickets.length,
      invoices: invoices.length,
    },
  };
}

function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const group = groups.get(keyOf(item));
    if (group) group.push(item);
    else groups.set(keyOf(item), [item]);
  }
  return groups;
}
