import { z } from 'zod';
import { formatAmount } from '../../money.js';
import { defineRule } from '../define.js';
import type { RuleFinding } from '../define.js';
import { byCompanyAndRecords, expenseBillAmount, expenseFinding } from '../shared/describe.js';
import { inPeriod } from '../shared/facts.js';
import { moneyOption } from '../shared/money-option.js';

/** A review flag: `amount` is what the expense bills, to look at rather than money at risk. */
export const expenseLarge = defineRule({
  id: 'expense.large',
  severity: 'warning',
  scope: 'company',
  description: 'A Billable expense in the period above the threshold: review it before it reaches the client.',
  fix: 'Check the receipt, and that the client agreed to the expense, before it is billed.',
  options: z.object({ threshold: moneyOption('500.00') }).strict(),
  check(snapshot, { threshold }, context) {
    const findings: RuleFinding[] = [];
    for (const expense of snapshot.expenses) {
      if (expense.billableOption !== 'Billable' || !inPeriod(expense.date, context.period)) continue;
      const billed = expenseBillAmount(expense);
      if (!billed.greaterThan(threshold)) continue;
      findings.push(expenseFinding(expense, `bills ${formatAmount(billed)}, above the ${formatAmount(threshold)} review threshold: review it before it reaches the client`));
    }
    return findings.sort(byCompanyAndRecords);
  },
});
