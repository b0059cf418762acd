import type { Decimal } from 'decimal.js';
import { previousPeriod } from '../../calendar.js';
import type { Period } from '../../calendar.js';
import type { Addition, CompanyRef, Invoice } from '../../connectwise/records.js';
import { ZERO, sumLines } from '../../money.js';
import type { Snapshot } from '../../snapshot.js';
import type { AppliedHours } from './applied-hours.js';
import { inPeriod, isAbsorbed, isActiveAddition, isLiveAgreement } from './facts.js';
import type { DatedEntry } from './facts.js';
import { fromHundredths, hundredthsOf, lineCents, productHundredths, roundedHundredths } from './hundredths.js';

/**
 * What each company's next invoice should come to (rules.md, "Projected total"), and what its
 * invoices of the previous period came to. A projection: ConnectWise computes the invoice.
 */

export const projectedComponents = ['agreement', 'addition', 'time', 'overage', 'expense'] as const;
export type ProjectedComponent = (typeof projectedComponents)[number];

export interface ProjectedTotal {
  company: CompanyRef;
  total: Decimal;
  /** the total split by component, each the sum of its lines rounded to the cent */
  lines: Record<ProjectedComponent, Decimal>;
}

export interface PreviousTotal {
  company: CompanyRef;
  total: Decimal;
  /** the company's invoices dated in the previous period, by ascending id */
  invoices: Invoice[];
}

/** The units an addition bills: `quantity − lessIncluded` (absent counts as zero). */
export function additionUnits(addition: Addition): Decimal {
  return (addition.quantity ?? ZERO).minus(addition.lessIncluded ?? ZERO);
}

/** An addition's monthly line before rounding: `(quantity − lessIncluded) × unitPrice`. */
export function additionAmount(addition: Addition): Decimal {
  return additionUnits(addition).times(addition.unitPrice ?? ZERO);
}

/** What the projected totals take from the rest of the run besides the snapshot. */
export interface ProjectionInputs {
  period: Period;
  /** the time entries dated in the period */
  periodEntries: readonly DatedEntry[];
  appliedHours: ReadonlyMap<number, AppliedHours>;
  /** every company invoiced in the previous period gets a projected total too */
  previousTotals: ReadonlyMap<number, PreviousTotal>;
}

/** An addition's monthly line in whole cents: `(quantity − lessIncluded) × unitPrice` rounded to the cent. */
function additionCents(addition: Addition): number {
  const quantity = hundredthsOf(addition.quantity ?? ZERO);
  const lessIncluded = hundredthsOf(addition.lessIncluded ?? ZERO);
  const unitPrice = hundredthsOf(addition.unitPrice ?? ZERO);
  const exact = quantity !== null && lessIncluded !== null && unitPrice !== null;
  return (exact ? productHundredths(quantity - lessIncluded, unitPrice) : null) ?? roundedHundredths(additionAmount(addition));
}

/** One company's lines while they are summed, in whole cents by component. */
interface CompanySums {
  company: CompanyRef;
  cents: Record<ProjectedComponent, number>;
}

const noSums = (company: CompanyRef): CompanySums => ({ company, cents: { agreement: 0, addition: 0, time: 0, overage: 0, expense: 0 } });

/** Per company id: every company with an agreement, a billable line, an expense or a previous invoice. */
export function projectedTotals(snapshot: Snapshot, inputs: ProjectionInputs): Map<number, ProjectedTotal> {
  const { period, periodEntries } = inputs;
  // Each line is rounded to the cent and summed in whole cents: exactly the Decimal sum of the
  // rounded lines, without a Decimal per line.
  const byCompany = new Map<number, CompanySums>();
  const sumsOf = (company: CompanyRef): CompanySums => companyEntry(byCompany, company, noSums);

  for (const agreement of snapshot.agreements) {
    const { cents } = sumsOf(agreement.company);
    if (!isLiveAgreement(agreement)) continue;
    if (agreement.billAmount != null) cents.agreement += roundedHundredths(agreement.billAmount);
    for (const addition of agreement.additions) {
      if (addition.billCustomer === 'Billable' && isActiveAddition(addition, period)) cents.addition += additionCents(addition);
    }
  }

  for (let index = 0; index < periodEntries.length; index++) {
    const dated = periodEntries[index]!;
    const { entry } = dated;
    if (entry.billableOption !== 'Billable') continue;
    // agreementHours is 0 or absent unless the agreement absorbed the entry: records never carry negative hours
    if (entry.agreement == null || !isAbsorbed(entry)) sumsOf(entry.company).cents.time += entry.hourlyRate == null ? 0 : lineCents(dated, entry.hourlyRate);
  }

  for (const { agreement, absorbedOverageAmount } of inputs.appliedHours.values()) {
    if (!absorbedOverageAmount.isZero()) sumsOf(agreement.company).cents.overage += roundedHundredths(absorbedOverageAmount);
  }

  for (const expense of snapshot.expenses) {
    if (!inPeriod(expense.date, period)) continue;
    const { cents } = sumsOf(expense.company);
    if (expense.billableOption === 'Billable') cents.expense += roundedHundredths(expense.invoiceAmount ?? expense.amount);
  }

  for (const previous of inputs.previousTotals.values()) sumsOf(previous.company);
  const totals = new Map<number, ProjectedTotal>();
  for (const [companyId, { company, cents }] of byCompany) {
    const lines = Object.fromEntries(projectedComponents.map((component) => [component, fromHundredths(cents[component])]));
    const total = fromHundredths(projectedComponents.reduce((sum, component) => sum + cents[component], 0));
    totals.set(companyId, { company, total, lines: lines as Record<ProjectedComponent, Decimal> });
  }
  return totals;
}

/** Per company id: the invoices dated in the period before the snapshot's, and their sum. */
export function previousTotals(snapshot: Snapshot): Map<number, PreviousTotal> {
  const previous = previousPeriod(snapshot.period);
  const totals = new Map<number, PreviousTotal>();
  const dated = snapshot.invoices.filter((invoice) => inPeriod(invoice.date, previous));
  for (const invoice of dated.sort((left, right) => left.id - right.id)) {
    companyEntry(totals, invoice.company, (company) => ({ company, total: ZERO, invoices: [] })).invoices.push(invoice);
  }
  for (const total of totals.values()) total.total = sumLines(total.invoices.map((invoice) => invoice.total));
  return totals;
}

/** The company's entry, created on first sight; a reference that carries a name wins over a bare id. */
function companyEntry<T extends { company: CompanyRef }>(
  totals: Map<number, T>,
  company: CompanyRef,
  create: (company: CompanyRef) => T,
): T {
  let entry = totals.get(company.id);
  if (!entry) {
    entry = create(company);
    totals.set(company.id, entry);
  } else if (!entry.company.name && company.name) entry.company = company;
  return entry;
}
