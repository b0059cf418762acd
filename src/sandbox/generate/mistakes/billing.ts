import { startOfDay } from '../../../calendar.js';
import { addAddition, addBackup, addAgreement, monthStart } from '../agreements.js';
import { agreementTypes, boards, products, serviceSummaries } from '../catalog.js';
import { addExpense, expenseFor } from '../expenses.js';
import { appliedHours } from '../ledger.js';
import { MINUTES, dateOnly, info, instant, type AgreementJson } from '../shapes.js';
import type { Client } from '../tenant.js';
import { openTicket } from '../time.js';
import type { Planter } from './planter.js';

/** Mistakes in tickets, agreements, additions, expenses and invoices, one planter per rule. */
export function plantBillingMistakes(planter: Planter): void {
  closedTicketWithoutTime(planter);
  overage(planter);
  ambiguous(planter);
  duplicateExpense(planter);
  unlinkedExpense(planter);
  duplicateAddition(planter);
  inconsistentAddition(planter);
  jump(planter);
}

const agreementRef = (agreement: AgreementJson) => ({ type: 'agreement' as const, id: agreement.id });

function closedTicketWithoutTime(planter: Planter): void {
  const { tenant } = planter;
  const { random, period } = tenant;
  for (let i = 0; i < planter.count(1) && tenant.businessDays.length > 0; i++) {
    const client = random.pick(tenant.clients);
    const owner = random.pick(tenant.technicians);
    const { record } = openTicket(tenant, client, boards.service, random.pick(serviceSummaries), owner);
    const day = random.pick(tenant.businessDays);
    const closedAt = startOfDay(day, period.timezone) + 15 * 60 * MINUTES;
    Object.assign(record, {
      closedFlag: true,
      closedDate: instant(closedAt),
      status: boards.service.statuses.closed.ref,
      actualHours: i % 2 === 0 ? 0 : null,
      _info: info(closedAt, owner.ref.identifier),
    });
    planter.plant(
      'time.closed-ticket-no-time',
      null,
      [{ type: 'ticket', id: record.id }],
      `ticket #${record.id} of ${client.ref.name} was closed by ${owner.ref.identifier} on ${day} with no time`,
    );
  }
}

/** A Block Time client whose block is settled a quarter short of the hours worked. */
function overage(planter: Planter): void {
  const { tenant } = planter;
  const applied = appliedHours(tenant.periodEntries);
  for (let i = 0; i < planter.count(1); i++) {
    const client = planter.client(
      (candidate) =>
        candidate.profile === 'block' &&
        candidate.workAgreement !== null &&
        !tenant.pending.overage.has(candidate.workAgreement.id) &&
        (applied.get(candidate.workAgreement.id)?.greaterThanOrEqualTo(8) ?? false),
    );
    const agreement = client?.workAgreement;
    if (!client || !agreement) return;
    tenant.pending.overage.add(agreement.id);
    planter.plant(
      'agreement.overage',
      client.ref.id,
      [agreementRef(agreement)],
      `${client.ref.name} used more hours than block agreement #${agreement.id} includes`,
    );
  }
}

/** A second Backup agreement for a new site, both Active. */
function ambiguous(planter: Planter): void {
  const { tenant } = planter;
  const backups = (client: Client) =>
    client.agreements.filter(
      (agreement) => agreement.type === agreementTypes.backup && agreement.agreementStatus === 'Active',
    );
  for (let i = 0; i < planter.count(1); i++) {
    const client = planter.client((candidate) => candidate.profile === 'managed' && backups(candidate).length === 1);
    if (!client) return;
    addBackup(tenant, client, `${agreementTypes.backup.name} — ${client.ref.name} (second site)`);
    planter.plant(
      'agreement.ambiguous',
      client.ref.id,
      backups(client).map(agreementRef),
      `${client.ref.name} has two Active ${agreementTypes.backup.name} agreements`,
    );
  }
}

