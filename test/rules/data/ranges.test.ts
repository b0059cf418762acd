import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  additionSchema,
  agreementSchema,
  expenseSchema,
  invoiceSchema,
  recordProblems,
  timeEntrySchema,
  type InvalidRecord,
  type RecordType,
  type TimeEntry,
} from '../../../src/connectwise/records.js';
import { dataInvalid } from '../../../src/rules/data/invalid.js';
import { validateSnapshot } from '../../../src/rules/engine.js';
import { ruleRegistry } from '../../../src/rules/registry.js';
import { ACME, JSMITH, addition, agreement, contextFor, runRule, snapshot } from '../fixtures.js';

/**
 * Values no real record has (rules.md, `data.invalid`) are refused by the record schemas, so the
 * pull keeps such a record as invalid, as it keeps any record that fails its schema.
 */

type Json = Record<string, unknown>;

const RAW: Record<'timeEntry' | 'addition' | 'expense' | 'agreement' | 'invoice', Json> = {
  timeEntry: {
    id: 12,
    company: ACME,
    member: JSMITH,
    agreement: { id: 88 },
    timeStart: '2026-10-05T14:00:00Z',
    timeEnd: '2026-10-05T16:00:00Z',
    billableOption: 'Billable',
    notes: 'Replaced failing switch',
    agreementHours: 2,
    hourlyRate: 150,
    status: 'ApprovedByTierOne',
  },
  addition: { id: 301, product: { id: 11, identifier: 'M365-BP' }, quantity: 10, unitPrice: 22, billCustomer: 'Billable' },
  expense: { id: 401, company: ACME, member: JSMITH, type: { id: 2 }, date: '2026-10-07T00:00:00Z', amount: 42.5 },
  agreement: { id: 88, name: 'Managed Services — Acme', company: ACME, agreementStatus: 'Active', billAmount: 2500 },
  invoice: { id: 901, company: ACME, date: '2026-09-15T00:00:00Z', total: 4890 },
};

const SCHEMAS = { timeEntry: timeEntrySchema, addition: additionSchema, expense: expenseSchema, agreement: agreementSchema, invoice: invoiceSchema };

/** What the schema says about the record with these fields changed: null when it is valid. */
function problemsOf(type: keyof typeof RAW, fields: Json): string[] | null {
  const parsed = SCHEMAS[type].safeParse({ ...RAW[type], ...fields });
  return parsed.success ? null : recordProblems(parsed.error);
}

