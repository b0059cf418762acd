import type { Expense } from '../../connectwise/records.js';
import { formatAmount } from '../../money.js';
import { defineRule, noOptions } from '../define.js';
import type { RuleFinding } from '../define.js';
import { byCompanyAndRecords, companyName, idList } from '../shared/describe.js';
import { inPeriod } from '../shared/facts.js';

/**
 * `amount` is what the copies beyond the first would add: the amount times (count − 1).
 */
export const expenseDuplicate = defineRule({
  id: 'expense.duplicate',
  severity: 'error',
  scope: 'company',
  description: 'Two or more expenses in the period with the same member, date, type, company and amount.',
  fix: 'Delete the expense entered twice, or waive this if both are real.',
  options: noOptions,
  check(snapshot, _options, context) {
    const groups = new Map<string, Expense[]>();
    for (const expense of snapshot.expenses) {
      if (!inPeriod(expense.date, context.period)) continue;
      const key = [expense.member.id, expense.date, expense.type.id, expense.company.id, expense.amount.toFixed()].join('|');
      const group = groups.get(key);
      if (group) group.push(expense);
      else groups.set(key, [expense]);
    }
    const findings: RuleFinding[] = [];
    for (const group of groups.values()) {
      if (group.length < 2) continue;
      const ids = group.map((expense) => expense.id).sort((left, right) => left - right);
      const { company, member, date, type, amount } = group[0]!;
      const extra = amount.times(group.length - 1);
      findings.push({
        company,
        member,
        records: ids.map((id) => ({ type: 'expense', id })),
        date,
        hours: null,
        amount: extra,
        message: `Expenses ${idList(ids)} (${member.identifier}, ${date}, ${type.name ?? `type #${type.id}`}, ${formatAmount(amount)} each) look like the same expense entered ${group.length} times: ${formatAmount(extra)} too much may be billed to ${companyName(company)}.`,
      });
    }
    return findings.sort(byCompanyAndRecords);
  },
});
