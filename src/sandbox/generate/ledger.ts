import type { Decimal } from 'decimal.js';
import { addDays, previousPeriod, startOfDay } from '../../calendar.js';
import { Money, ZERO, sumLines, toCents, toDecimal } from '../../money.js';
import { BLOCK_OVERAGE_RATE, BLOCK_RATE, boards, type Board } from './catalog.js';
import {
  MINUTES,
  amount,
  dateOnly,
  info,
  instant,
  quartersOf,
  type AgreementJson,
  type InvoiceJson,
  type TimeEntryJson,
} from './shapes.js';
import type { Tenant } from './tenant.js';

/**
 * What follows from the time once every record exists: ticket hours and closures, Block Time
 * limits, each client's projected total and the previous period's invoices close to it.
 */
export function settle(tenant: Tenant): void {
  settleTickets(tenant);
  const applied = appliedHours(tenant.periodEntries);
  settleBlockTime(tenant, applied);
  addInvoices(tenant, projectedTotals(tenant, applied));
  nameAggregateRecords(tenant);
}

/** Findings about a whole company name records that exist only now: its live agreements, its time. */
function nameAggregateRecords(tenant: Tenant): void {
  const { highValue, outsideAgreement } = tenant.pending;
  for (const agreement of tenant.agreements) {
    const planted = highValue.get(agreement.company.id);
    if (planted && isLive(agreement)) planted.records.push({ type: 'agreement', id: agreement.id });
  }
  for (const entry of tenant.periodEntries) {
    const planted = outsideAgreement.get(entry.company.id);
    if (planted && entry.billableOption === 'Billable' && entry.agreement === null) {
      planted.records.push({ type: 'timeEntry', id: entry.id });
    }
  }
}

const boardsById = new Map<number, Board>(Object.values<Board>(boards).map((board) => [board.ref.id, board]));

/** A ticket's hours are its entries' hours; most tickets worked in the period get closed after their last entry. */
function settleTickets(tenant: Tenant): void {
  const { random, period } = tenant;
  const worked = new Map<number, { quarters: number; lastEnd: string }>();
  for (const entries of [tenant.earlierEntries, tenant.periodEntries]) {
    for (const entry of entries) {
      if (!entry.ticket) continue;
      const sofar = worked.get(entry.ticket.id);
      if (!sofar) worked.set(entry.ticket.id, { quarters: quartersOf(entry.actualHours), lastEnd: entry.timeEnd });
      else {
        sofar.quarters += quartersOf(entry.actualHours);
        if (entry.timeEnd > sofar.lastEnd) sofar.lastEnd = entry.timeEnd;
      }
    }
  }
  for (const ticket of tenant.tickets) {
    const work = worked.get(ticket.id);
    if (!work) continue;
    const lastEnd = Date.parse(work.lastEnd);
    ticket.actualHours = new Money(work.quarters).div(4).toNumber();
    ticket._info = info(lastEnd, ticket.owner.identifier);
    const closeAt = lastEnd + (lastEnd < period.start ? 60 : random.int(10, 90)) * MINUTES;
    const closes = lastEnd < period.start || (random.chance(0.7) && closeAt < period.end);
    if (!closes) continue;
    ticket.closedFlag = true;
    ticket.closedDate = instant(closeAt);
    ticket.status = boardsById.get(ticket.board.id)!.statuses.closed.ref;
    ticket._info = info(closeAt, ticket.owner.identifier);
  }
}

/** Hours applied to each agreement in the period: its `Billable` entries. */
export function appliedHours(entries: TimeEntryJson[]): Map<number, Decimal> {
  const quarters = new Map<number, number>();
  for (const entry of entries) {
    if (!entry.agreement || entry.billableOption !== 'Billable') continue;
    quarters.set(entry.agreement.id, (quarters.get(entry.agreement.id) ?? 0) + quartersOf(entry.actualHours));
  }
  return new Map([...quarters].map(([agreementId, count]) => [agreementId, new Money(count).div(4)]));
}

/**
 * A block is sold in steps of five hours, large enough that the month's hours stay under 75 %
 * of it — except where an overage is planted, where it is a quarter short.
 */
