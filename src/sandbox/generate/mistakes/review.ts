import { boards, expenseTypes, products } from '../catalog.js';
import { addExpense } from '../expenses.js';
import { MINUTES, dateOnly, info, type ExpenseJson } from '../shapes.js';
import { startOfDay } from '../../../calendar.js';
import type { Client } from '../tenant.js';
import { openTicket } from '../time.js';
import { entryDate, isCovered, type Planter } from './planter.js';

/** What finance reviews before the client reads it, each planted beside a case that must stay quiet. */
export function plantReviewMistakes(planter: Planter): void {
  belowCost(planter);
  notesKeyword(planter);
  largeExpense(planter);
}

/** The vendor raised its price and the addition still sells at the old one; another sells exactly at cost. */
function belowCost(planter: Planter): void {
  const { tenant } = planter;
  const edrOf = (client: Client) =>
    tenant.additions.find(
      (addition) => addition.agreementId === client.workAgreement?.id && addition.product === products.edr.ref,
    );
  for (let i = 0; i < planter.count(1); i++) {
    const client = planter.client((candidate) => candidate.profile === 'managed' && edrOf(candidate) !== undefined);
    const addition = client && edrOf(client);
    if (!client || !addition) return;
    addition.unitCost = 6.75;
    planter.plant(
      'addition.below-cost',
      client.ref.id,
      [{ type: 'addition', id: addition.id }, { type: 'agreement', id: addition.agreementId }],
      `${addition.product.identifier} on agreement #${addition.agreementId} sells at ${addition.unitPrice} and costs ${addition.unitCost}`,
    );
    const atCost = tenant.additions.find(
      (other) => other.product === products.rmm.ref && other.agreementId !== addition.agreementId,
    );
    if (atCost) atCost.unitCost = atCost.unitPrice;
  }
}

const PLACEHOLDERS = ['TODO: add what was done', 'Rebuilt Outlook profile, tbd whether a new laptop is needed'];

/** Placeholder text the client would read on the invoice; a word that merely contains one stays quiet. */
function notesKeyword(planter: Planter): void {
  for (let i = 0; i < planter.count(1); i++) {
    const entry = planter.entry(isCovered);
    if (!entry) return;
    entry.notes = PLACEHOLDERS[i % PLACEHOLDERS.length]!;
    planter.plant(
      'time.notes-keyword',
      entry.company.id,
      [{ type: 'timeEntry', id: entry.id }],
      `time entry #${entry.id} (${entry.member.identifier}, ${entryDate(planter.tenant, entry)}) has notes "${entry.notes}"`,
    );
    const nearMiss = planter.entry(isCovered);
    if (nearMiss) nearMiss.notes = 'Set up the Mastodon account for the marketing team';
  }
}

/** A switch bought for a break-fix client, above the review threshold; parts at exactly the threshold beside it. */
function largeExpense(planter: Planter): void {
  const { tenant } = planter;
  for (let i = 0; i < planter.count(1) && tenant.businessDays.length > 0; i++) {
    const client = planter.client((candidate) => candidate.profile === 'breakFix');
    if (!client) return;
    const expense = partsExpense(planter, client, 'Replace failing switch in server closet', [110400, 138000]);
    planter.plant(
      'expense.large',
      client.ref.id,
      [{ type: 'expense', id: expense.id }],
      `expense #${expense.id} (${expense.type.name}) invoices ${expense.invoiceAmount}`,
    );
    const other = tenant.random.shuffle(tenant.clients.filter((candidate) => candidate.profile === 'breakFix' && candidate !== client))[0];
    partsExpense(planter, other ?? client, 'Replace failing UPS battery', [40000, 50000]);
  }
}

/** Parts for a ticket opened for them: linked, so only their amount is in question. */
function partsExpense(planter: Planter, client: Client, summary: string, [cents, invoiceCents]: [number, number]): ExpenseJson {
  const { tenant } = planter;
  const { random, period } = tenant;
  const owner = random.pick(tenant.technicians);
  const ticket = openTicket(tenant, client, boards.service, summary, owner);
  const day = random.pick(tenant.businessDays);
  return addExpense(tenant, {
    id: tenant.ids.take('expense'),
    company: client.ref,
    member: owner.ref,
    type: expenseTypes.parts,
    date: dateOnly(day),
    amount: cents / 100,
    invoiceAmount: invoiceCents / 100,
    billableOption: 'Billable',
    chargeToType: 'ServiceTicket',
    chargeToId: ticket.record.id,
    ticket: ticket.ref,
    agreement: null,
    notes: summary,
    status: 'ApprovedByTierOne',
    _info: info(startOfDay(day, period.timezone) + 16 * 60 * MINUTES, owner.ref.identifier),
  });
}