describe('values no real record has', () => {
  it.each([
    ['hours below zero', 'timeEntry', { actualHours: -0.01 }, 'actualHours is -0.01, negative hours'],
    ['more than 24 hours in one entry', 'timeEntry', { actualHours: 24.01 }, 'actualHours is 24.01, more than 24 hours in one entry'],
    ['hours no number type can hold exactly', 'timeEntry', { actualHours: 1e308 }, 'actualHours is 1e+308, more than 24 hours in one entry'],
    [
      'a span of more than 24 hours without actualHours',
      'timeEntry',
      { timeEnd: '2026-10-06T14:00:36Z' },
      'timeEnd is 2026-10-06T14:00:36.000Z, 24.01 hours after timeStart, more than 24 hours in one entry',
    ],
    [
      'a span of more than 24 hours less hoursDeduct',
      'timeEntry',
      { timeEnd: '2026-10-06T15:00:00Z', hoursDeduct: 0.5 },
      'timeEnd is 2026-10-06T15:00:00.000Z, 24.50 hours after timeStart less hoursDeduct 0.5, more than 24 hours in one entry',
    ],
    ['a negative hourly rate', 'timeEntry', { hourlyRate: -5 }, 'hourlyRate is -5, a negative rate'],
    ['an hourly rate of a billion or more', 'timeEntry', { hourlyRate: 9.99e300 }, 'hourlyRate is 9.99e+300, a value no real record has (1,000,000,000 or more)'],
    ['an overage rate of a billion', 'timeEntry', { overageRate: 1e9 }, 'overageRate is 1000000000, a value no real record has (1,000,000,000 or more)'],
    ['agreement hours below zero', 'timeEntry', { agreementHours: -0.5 }, 'agreementHours is -0.5, negative hours'],
    ['more agreement hours than one entry holds', 'timeEntry', { agreementHours: 24.5 }, 'agreementHours is 24.5, more than 24 hours in one entry'],
    ['a quantity of a billion', 'addition', { quantity: 1e9 }, 'quantity is 1000000000, a value no real record has (1,000,000,000 or more)'],
    ['a quantity of a billion sent as text', 'addition', { quantity: '1000000000.00' }, 'quantity is 1000000000, a value no real record has (1,000,000,000 or more)'],
    ['a unit price of minus a billion', 'addition', { unitPrice: -1e9 }, 'unitPrice is -1000000000, a value no real record has (1,000,000,000 or more)'],
    ['a unit cost of a billion', 'addition', { unitCost: 1e9 }, 'unitCost is 1000000000, a value no real record has (1,000,000,000 or more)'],
    ['included units of a billion', 'addition', { lessIncluded: 1e9 }, 'lessIncluded is 1000000000, a value no real record has (1,000,000,000 or more)'],
    ['an expense amount of a billion', 'expense', { amount: 1e9 }, 'amount is 1000000000, a value no real record has (1,000,000,000 or more)'],
    ['an expense invoice amount of a billion', 'expense', { invoiceAmount: 1e9 }, 'invoiceAmount is 1000000000, a value no real record has (1,000,000,000 or more)'],
    ['an agreement bill amount of a billion', 'agreement', { billAmount: 1e9 }, 'billAmount is 1000000000, a value no real record has (1,000,000,000 or more)'],
    ['an agreement limit of a billion', 'agreement', { applicationLimit: 1e9 }, 'applicationLimit is 1000000000, a value no real record has (1,000,000,000 or more)'],
    ['an invoice total of a billion', 'invoice', { total: 1e9 }, 'total is 1000000000, a value no real record has (1,000,000,000 or more)'],
  ] as const)('refuses %s, saying which field and what ConnectWise returned', (_name, type, fields, problem) => {
    expect(problemsOf(type, fields)).toEqual([problem]);
  });

  it.each([
    ['no hours', 'timeEntry', { actualHours: 0 }],
    ['24 hours', 'timeEntry', { actualHours: 24 }],
    ['a span of exactly 24 hours', 'timeEntry', { timeEnd: '2026-10-06T14:00:00Z' }],
    ['a span of 25 hours less an hour deducted', 'timeEntry', { timeEnd: '2026-10-06T15:00:00Z', hoursDeduct: 1 }],
    ['a long span with actualHours in range', 'timeEntry', { timeEnd: '2026-10-07T14:00:00Z', actualHours: 8 }],
    ['an hourly rate of 0', 'timeEntry', { hourlyRate: 0 }],
    ['a negative overage rate, which rules.md allows', 'timeEntry', { overageRate: -5 }],
    ['a quantity just under a billion', 'addition', { quantity: 999999999.99 }],
    ['a negative unit price under a billion', 'addition', { unitPrice: -999999999.99 }],
    ['an invoice total just under a billion', 'invoice', { total: '999999999.99' }],
    ['a credit expense', 'expense', { amount: -42.5 }],
  ] as const)('accepts %s', (_name, type, fields) => {
    expect(problemsOf(type, fields)).toBeNull();
  });
});

/** Parses raw records as the pull does: a record failing its schema is kept as invalid, with its company. */
function pulled<S extends z.ZodType>(type: RecordType, schema: S, raws: Json[], invalid: InvalidRecord[]): z.output<S>[] {
  const records: z.output<S>[] = [];
  for (const raw of raws) {
    const parsed = schema.safeParse(raw);
    if (parsed.success) records.push(parsed.data);
    else invalid.push({ type, id: raw.id as number, company: ACME, problems: recordProblems(parsed.error) });
  }
  return records;
}

