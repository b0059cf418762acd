import type { Decimal } from 'decimal.js';
import { z } from 'zod';
import type { Addition, RecordRef } from '../../connectwise/records.js';
import { ZERO, formatAmount, toCents, toDecimal } from '../../money.js';
import type { Agreement, DeployedCount } from '../../snapshot.js';
import { defineRule } from '../define.js';
import type { RuleFinding } from '../define.js';
import { agreementLabel, byCompanyAndRecords, companyName, compareText, idList, joinWords, unitCount } from '../shared/describe.js';
import { isActiveAddition, isLiveAgreement } from '../shared/facts.js';

interface BilledAddition {
  addition: Addition;
  agreement: Agreement;
}

const keyOf = (companyId: number, product: string) => `${companyId}|${product}`;

/** The additions that bill each (company, product) of the deployed counts: Billable, active, on a live agreement. */
function billedAdditions(agreements: readonly Agreement[], counts: readonly DeployedCount[], isActive: (addition: Addition) => boolean) {
  const billed = new Map<string, BilledAddition[]>(counts.map((count) => [keyOf(count.company.id, count.product), []]));
  for (const agreement of agreements) {
    if (!isLiveAgreement(agreement)) continue;
    for (const addition of agreement.additions) {
      if (addition.billCustomer !== 'Billable' || !isActive(addition)) continue;
      billed.get(keyOf(agreement.company.id, addition.product.identifier))?.push({ addition, agreement });
    }
  }
  return billed;
}

/** `on agreement #88 "Managed Services" (addition #301) and agreement #89 "Projects" (additions #302 and #303)` */
function whereBilled(billed: readonly BilledAddition[]): string {
  const byAgreement = new Map<number, { agreement: Agreement; ids: number[] }>();
  for (const { addition, agreement } of billed) {
    const group = byAgreement.get(agreement.id) ?? { agreement, ids: [] };
    group.ids.push(addition.id);
    byAgreement.set(agreement.id, group);
  }
  const places = [...byAgreement.values()].map(
    ({ agreement, ids }) => `${agreementLabel(agreement)} (addition${ids.length > 1 ? 's' : ''} ${idList(ids)})`,
  );
  return `on ${joinWords(places)}`;
}

function recordsOf(billed: readonly BilledAddition[]): RecordRef[] {
  const additions = billed.map(({ addition }) => addition.id).sort((left, right) => left - right);
  const agreements = [...new Set(billed.map(({ agreement }) => agreement.id))].sort((left, right) => left - right);
  return [
    ...additions.map((id) => ({ type: 'addition' as const, id })),
    ...agreements.map((id) => ({ type: 'agreement' as const, id })),
  ];
}

function driftFinding(deployed: DeployedCount, billed: readonly BilledAddition[], tolerance: Decimal): RuleFinding | null {
  const { company, product, source } = deployed;
  const count = toDecimal(deployed.count);
  const quantity = billed.reduce<Decimal>((sum, { addition }) => sum.plus(addition.quantity ?? ZERO), ZERO);
  const difference = count.minus(quantity);
  if (difference.abs().lessThanOrEqualTo(tolerance)) return null;
  const underBilled = difference.isPositive();
  const severity = underBilled ? 'error' : 'warning';
  const common = { severity, company, member: null, date: null, hours: null, key: product } as const;
  if (billed.length === 0) {
    return {
      ...common,
      records: [{ type: 'company', id: company.id }],
      amount: null,
      message: `${companyName(company)} (#${company.id}) has ${count.toString()} deployed (${source}) and no Billable addition of ${product}: add one.`,
    };
  }
  // additions of one product priced differently: the difference is valued at the highest price
  const unitPrice = billed.reduce<Decimal>((highest, { addition }) => {
    const price = addition.unitPrice ?? ZERO;
    return price.greaterThan(highest) ? price : highest;
  }, ZERO);
  const units = difference.abs();
  const amount = toCents(units.times(unitPrice));
  const effect = underBilled ? 'unbilled' : 'overcharged';
  return {
    ...common,
    records: recordsOf(billed),
    amount,
    message: `${companyName(company)} is billed ${quantity.toString()} of ${product} ${whereBilled(billed)} but has ${count.toString()} deployed (${source}): ${unitCount(units)}, ${formatAmount(amount)} a month ${effect}.`,
  };
}

/**
 * rules.md, `addition.count-drift`: the severity is the finding's own, an error when units go
 * unbilled and a warning when the client pays for units it does not have.
 */
export const additionCountDrift = defineRule({
  id: 'addition.count-drift',
  severity: 'error',
  scope: 'company',
  description:
    'A company billed for more or fewer units of a product than it has deployed: under-billing loses revenue, over-billing brings a dispute.',
  fix: "Change the addition's quantity to what is deployed, or correct the count at its source.",
  options: z.object({ tolerance: z.number().min(0).default(0) }).strict(),
  check(snapshot, { tolerance }, context) {
    const counts = snapshot.deployedCounts;
    if (counts.length === 0) return [];
    const billed = billedAdditions(snapshot.agreements, counts, (addition) => isActiveAddition(addition, context.period));
    const allowed = toDecimal(tolerance);
    const findings: RuleFinding[] = [];
    for (const deployed of counts) {
      const finding = driftFinding(deployed, billed.get(keyOf(deployed.company.id, deployed.product))!, allowed);
      if (finding) findings.push(finding);
    }
    return findings.sort((left, right) => byCompanyAndRecords(left, right) || compareText(left.key!, right.key!));
  },
});
