import type { Expense } from '../../connectwise/records.js';
import { defineRule, noOptions } from '../define.js';
import type { RuleFinding } from '../define.js';
import { byCompanyAndRecords, expenseFinding } from '../shared/describe.js';
import { inPeriod } from '../shared/facts.js';

const TICKET_CHARGES = new Set(['ServiceTicket', 'ProjectTicket']);

function isLinked(expense: Expense): boolean {
  return (
    expense.agreement != null ||
    expense.ticket != null ||
    TICKET_CHARGES.has(expense.chargeToType ?? '') ||
    expense.project != null
  );
}

export const expenseUnlinked = defineRule({
  id: 'expense.unlinked',
  severity: 'warning',
  scope: 'company',
  description: 'A Billable expense in the period with no agreement, no ticket and no project.',
  fix: 'Link the expense to its agreement, ticket or project.',
  options: noOptions,
  check(snapshot, _options, context) {
    const findings: RuleFinding[] = [];
    for (const expense of snapshot.expenses) {
      if (expense.billableOption !== 'Billable' || !inPeriod(expense.date, context.period) || isLinked(expense)) continue;
      findings.push(expenseFinding(expense, 'is billable but on no agreement, ticket or project: link it so the client can tell what it is for'));
    }
    return findings.sort(byCompanyAndRecords);
  },
});