function duplicateExpense(planter: Planter): void {
  const { tenant } = planter;
  const originals = [...tenant.expenses];
  for (let i = 0; i < planter.count(1) && originals.length > 0; i++) {
    const unclaimed = originals.filter((expense) => !tenant.claimed.has(expense.company.id));
    const original = tenant.random.pick(unclaimed.length > 0 ? unclaimed : originals);
    originals.splice(originals.indexOf(original), 1);
    const copy = addExpense(tenant, { ...original, id: tenant.ids.take('expense') });
    planter.plant(
      'expense.duplicate',
      original.company.id,
      [{ type: 'expense', id: original.id }, { type: 'expense', id: copy.id }],
      `expense #${original.id} (${original.type.name}, ${original.amount}) was entered twice (#${copy.id})`,
    );
  }
}

function unlinkedExpense(planter: Planter): void {
  for (let i = 0; i < planter.count(1); i++) {
    const visit = planter.entry((entry) => entry.workType?.name === 'Onsite Support');
    if (!visit) return;
    const expense = addExpense(planter.tenant, expenseFor(planter.tenant, visit, false));
    planter.plant(
      'expense.unlinked',
      expense.company.id,
      [{ type: 'expense', id: expense.id }],
      `expense #${expense.id} (${expense.type.name}, ${expense.amount}) is on no ticket, agreement or project`,
    );
  }
}

/** The endpoint protection addition entered a second time last month. */
function duplicateAddition(planter: Planter): void {
  const { tenant } = planter;
  for (let i = 0; i < planter.count(1); i++) {
    const client = planter.client((candidate) => candidate.profile === 'managed');
    const agreement = client?.workAgreement;
    const original =
      agreement &&
      tenant.additions.find((addition) => addition.agreementId === agreement.id && addition.product === products.edr.ref);
    if (!client || !agreement || !original) return;
    const copy = addAddition(tenant, agreement, products.edr, original.quantity, 0, {
      effectiveDate: dateOnly(monthStart(tenant.period, 1)),
    });
    planter.plant(
      'addition.duplicate',
      client.ref.id,
      [agreementRef(agreement), { type: 'addition', id: original.id }, { type: 'addition', id: copy.id }],
      `${products.edr.ref.identifier} is billed twice on agreement #${agreement.id}`,
    );
  }
}

/** An included item entered as billable, a cancelled agreement still billing, a cancellation before its start. */
function inconsistentAddition(planter: Planter): void {
  const { tenant } = planter;
  const { period } = tenant;
  for (let i = 0; i < planter.count(1); i++) {
    const client = planter.client((candidate) => candidate.profile === 'managed');
    const managed = client?.workAgreement;
    if (!client || !managed) return;
    let agreement = managed;
    let addition;
    if (i % 3 === 0) addition = addAddition(tenant, managed, products.firewall, 1, 1);
    else if (i % 3 === 1) {
      agreement = addAgreement(tenant, client, agreementTypes.security, {
        agreementStatus: 'Cancelled',
        cancelledFlag: true,
        billAmount: 49,
      });
      addition = addAddition(tenant, agreement, products.awareness, client.seats);
    } else {
      const effective = monthStart(period, 1);
      addition = addAddition(tenant, managed, products.awareness, client.seats, 0, {
        effectiveDate: dateOnly(effective),
        cancelledDate: dateOnly(monthStart(period, 1, -1)),
      });
    }
    planter.plant(
      'addition.inconsistent',
      client.ref.id,
      [{ type: 'addition', id: addition.id }, agreementRef(agreement)],
      `addition #${addition.id} (${addition.product.identifier}) on agreement #${agreement.id} cannot bill as entered`,
    );
  }
}

/** A client whose previous invoices were far below what it will be invoiced now. */
function jump(planter: Planter): void {
  const { tenant } = planter;
  for (let i = 0; i < planter.count(1); i++) {
    const client = planter.client(
      (candidate) => candidate.profile === 'managed' && candidate.seats >= 15 && !tenant.pending.jump.has(candidate.ref.id),
    );
    if (!client) return;
    const planted = planter.plant(
      'invoice.jump',
      client.ref.id,
      [],
      `${client.ref.name}'s previous invoices total 40 % less than its projected total`,
    );
    tenant.pending.jump.set(client.ref.id, planted);
  }
}
