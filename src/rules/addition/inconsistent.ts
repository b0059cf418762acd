import type { Period } from '../../calendar.js';
import type { Addition } from '../../connectwise/records.js';
import { ZERO, formatAmount, toCents } from '../../money.js';
import type { Agreement } from '../../snapshot.js';
import { defineRule, noOptions } from '../define.js';
import type { RuleFinding } from '../define.js';
import { additionFinding, byCompanyAndRecords, joinWords } from '../shared/describe.js';
import { isActiveAddition, isLiveAgreement } from '../shared/facts.js';
import { additionAmount, additionUnits } from '../shared/projected-total.js';

/** The cases of rules.md that apply to a Billable addition, as clauses of one sentence. */
function inconsistencies(addition: Addition, agreement: Agreement, period: Period): string[] {
  const cases: string[] = [];
  const active = isActiveAddition(addition, period);
  if (active && !isLiveAgreement(agreement)) {
    const state = agreement.cancelledFlag ? 'cancelled' : `${agreement.agreementStatus ?? 'without status'}, not Active`;
    cases.push(`is active in ${period.id} although the agreement is ${state}`);
  }
  const { effectiveDate, cancelledDate } = addition;
  if (effectiveDate != null && cancelledDate != null && cancelledDate < effectiveDate) {
    cases.push(`is cancelled on ${cancelledDate}, before it takes effect on ${effectiveDate}`);
  }
  if (active) {
    const units = additionUnits(addition);
    if (units.lessThanOrEqualTo(0)) cases.push(`bills ${units.toFixed()} units (quantity less included)`);
    const price = addition.unitPrice ?? ZERO;
    if (price.lessThanOrEqualTo(0)) cases.push(`has unit price ${formatAmount(price)}`);
  }
  return cases;
}

/** One finding per addition, naming every case that applies; `amount` is the addition's monthly line. */
export const additionInconsistent = defineRule({
  id: 'addition.inconsistent',
  severity: 'error',
  scope: 'company',
  description:
    'A Billable addition active on a cancelled or inactive agreement, cancelled before it takes effect, or billing no units or no price.',
  fix: "Correct the addition's dates, quantity or price, or cancel it along with its agreement.",
  options: noOptions,
  check(snapshot, _options, context) {
    const findings: RuleFinding[] = [];
    for (const agreement of snapshot.agreements) {
      for (const addition of agreement.additions) {
        if (addition.billCustomer !== 'Billable') continue;
        const cases = inconsistencies(addition, agreement, context.period);
        if (cases.length === 0) continue;
        findings.push(additionFinding(agreement, addition, toCents(additionAmount(addition)), joinWords(cases)));
      }
    }
    return findings.sort(byCompanyAndRecords);
  },
});
