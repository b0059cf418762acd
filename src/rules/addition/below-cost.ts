import { ZERO, formatAmount, toCents } from '../../money.js';
import { defineRule, noOptions } from '../define.js';
import type { RuleFinding } from '../define.js';
import { additionFinding, byCompanyAndRecords, unitCount } from '../shared/describe.js';
import { isActiveAddition, isLiveAgreement } from '../shared/facts.js';
import { additionUnits } from '../shared/projected-total.js';

/** `amount` is what the addition loses in the period: the unit loss times the units it bills. */
export const additionBelowCost = defineRule({
  id: 'addition.below-cost',
  severity: 'warning',
  scope: 'company',
  description: 'A Billable addition active on an Active agreement whose unit cost is greater than its unit price: sold below cost.',
  fix: "Raise the addition's unit price above its cost, or correct the cost.",
  options: noOptions,
  check(snapshot, _options, context) {
    const findings: RuleFinding[] = [];
    for (const agreement of snapshot.agreements) {
      if (!isLiveAgreement(agreement)) continue;
      for (const addition of agreement.additions) {
        const { unitCost, unitPrice } = addition;
        if (addition.billCustomer !== 'Billable' || unitCost == null || !isActiveAddition(addition, context.period)) continue;
        const price = unitPrice ?? ZERO;
        if (!unitCost.greaterThan(price)) continue;
        const units = additionUnits(addition);
        const loss = toCents(unitCost.minus(price).times(units));
        const problem = `sells at ${formatAmount(price)} a unit, below its cost of ${formatAmount(unitCost)}: ${formatAmount(loss)} lost on ${unitCount(units)} in ${context.period.id}`;
        findings.push(additionFinding(agreement, addition, loss, problem));
      }
    }
    return findings.sort(byCompanyAndRecords);
  },
});
