import type { Decimal } from 'decimal.js';
import type { Addition, AgreementRecord, CompanyRef, Expense, RecordRef } from '../../connectwise/records.js';
import type { Agreement } from '../../snapshot.js';
import { formatAmount } from '../../money.js';
import type { RuleFinding } from '../define.js';
import { formatHours } from './facts.js';
import type { DatedEntry } from './facts.js';

/** How findings name companies, agreements, time entries and expenses in their messages. */

export function companyName(company: CompanyRef): string {
  return company.name || company.identifier || `company #${company.id}`;
}

/** `agreement #88 "Managed Services — Acme"` */
export function agreementLabel(agreement: Pick<AgreementRecord, 'id' | 'name'>): string {
  return `agreement #${agreement.id} "${agreement.name}"`;
}

/** The same text starting with a capital, for a label that opens a sentence. */
export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `Time entry #5531 (jsmith, 2026-10-14, 2.00 h)` */
export function entryLabel({ entry, date, hours }: DatedEntry): string {
  return `Time entry #${entry.id} (${entry.member.identifier}, ${date}, ${formatHours(hours)})`;
}

/** What an expense bills: `invoiceAmount` when ConnectWise has one, else `amount`. */
export function expenseBillAmount(expense: Expense): Expense['amount'] {
  return expense.invoiceAmount ?? expense.amount;
}

/** `Expense #401 (jsmith, 2026-10-07, Mileage, 42.50)` */
export function expenseLabel(expense: Expense): string {
  const type = expense.type.name ?? `type #${expense.type.id}`;
  return `Expense #${expense.id} (${expense.member.identifier}, ${expense.date}, ${type}, ${formatAmount(expenseBillAmount(expense))})`;
}

/** `1 unit`, `10 units`, `2.5 units` */
export function unitCount(units: Decimal): string {
  return `${units.toString()} unit${units.equals(1) ? '' : 's'}`;
}

/**
 * The finding for one Billable addition of an agreement; `problem` completes the sentence
 * `Billable addition #301 (MANAGED-WS) on agreement #88 "Managed Services — Acme" (Acme Corp) …`.
 */
export function additionFinding(agreement: Agreement, addition: Addition, amount: Decimal, problem: string): RuleFinding {
  return {
    company: agreement.company,
    member: null,
    records: [
      { type: 'addition', id: addition.id },
      { type: 'agreement', id: agreement.id },
    ],
    date: null,
    hours: null,
    amount,
    message: `Billable addition #${addition.id} (${addition.product.identifier}) on ${agreementLabel(agreement)} (${companyName(agreement.company)}) ${problem}.`,
  };
}

/** The finding for one expense, with what it bills; `problem` completes `Expense #401 (…) for Acme Corp …`. */
export function expenseFinding(expense: Expense, problem: string): RuleFinding {
  return {
    company: expense.company,
    member: expense.member,
    records: [{ type: 'expense', id: expense.id }],
    date: expense.date,
    hours: null,
    amount: expenseBillAmount(expense),
    message: `${expenseLabel(expense)} for ${companyName(expense.company)} ${problem}.`,
  };
}

/** `#1`, `#1 and #2`, `#1, #2 and #3` */
export function idList(ids: readonly number[]): string {
  return joinWords(ids.map((id) => `#${id}`));
}

export function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** Plain code-unit order, the same in every locale. */
export function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

function compareRecords(left: readonly RecordRef[], right: readonly RecordRef[]): number {
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index++) {
    const a = left[index]!;
    const b = right[index]!;
    if (a.type !== b.type) return a.type < b.type ? -1 : 1;
    if (a.id !== b.id) return a.id - b.id;
  }
  return left.length - right.length;
}

/** Deterministic finding order: by company, then by the records they name. */
export function byCompanyAndRecords(left: RuleFinding, right: RuleFinding): number {
  return (left.company?.id ?? 0) - (right.company?.id ?? 0) || compareRecords(left.records, right.records);
}
