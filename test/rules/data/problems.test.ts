import { describe, expect, it } from 'vitest';
import {
  additionSchema,
  agreementSchema,
  expenseSchema,
  invoiceSchema,
  memberSchema,
  recordProblems,
  ticketSchema,
  timeEntrySchema,
} from '../../../src/connectwise/records.js';
import { ACME, JSMITH } from '../fixtures.js';

/**
 * What `data.invalid` says of a record ConnectWise returned in a shape the rules cannot use: the
 * field and what ConnectWise returned, in plain words, never a schema library's wording.
 */

type Json = Record<string, unknown>;

const RAW = {
  timeEntry: {
    id: 12,
    company: ACME,
    member: JSMITH,
    timeStart: '2026-10-05T14:00:00Z',
    timeEnd: '2026-10-05T16:00:00Z',
    actualHours: 2,
    billableOption: 'Billable',
  },
  member: { id: 7, identifier: 'jsmith', inactiveFlag: false },
  agreement: { id: 88, name: 'Managed Services — Acme', company: ACME, startDate: '2026-01-01T00:00:00Z' },
  addition: { id: 301, product: { id: 11, identifier: 'M365-BP' }, quantity: 10, billCustomer: 'Billable' },
  expense: { id: 401, company: ACME, member: JSMITH, type: { id: 2 }, date: '2026-10-07T00:00:00Z', amount: 42.5 },
  ticket: { id: 5, summary: 'Printer', closedFlag: true, closedDate: '2026-10-09T15:00:00Z' },
  invoice: { id: 901, company: ACME, date: '2026-09-15T00:00:00Z', total: 4890 },
};

const SCHEMAS = {
  timeEntry: timeEntrySchema,
  member: memberSchema,
  agreement: agreementSchema,
  addition: additionSchema,
  expense: expenseSchema,
  ticket: ticketSchema,
  invoice: invoiceSchema,
};

function problemsOf(type: keyof typeof RAW, fields: Json): string[] {
  const parsed = SCHEMAS[type].safeParse({ ...RAW[type], ...fields });
  if (parsed.success) throw new Error('the record is valid');
  return recordProblems(parsed.error);
}

const LONG = 'x'.repeat(60);

describe('the problems of a record ConnectWise returned in a shape the rules cannot use', () => {
  it.each([
    ['hours written with a decimal comma', 'timeEntry', { actualHours: '1,5' }, 'actualHours is "1,5", not a number'],
    ['hours that are not a number at all', 'timeEntry', { actualHours: true }, 'actualHours is true, not a number'],
    ['an amount too large for any number', 'expense', { amount: Infinity }, 'amount is Infinity, not a number'],
    ['a missing required field', 'timeEntry', { timeStart: undefined }, 'timeStart is missing'],
    ['a required field sent as null', 'expense', { amount: null }, 'amount is null, not a number'],
    ['a date-time that is no date', 'timeEntry', { timeStart: 'yesterday' }, 'timeStart is "yesterday", not a date-time'],
    ['a date-time of the wrong type', 'ticket', { closedDate: 20261009 }, 'closedDate is 20261009, not a date-time'],
    ['a date in another format', 'agreement', { startDate: '01/01/2026' }, 'startDate is "01/01/2026", not a date'],
    ['text of the wrong type', 'agreement', { name: 42 }, 'name is 42, not text'],
    ['a flag of the wrong type', 'member', { inactiveFlag: 'no' }, 'inactiveFlag is "no", not true or false'],
    ['an empty identifier', 'member', { identifier: '' }, 'identifier is empty'],
    ['an unknown billable option', 'timeEntry', { billableOption: 'Maybe' }, 'billableOption is "Maybe", not one of Billable, DoNotBill, NoCharge, NoDefault'],
    ['an unknown billing of an addition', 'addition', { billCustomer: 'NoDefault' }, 'billCustomer is "NoDefault", not one of Billable, DoNotBill, NoCharge'],
    ['a negative id', 'invoice', { id: -1 }, 'id is -1, not a positive whole number'],
    ['a fractional id', 'invoice', { id: 1.5 }, 'id is 1.5, not a positive whole number'],
    ['an id sent as text', 'invoice', { id: '901' }, 'id is "901", not a positive whole number'],
    ['a fractional charge-to id', 'expense', { chargeToId: 2.5 }, 'chargeToId is 2.5, not a whole number'],
    ['a company named by its name alone', 'invoice', { company: 'Acme Corp' }, 'company is "Acme Corp", not a reference to a record'],
    ['a company without an id', 'invoice', { company: { name: 'Acme Corp' } }, 'company/id is missing'],
    ['a product identifier of the wrong type', 'addition', { product: { id: 11, identifier: ['M365'] } }, 'product/identifier is a list, not text'],
    ['a reference sent as a list', 'expense', { type: [2] }, 'type is a list, not a reference to a record'],
    ['a long value, cut short', 'agreement', { startDate: LONG }, `startDate is "${'x'.repeat(40)}…", not a date`],
    ['hours out of range', 'timeEntry', { actualHours: 1e308 }, 'actualHours is 1e+308, more than 24 hours in one entry'],
  ] as const)('says plainly what is wrong with %s', (_name, type, fields, problem) => {
    expect(problemsOf(type, fields)).toEqual([problem]);
  });

  it('names every wrong field of one record, one sentence each', () => {
    expect(problemsOf('expense', { date: 'soon', amount: '12,00', member: null })).toEqual([
      'member is null, not a reference to a record',
      'date is "soon", not a date',
      'amount is "12,00", not a number',
    ]);
  });

  it('says so when ConnectWise returned no record at all', () => {
    const parsed = invoiceSchema.safeParse(null);
    expect(parsed.success || recordProblems(parsed.error)).toEqual(['the record is null, not a record']);
  });

  it.each(Object.keys(SCHEMAS) as (keyof typeof SCHEMAS)[])("words the problem of every field of a %s itself, never in the schema library's terms", (type) => {
    const fields = Object.keys(SCHEMAS[type].shape);
    const problems = problemsOf(type, Object.fromEntries(fields.map((field) => [field, { wrong: true }])));
    // a reference names the fields it lacks; any other field says what it is not
    expect([...new Set(problems.map((problem) => problem.split(/[ /]/)[0]))]).toEqual(fields);
    for (const problem of problems) expect(problem).toMatch(/^(\w+\/\w+ is missing|\w+ is an object, not [\w ,-]+)$/);
  });
});
