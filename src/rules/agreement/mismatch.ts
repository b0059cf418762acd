import type { CalendarDate } from '../../calendar.js';
import type { CompanyRef } from '../../connectwise/records.js';
import type { Agreement } from '../../snapshot.js';
import { defineRule, noOptions } from '../define.js';
import type { RuleFinding } from '../define.js';
import { factsOf, inPeriod } from '../facts.js';
import {
  agreementLabel,
  byCompanyAndRecords,
  companyName,
  entryLabel,
  expenseBillAmount,
  expenseLabel,
  joinWords,
} from './describe.js';

/** Why an agreement cannot carry an entry of this company on this date; empty when it can. */
function mismatchReasons(agreement: Agreement, company: CompanyRef, date: CalendarDate): string[] {
  const reasons: string[] = [];
  if (agreement.company.id !== company.id) {
    reasons.push(`belongs to ${companyName(agreement.company)}, not ${companyName(company)}`);
  }
  if (agreement.cancelledFlag) reasons.push('is cancelled');
  if (agreement.agreementStatus !== 'Active') reasons.push(`has status ${agreement.agreementStatus ?? '(none)'}, not Active`);
  if (agreement.startDate != null && date < agreement.startDate) reasons.push(`only starts on ${agreement.startDate}`);
  if (!agreement.noEndingDateFlag && agreement.endDate != null && date > agreement.endDate) {
    reasons.push(`ended on ${agreement.endDate}`);
  }
  return reasons;
}

export const agreementMismatch = defineRule({
  id: 'agreement.mismatch',
  severity: 'error',
  scope: 'company',
  description:
    'A time entry or expense in the period on an agreement that is unknown, belongs to another company, is not Active or is cancelled, or does not cover the entry date.',
  options: noOptions,
  check(snapshot, _options, context) {
    const { periodEntries, agreementsById } = factsOf(snapshot, context);
    /** `which …` for a mismatched agreement, null when the agreement fits */
    const mismatch = (agreementId: number, company: CompanyRef, date: CalendarDate): string | null => {
      const agreement = agreementsById.get(agreementId);
      if (!agreement) return `agreement #${agreementId}, which is not among the agreements ConnectWise returned`;
      const reasons = mismatchReasons(agreement, company, date);
      return reasons.length > 0 ? `${agreementLabel(agreement)}, which ${joinWords(reasons)}` : null;
    };

    const findings: RuleFinding[] = [];
    for (const dated of periodEntries) {
      const { entry, date, hours } = dated;
      if (entry.agreement == null) continue;
      const problem = mismatch(entry.agreement.id, entry.company, date);
      if (problem == null) continue;
      findings.push({
        company: entry.company,
        member: entry.member,
        records: [
          { type: 'timeEntry', id: entry.id },
          { type: 'agreement', id: entry.agreement.id },
        ],
        date,
        hours,
        amount: null,
        message: `${entryLabel(dated)} is on ${problem}.`,
      });
    }
    for (const expense of snapshot.expenses) {
      if (expense.agreement == null || !inPeriod(expense.date, context.period)) continue;
      const problem = mismatch(expense.agreement.id, expense.company, expense.date);
      if (problem == null) continue;
      findings.push({
        company: expense.company,
        member: expense.member,
        records: [
          { type: 'expense', id: expense.id },
          { type: 'agreement', id: expense.agreement.id },
        ],
        date: expense.date,
        hours: null,
        amount: expenseBillAmount(expense),
        message: `${expenseLabel(expense)} is on ${problem}.`,
      });
    }
    return findings.sort(byCompanyAndRecords);
  },
});
