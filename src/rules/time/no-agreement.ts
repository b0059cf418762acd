import type { CalendarDate } from '../../calendar.js';
import type { RecordRef } from '../../connectwise/records.js';
import type { Agreement } from '../../snapshot.js';
import { defineRule, noOptions } from '../define.js';
import type { RuleFinding } from '../define.js';
import { agreementLabel, byCompanyAndRecords, joinWords } from '../shared/describe.js';
import { isLiveAgreement } from '../shared/facts.js';
import { entryFinding, isBillable } from '../shared/time-entries.js';

/** An agreement without a start date has always been in force; one without an end date never ends. */
function isInForce(agreement: Agreement, date: CalendarDate): boolean {
  if (agreement.startDate != null && agreement.startDate > date) return false;
  return agreement.noEndingDateFlag || agreement.endDate == null || agreement.endDate >= date;
}

interface Candidates {
  records: RecordRef[];
  problem: string;
}

/** A company's live agreements, and per day the ones in force, worked out once per company and day. */
class CompanyAgreements {
  private readonly byDate = new Map<CalendarDate, Candidates | null>();

  constructor(private readonly agreements: Agreement[]) {}

  on(date: CalendarDate): Candidates | null {
    let candidates = this.byDate.get(date);
    if (candidates === undefined) {
      const inForce = this.agreements.filter((agreement) => isInForce(agreement, date));
      candidates =
        inForce.length === 0
          ? null
          : {
              records: inForce.map((agreement) => ({ type: 'agreement', id: agreement.id })),
              problem: `is billable with no agreement, although ${joinWords(inForce.map(agreementLabel))} ${inForce.length === 1 ? 'is' : 'are'} active that day`,
            };
      this.byDate.set(date, candidates);
    }
    return candidates;
  }
}

export const timeNoAgreement = defineRule({
  id: 'time.no-agreement',
  severity: 'warning',
  scope: 'company',
  description:
    'A billable time entry in the period with no agreement, for a company that has an Active agreement on the entry date.',
  fix: "Put the entry on the company's active agreement, or confirm it is billed apart from it.",
  options: noOptions,
  check(snapshot, _options, context) {
    const liveByCompany = new Map<number, Agreement[]>();
    for (const agreement of [...snapshot.agreements].sort((left, right) => left.id - right.id)) {
      if (!isLiveAgreement(agreement)) continue;
      const agreements = liveByCompany.get(agreement.company.id);
      if (agreements) agreements.push(agreement);
      else liveByCompany.set(agreement.company.id, [agreement]);
    }
    const companies = new Map([...liveByCompany].map(([id, agreements]) => [id, new CompanyAgreements(agreements)]));
    const findings: RuleFinding[] = [];
    const { entriesWithoutAgreement } = context.facts;
    for (let index = 0; index < entriesWithoutAgreement.length; index++) {
      const dated = entriesWithoutAgreement[index]!;
      const { entry } = dated;
      if (!isBillable(entry)) continue;
      const candidates = companies.get(entry.company.id)?.on(dated.date);
      if (candidates) findings.push(entryFinding(dated, candidates.problem, candidates.records));
    }
    return findings.sort(byCompanyAndRecords);
  },
});
