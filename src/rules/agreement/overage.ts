import type { Decimal } from 'decimal.js';
import { z } from 'zod';
import { formatAmount, toDecimal } from '../../money.js';
import { defineRule } from '../define.js';
import type { RuleFinding } from '../define.js';
import type { AppliedHours } from '../shared/applied-hours.js';
import { agreementLabel, byCompanyAndRecords, capitalised, companyName } from '../shared/describe.js';
import { formatHours } from '../shared/facts.js';

/**
 * Over the limit: `hours` is the overage and `amount` its value at the entries' overage rates,
 * an error when the agreement does not allow overruns. Near the limit: an info exception whose
 * `hours` are the applied hours, with no amount yet.
 */
function overageFinding(applied: AppliedHours, warnShare: Decimal, periodId: string): RuleFinding | null {
  const { agreement, hours, limit, overageHours, overageAmount } = applied;
  if (limit == null) return null;
  const over = overageHours.greaterThan(0);
  if (!over && hours.lessThan(limit.times(warnShare))) return null;
  const subject = `${capitalised(agreementLabel(agreement))} (${companyName(agreement.company)})`;
  const usage = `${subject} has ${formatHours(hours)} applied in ${periodId} against ${formatHours(limit)} included`;
  const base = { company: agreement.company, member: null, records: [{ type: 'agreement' as const, id: agreement.id }], date: null };
  if (!over) {
    const percent = hours.div(limit).times(100).floor().toString();
    return { ...base, severity: 'info', hours, amount: null, message: `${usage} (${percent}%): the next hours will run over.` };
  }
  const overruns = agreement.allowOverruns ? 'overruns are allowed and will be invoiced' : 'the agreement does not allow overruns';
  return {
    ...base,
    ...(agreement.allowOverruns ? {} : { severity: 'error' as const }),
    hours: overageHours,
    amount: overageAmount,
    message: `${usage}: ${formatHours(overageHours)} over, worth ${formatAmount(overageAmount)} at overage rates; ${overruns}.`,
  };
}

export const agreementOverage = defineRule({
  id: 'agreement.overage',
  severity: 'warning',
  scope: 'company',
  description: 'An agreement whose applied hours in the period exceed its monthly included hours, or come close to them.',
  fix: 'Check that the hours over the limit bill at the overage rate, or agree a higher limit with the client.',
  options: z
    .object({
      /** share of the included hours, in percent, from which an info exception warns of the coming overage */
      warnAtPercent: z.number().gt(0).max(100).default(90),
    })
    .strict(),
  check(snapshot, { warnAtPercent }, context) {
    const warnShare = toDecimal(warnAtPercent).div(100);
    const findings: RuleFinding[] = [];
    for (const applied of context.appliedHours.values()) {
      const finding = overageFinding(applied, warnShare, context.period.id);
      if (finding) findings.push(finding);
    }
    return findings.sort(byCompanyAndRecords);
  },
});
