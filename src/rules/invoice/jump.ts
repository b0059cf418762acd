import { z } from 'zod';
import { previousPeriod } from '../../calendar.js';
import { ZERO, formatAmount, toDecimal } from '../../money.js';
import { defineRule } from '../define.js';
import type { RuleFinding } from '../define.js';
import { byCompanyAndRecords, companyName, idList } from '../shared/describe.js';
import { moneyOption } from '../shared/money-option.js';

/** `amount` is the size of the change (never negative); the message says increase or decrease. */
export const invoiceJump = defineRule({
  id: 'invoice.jump',
  severity: 'warning',
  scope: 'company',
  description:
    "A company whose projected total differs from its previous period's invoices by more than percent and by more than minAmount.",
  fix: 'Check what changed since the previous invoice before this one is sent.',
  options: z
    .object({
      percent: z.number().min(0).default(25),
      minAmount: moneyOption('250.00'),
    })
    .strict(),
  check(snapshot, { percent, minAmount }, context) {
    const projected = context.projectedTotals;
    const percentage = toDecimal(percent);
    const previousId = previousPeriod(context.period).id;
    const findings: RuleFinding[] = [];
    for (const previous of context.previousTotals.values()) {
      const current = projected.get(previous.company.id);
      const company = current?.company ?? previous.company;
      const total = current?.total ?? ZERO;
      const change = total.minus(previous.total);
      const size = change.abs();
      if (!size.greaterThan(previous.total.abs().times(percentage).div(100)) || !size.greaterThan(minAmount)) continue;
      const share = previous.total.isZero() ? '' : ` (${size.div(previous.total.abs()).times(100).toFixed(1)}%)`;
      const ids = previous.invoices.map((invoice) => invoice.id);
      findings.push({
        company,
        member: null,
        records: ids.map((id) => ({ type: 'invoice', id })),
        date: null,
        hours: null,
        amount: size,
        message: `${companyName(company)} is projected to invoice ${formatAmount(total)} for ${context.period.id}, ${change.isNegative() ? 'down' : 'up'} ${formatAmount(size)}${share} from ${formatAmount(previous.total)} on invoice${ids.length === 1 ? '' : 's'} ${idList(ids)} of ${previousId}: check it before it is sent.`,
      });
    }
    return findings.sort(byCompanyAndRecords);
  },
});
