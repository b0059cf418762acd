import { zonedDate } from '../../calendar.js';
import { Money } from '../../money.js';
import { MILEAGE_RATE_CENTS, expenseTypes } from './catalog.js';
import { count } from './directory.js';
import type { Random } from '../random.js';
import { MINUTES, amount, dateOnly, fromCents, info, type ExpenseJson, type TimeEntryJson } from './shapes.js';
import type { Tenant } from './tenant.js';

const PARTS_MARKUP = new Money('1.25');
const MAX_PER_CLIENT = 3;
const expenseNotes: Record<keyof typeof expenseTypes, string> = {
  mileage: 'Round trip to client site',
  parts: 'Replacement part for client equipment',
  parking: 'Parking at client site',
};

/** Mileage, parts and parking from onsite visits, each charged to the visit's ticket. */
export function addExpenses(tenant: Tenant): void {
  const { random } = tenant;
  const visits = tenant.periodEntries.filter((entry) => entry.workType?.name === 'Onsite Support' && entry.ticket);
  if (visits.length === 0) return;
  const perClient = new Map<number, number>();
  const seen = new Set<string>();
  const wanted = count(25, tenant.scale);
  for (let attempt = 0; tenant.expenses.length < wanted && attempt < wanted * 10; attempt++) {
    const visit = random.pick(visits);
    const used = perClient.get(visit.company.id) ?? 0;
    if (used >= MAX_PER_CLIENT) continue;
    const expense = expenseFor(tenant, visit, true);
    const key = [expense.member.id, expense.date, expense.type.id, expense.company.id, expense.amount].join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    perClient.set(visit.company.id, used + 1);
    addExpense(tenant, expense);
  }
}

/** An expense of the visit's technician, company and day, charged to its ticket when `linked`. */
export function expenseFor(tenant: Tenant, visit: TimeEntryJson, linked: boolean): ExpenseJson {
  const { random } = tenant;
  const kind = random.pick(['mileage', 'mileage', 'parts', 'parking'] as const);
  const { cents, invoiceCents } = priceOf(random, kind);
  return {
    id: tenant.ids.take('expense'),
    company: visit.company,
    member: visit.member,
    type: expenseTypes[kind],
    date: dateOnly(zonedDate(Date.parse(visit.timeStart), tenant.period.timezone)),
    amount: fromCents(cents),
    invoiceAmount: invoiceCents === null ? null : amount(invoiceCents.div(100)),
    billableOption: 'Billable',
    chargeToType: linked ? 'ServiceTicket' : null,
    chargeToId: linked ? visit.chargeToId : null,
    ticket: linked ? visit.ticket : null,
    agreement: null,
    notes: expenseNotes[kind],
    status: 'ApprovedByTierOne',
    _info: info(Date.parse(visit.timeEnd) + 60 * MINUTES, visit.member.identifier),
  };
}

function priceOf(random: Random, kind: keyof typeof expenseTypes): { cents: number; invoiceCents: Money | null } {
  switch (kind) {
    case 'mileage':
      return { cents: random.int(8, 60) * MILEAGE_RATE_CENTS, invoiceCents: null };
    case 'parts': {
      const cents = random.int(2000, 6000);
      return { cents, invoiceCents: new Money(cents).times(PARTS_MARKUP) };
    }
    case 'parking':
      return { cents: random.int(1, 5) * 500, invoiceCents: null };
  }
}

export function addExpense(tenant: Tenant, expense: ExpenseJson): ExpenseJson {
  tenant.expenses.push(expense);
  tenant.data.expenses.push(expense);
  return expense;
}
