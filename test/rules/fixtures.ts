import { periodFromId } from '../../src/calendar.js';
import {
  additionSchema,
  agreementSchema,
  expenseSchema,
  invoiceSchema,
  memberSchema,
  ticketSchema,
  timeEntrySchema,
} from '../../src/connectwise/records.js';
import type { RuleContext } from '../../src/rules/define.js';
import { ruleContextFor } from '../../src/rules/engine.js';
import type { TenantCalendar } from '../../src/rules/engine.js';
import type { Agreement, Snapshot } from '../../src/snapshot.js';

/**
 * Builders for rule tests. Each takes ConnectWise-shaped JSON (numbers, ISO strings) and
 * parses it through the product's record schemas, so a test reads like what the API returns.
 */

type Json = Record<string, unknown>;

export const ACME = { id: 19, identifier: 'ACME', name: 'Acme Corp' };
export const GLOBEX = { id: 20, identifier: 'GLOBEX', name: 'Globex' };
export const JSMITH = { id: 7, identifier: 'jsmith' };
export const ADOE = { id: 8, identifier: 'adoe' };

export function member(fields: Json = {}) {
  return memberSchema.parse({
    id: JSMITH.id,
    identifier: JSMITH.identifier,
    firstName: 'John',
    lastName: 'Smith',
    primaryEmail: 'jsmith@msp.example',
    licenseClass: 'F',
    inactiveFlag: false,
    ...fields,
  });
}

export function timeEntry(fields: Json = {}) {
  return timeEntrySchema.parse({
    id: 101,
    company: ACME,
    member: JSMITH,
    chargeToType: 'ServiceTicket',
    chargeToId: 5001,
    workType: { id: 1, name: 'Remote Support' },
    workRole: { id: 1, name: 'Engineer' },
    timeStart: '2026-10-05T14:00:00Z',
    timeEnd: '2026-10-05T16:00:00Z',
    billableOption: 'Billable',
    notes: 'Replaced failing switch',
    hourlyRate: 150,
    status: 'ApprovedByTierOne',
    ...fields,
  });
}

export function agreement(fields: Json = {}, terms: Partial<Pick<Agreement, 'additions' | 'excludedWorkTypeIds' | 'excludedWorkRoleIds'>> = {}): Agreement {
  return {
    ...agreementSchema.parse({
      id: 88,
      name: 'Managed Services — Acme',
      type: { id: 3, name: 'Managed Services' },
      company: ACME,
      agreementStatus: 'Active',
      cancelledFlag: false,
      startDate: '2026-01-01T00:00:00Z',
      noEndingDateFlag: true,
      billAmount: 2500,
      applicationUnits: 'Amount',
      ...fields,
    }),
    additions: terms.additions ?? [],
    excludedWorkTypeIds: terms.excludedWorkTypeIds ?? [],
    excludedWorkRoleIds: terms.excludedWorkRoleIds ?? [],
  };
}

export function addition(fields: Json = {}) {
  return additionSchema.parse({
    id: 301,
    product: { id: 11, identifier: 'M365-BP' },
    quantity: 10,
    lessIncluded: 0,
    unitPrice: 22,
    billCustomer: 'Billable',
    effectiveDate: '2026-01-01T00:00:00Z',
    agreementId: 88,
    ...fields,
  });
}

export function expense(fields: Json = {}) {
  return expenseSchema.parse({
    id: 401,
    company: ACME,
    member: JSMITH,
    type: { id: 2, name: 'Mileage' },
    date: '2026-10-07T00:00:00Z',
    amount: 42.5,
    billableOption: 'Billable',
    chargeToType: 'ServiceTicket',
    chargeToId: 5001,
    ...fields,
  });
}

export function ticket(fields: Json = {}) {
  return ticketSchema.parse({
    id: 5001,
    summary: 'Switch down in server room',
    board: { id: 1, name: 'Service Desk' },
    company: ACME,
    owner: JSMITH,
    closedFlag: true,
    closedDate: '2026-10-06T20:00:00Z',
    actualHours: 2,
    ...fields,
  });
}

export function invoice(fields: Json = {}) {
  return invoiceSchema.parse({
    id: 901,
    invoiceNumber: 'INV-0901',
    company: ACME,
    date: '2026-09-15T00:00:00Z',
    total: 4890,
    ...fields,
  });
}

export function snapshot(parts: Partial<Omit<Snapshot, 'period' | 'counts'>> & { period?: string; timezone?: string } = {}): Snapshot {
  const period = periodFromId(parts.period ?? '2026-10', parts.timezone ?? 'America/Chicago');
  const members = parts.members ?? [];
  const agreements = parts.agreements ?? [];
  const timeEntries = parts.timeEntries ?? [];
  const expenses = parts.expenses ?? [];
  const tickets = parts.tickets ?? [];
  const invoices = parts.invoices ?? [];
  return {
    period,
    members,
    agreements,
    timeEntries,
    expenses,
    tickets,
    invoices,
    invalid: parts.invalid ?? [],
    deployedCounts: parts.deployedCounts ?? [],
    unusableCountRows: parts.unusableCountRows ?? [],
    counts: {
      configurations: 0,
      countRows: 0,
      members: members.length,
      agreements: agreements.length,
      additions: agreements.reduce((sum, a) => sum + a.additions.length, 0),
      timeEntries: timeEntries.length,
      expenses: expenses.length,
      tickets: tickets.length,
      invoices: invoices.length,
    },
  };
}

/** The engine's context for the snapshot: its period's timezone, no holidays, licence class F technicians. */
export function contextFor(shot: Snapshot, calendar: Partial<Omit<TenantCalendar, 'timezone'>> = {}): RuleContext {
  return ruleContextFor(shot, {
    timezone: shot.period.timezone,
    holidays: calendar.holidays ?? [],
    licenseClasses: calendar.licenseClasses ?? ['F'],
    excludedMembers: calendar.excludedMembers ?? [],
  });
}

/** Runs one rule as the engine does: options parsed from config-shaped input, context from the snapshot. */
export function runRule<Options, Result>(
  rule: { options: { parse(input: unknown): Options }; check(shot: Snapshot, options: Options, context: RuleContext): Result },
  shot: Snapshot,
  options: Json = {},
  overrides: Parameters<typeof contextFor>[1] = {},
): Result {
  return rule.check(shot, rule.options.parse(options), contextFor(shot, overrides));
}
