import type { Addition } from '../../connectwise/records.js';
import { formatAmount, sumLines } from '../../money.js';
import { defineRule, noOptions } from '../define.js';
import type { RuleFinding } from '../define.js';
import { agreementLabel, byCompanyAndRecords, capitalised, companyName, idList } from '../shared/describe.js';
import { isActiveAddition } from '../shared/facts.js';
import { additionAmount } from '../shared/projected-total.js';

/**
 * `amount` is what the additions after the first (by id) add to the invoice: the money that
 * may be billed twice.
 */
export const additionDuplicate = defineRule({
  id: 'addition.duplicate',
  severity: 'error',
  scope: 'company',
  description: 'Two or more Billable additions of the same product on one agreement, active in the period.',
  fix: 'Cancel the extra addition, or merge the quantities into one addition.',
  options: noOptions,
  check(snapshot, _options, context) {
    const findings: RuleFinding[] = [];
    for (const agreement of snapshot.agreements) {
      const byProduct = new Map<number, Addition[]>();
      for (const addition of agreement.additions) {
        if (addition.billCustomer !== 'Billable' || !isActiveAddition(addition, context.period)) continue;
        const group = byProduct.get(addition.product.id);
        if (group) group.push(addition);
        else byProduct.set(addition.product.id, [addition]);
      }
      for (const group of byProduct.values()) {
        if (group.length < 2) continue;
        const additions = [...group].sort((left, right) => left.id - right.id);
        const ids = additions.map((addition) => addition.id);
        const extra = sumLines(additions.slice(1).map(additionAmount));
        findings.push({
          company: agreement.company,
          member: null,
          records: [{ type: 'agreement', id: agreement.id }, ...ids.map((id) => ({ type: 'addition' as const, id }))],
          date: null,
          hours: null,
          amount: extra,
          message: `${capitalised(agreementLabel(agreement))} (${companyName(agreement.company)}) bills product ${additions[0]!.product.identifier} ${additions.length} times in ${context.period.id} (additions ${idList(ids)}): ${formatAmount(extra)} may be billed twice.`,
        });
      }
    }
    return findings.sort(byCompanyAndRecords);
  },
});
