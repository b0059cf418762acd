import { z } from 'zod';
import type { RecordRef } from '../../connectwise/records.js';
import { formatAmount } from '../../money.js';
import { defineRule } from '../define.js';
import type { RuleFinding } from '../define.js';
import { byCompanyAndRecords, companyName } from '../shared/describe.js';
import { isLiveAgreement } from '../shared/facts.js';
import { moneyOption } from '../shared/money-option.js';

export const invoiceHighValue = defineRule({
  id: 'invoice.high-value',
  severity: 'warning',
  scope: 'company',
  description: 'A company whose projected total exceeds the threshold: finance reviews it before it is sent.',
  fix: "Review the company's invoice before it is sent.",
  options: z.object({ threshold: moneyOption('5000.00') }).strict(),
  check(snapshot, { threshold }, context) {
    const liveAgreementIds = new Map<number, number[]>();
    for (const agreement of snapshot.agreements) {
      if (!isLiveAgreement(agreement)) continue;
      const ids = liveAgreementIds.get(agreement.company.id);
      if (ids) ids.push(agreement.id);
      else liveAgreementIds.set(agreement.company.id, [agreement.id]);
    }
    const findings: RuleFinding[] = [];
    for (const { company, total } of context.projectedTotals.values()) {
      if (!total.greaterThan(threshold)) continue;
      const agreementIds = (liveAgreementIds.get(company.id) ?? []).sort((left, right) => left - right);
      const records: RecordRef[] = [
        { type: 'company', id: company.id },
        ...agreementIds.map((id) => ({ type: 'agreement' as const, id })),
      ];
      findings.push({
        company,
        member: null,
        records,
        date: null,
        hours: null,
        amount: total,
        message: `${companyName(company)} (#${company.id}) is projected to invoice ${formatAmount(total)} for ${context.period.id}, above the ${formatAmount(threshold)} review threshold: review it before it is sent.`,
      });
    }
    return findings.sort(byCompanyAndRecords);
  },
});
