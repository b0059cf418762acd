import type { CalendarDate } from '../../calendar.js';
import type { CompanyRef } from '../../connectwise/records.js';
import type { Agreement } from '../../snapshot.js';
import { defineRule, noOptions } from '../define.js';
import type { RuleFinding } from '../define.js';
import {
  agreementLabel,
  byCompanyAndRecords,
  companyName,
  entryLabel,
  expenseBillAmount,
  expenseLabel,
  joinWords,
} from '../shared/describe.js';
import { inPeriod } from '../shared/facts.js';

const FITS: readonly string[] = [];

/** What an entry is checked against, read once per agreement rather than once per entry. */
class AgreementTerms {
  private readonly company: CompanyRef;
  /** what keeps the agreement from carrying anything: cancelled, not Active */
  private readonly standing: string[] = [];
  private readonly startDate: CalendarDate | null;
  /** null when the agreement does not end */
  private readonly endDate: CalendarDate | null;

  constructor(readonly agreement: Agreement) {
    this.company = agreement.company;
    if (agreement.cancelledFlag) this.standing.push('is cancelled');
    if (agreement.agreementStatus !== 'Active') this.standing.push(`has status ${agreement.agreementStatus ?? '(none)'}, not Active`);
    this.startDate = agreement.startDate ?? null;
    this.endDate = agreement.noEndingDateFlag ? null : (agreement.endDate ?? null);
  }

  /** Why the agreement cannot carry an entry of this company on this date; empty when it can. */
  reasons(company: CompanyRef, date: CalendarDate): readonly string[] {
    const otherCompany = this.company.id !== company.id;
    const early = this.startDate != null && date < this.startDate;
    const late = this.endDate != null && date > this.endDate;
    if (!otherCompany && !early && !late && this.standing.length === 0) return FITS;
    return [
      ...(otherCompany ? [`belongs to ${companyName(this.company)}, not ${companyName(company)}`] : []),
      ...this.standing,
      ...(early ? [`only starts on ${this.startDate}`] : []),
      ...(late ? [`ended on ${this.endDate}`] : []),
    ];
  }
}

export const agreementMismatch = defineRule({
  id: 'agreement.mismatch',
  severity: 'error',
  scope: 'company',
  description:
    'A time entry or expense in the period on an agreement that is unknown, belongs to another company, is not Active or is cancelled, or does not cover the entry date.',
  fix: "Move the entry to the company's active agreement, or correct the agreement's dates or status.",
  options: noOptions,
  check(snapshot, _options, context) {
    const { periodEntries, agreementsById } = context.facts;
    const termsById = new Map<number, AgreementTerms>();
    for (const [id, agreement] of agreementsById) termsById.set(id, new AgreementTerms(agreement));
    /** `which …` for a mismatched agreement, null when the agreement fits */
    const mismatch = (agreementId: number, company: CompanyRef, date: CalendarDate): string | null => {
      const terms = termsById.get(agreementId);
      if (!terms) return `agreement #${agreementId}, which is not among the agreements ConnectWise returned`;
      const reasons = terms.reasons(company, date);
      return reasons.length > 0 ? `${agreementLabel(terms.agreement)}, which ${joinWords(reasons)}` : null;
    };

    const findings: RuleFinding[] = [];
    for (let index = 0; index < periodEntries.length; index++) {
      const dated = periodEntries[index]!;
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