describe('a record with a value no real record has', () => {
  /**
   * Acme's block of 10 hours a month, two valid entries on it, and three an import got wrong:
   * 1e308 hours, an hourly rate of 9.99e300, and −5 hours. The bad ones bill, have no notes and
   * would run the block over.
   */
  const block = agreement({ applicationUnits: 'Hours', applicationLimit: 10, applicationCycle: 'CalendarMonth', billAmount: 1500 }, { additions: [addition()] });
  const entry = (fields: Json) => ({ ...RAW.timeEntry, ...fields });
  const good = [entry({ id: 11 }), entry({ id: 12, timeStart: '2026-10-06T14:00:00Z', timeEnd: '2026-10-06T16:00:00Z' })];
  const bad = [
    entry({ id: 13, actualHours: 1e308, notes: '', timeStart: '2026-10-07T14:00:00Z', timeEnd: '2026-10-07T16:00:00Z' }),
    entry({ id: 14, hourlyRate: 9.99e300, notes: 'TODO', timeStart: '2026-10-08T14:00:00Z', timeEnd: '2026-10-08T16:00:00Z', agreement: null, agreementHours: 0 }),
    entry({ id: 15, actualHours: -5, status: 'Open', timeStart: '2026-10-09T14:00:00Z', timeEnd: '2026-10-09T16:00:00Z' }),
  ];
  const BAD_IDS = [13, 14, 15];

  function run(raws: Json[]) {
    const invalid: InvalidRecord[] = [];
    const timeEntries: TimeEntry[] = pulled('timeEntry', timeEntrySchema, raws, invalid);
    const shot = snapshot({ agreements: [block], timeEntries, invalid });
    const context = contextFor(shot);
    return { shot, context, findings: validateSnapshot(shot, ruleRegistry, new Map(), context) };
  }

  it('is reported by data.invalid, in plain words, on its company', () => {
    const { shot } = run([...good, ...bad]);
    expect(runRule(dataInvalid, shot).map(({ scope, company, records, message }) => ({ scope, company: company?.id, records, message }))).toEqual([
      { scope: 'company', company: ACME.id, records: [{ type: 'timeEntry', id: 13 }], message: 'Time entry #13 from ConnectWise cannot be validated: actualHours is 1e+308, more than 24 hours in one entry' },
      { scope: 'company', company: ACME.id, records: [{ type: 'timeEntry', id: 14 }], message: 'Time entry #14 from ConnectWise cannot be validated: hourlyRate is 9.99e+300, a value no real record has (1,000,000,000 or more)' },
      { scope: 'company', company: ACME.id, records: [{ type: 'timeEntry', id: 15 }], message: 'Time entry #15 from ConnectWise cannot be validated: actualHours is -5, negative hours' },
    ]);
  });

  it('takes part in no other rule', () => {
    const { findings } = run([...good, ...bad]);
    const naming = findings.filter((finding) => finding.records.some((record) => record.type === 'timeEntry' && BAD_IDS.includes(record.id)));
    expect(naming.map((finding) => `${finding.rule} ${finding.records[0]?.id}`)).toEqual(['data.invalid 13', 'data.invalid 14', 'data.invalid 15']);
    expect(findings.filter((finding) => finding.rule !== 'data.invalid')).toEqual(run(good).findings);
  });

  it('takes part in no projected total and no applied hours', () => {
    const withBad = run([...good, ...bad]).context;
    const without = run(good).context;
    // 1,500.00 for the block and 220.00 for the addition; the good entries are absorbed by it
    expect(withBad.projectedTotals.get(ACME.id)?.total.toFixed(2)).toBe('1720.00');
    expect(withBad.projectedTotals).toEqual(without.projectedTotals);
    expect(withBad.appliedHours.get(88)?.hours.toFixed(2)).toBe('4.00');
    expect(withBad.appliedHours).toEqual(without.appliedHours);
  });
});