function settleBlockTime(tenant: Tenant, applied: Map<number, Decimal>): void {
  for (const agreement of tenant.agreements) {
    if (agreement.applicationUnits !== 'Hours') continue;
    const hours = applied.get(agreement.id) ?? ZERO;
    const limit = tenant.pending.overage.has(agreement.id)
      ? hours.times('0.15').floor().times(5)
      : Money.max(10, hours.div('3.75').ceil().times(5));
    agreement.applicationLimit = limit.toNumber();
    agreement.billAmount = amount(limit.times(BLOCK_RATE));
  }
}

function isLive(agreement: AgreementJson): boolean {
  return agreement.agreementStatus === 'Active' && !agreement.cancelledFlag;
}

/** The projected total of rules.md, per company id. */
function projectedTotals(tenant: Tenant, applied: Map<number, Decimal>): Map<number, Decimal> {
  const { period } = tenant;
  const lines = new Map<number, Decimal[]>();
  const add = (companyId: number, line: Decimal) => {
    const list = lines.get(companyId);
    if (list) list.push(line);
    else lines.set(companyId, [line]);
  };
  const live = new Map(tenant.agreements.filter(isLive).map((agreement) => [agreement.id, agreement]));
  for (const agreement of live.values()) {
    add(agreement.company.id, toDecimal(agreement.billAmount));
    const limit = agreement.applicationLimit;
    const hours = applied.get(agreement.id);
    if (agreement.applicationUnits === 'Hours' && limit && hours?.greaterThan(limit)) {
      add(agreement.company.id, hours.minus(limit).times(BLOCK_OVERAGE_RATE));
    }
  }
  for (const addition of tenant.additions) {
    const agreement = live.get(addition.agreementId);
    const active =
      addition.effectiveDate.slice(0, 10) < period.endDay &&
      (addition.cancelledDate === null || addition.cancelledDate.slice(0, 10) >= period.firstDay);
    if (!agreement || !active || addition.billCustomer !== 'Billable') continue;
    const units = toDecimal(addition.quantity).minus(toDecimal(addition.lessIncluded));
    add(agreement.company.id, units.times(toDecimal(addition.unitPrice)));
  }
  for (const entry of tenant.periodEntries) {
    if (entry.billableOption !== 'Billable' || (entry.agreementHours ?? 0) > 0) continue;
    add(entry.company.id, toDecimal(entry.actualHours).times(toDecimal(entry.hourlyRate)));
  }
  for (const expense of tenant.expenses) {
    if (expense.billableOption === 'Billable') add(expense.company.id, toDecimal(expense.invoiceAmount ?? expense.amount));
  }
  return new Map([...lines].map(([companyId, list]) => [companyId, sumLines(list)]));
}

/** One or two invoices per client in the previous period, within 6 % of its projected total. */
function addInvoices(tenant: Tenant, totals: Map<number, Decimal>): void {
  const { random, period } = tenant;
  const previous = previousPeriod(period);
  for (const client of tenant.clients) {
    const projected = totals.get(client.ref.id);
    if (!projected || projected.isZero()) continue;
    const planted = tenant.pending.jump.get(client.ref.id);
    const factor = planted ? new Money('0.6') : new Money(random.int(94, 106)).div(100);
    const total = toCents(projected.times(factor));
    const split = random.chance(0.35) ? toCents(total.times(random.int(60, 80)).div(100)) : total;
    const parts: [string, Decimal][] = [[previous.firstDay, split]];
    if (!split.equals(total)) parts.push([addDays(previous.firstDay, 19), total.minus(split)]);
    for (const [date, value] of parts) {
      const id = tenant.ids.take('invoice');
      const invoice: InvoiceJson = {
        id,
        invoiceNumber: `INV-${id}`,
        type: date === previous.firstDay && client.workAgreement ? 'Agreement' : 'Standard',
        company: client.ref,
        date: dateOnly(date),
        dueDate: dateOnly(addDays(date, 30)),
        total: amount(value),
        _info: info(startOfDay(date, period.timezone) + 9 * 60 * MINUTES, tenant.staff.identifier),
      };
      tenant.data.invoices.push(invoice);
      planted?.records.push({ type: 'invoice', id: invoice.id });
    }
  }
}
