import type { Reference } from '../../connectwise/records.js';
import type { Agreement } from '../../snapshot.js';
import { defineRule, noOptions } from '../define.js';
import type { RuleFinding } from '../define.js';
import { agreementLabel, byCompanyAndRecords, companyName, joinWords } from '../shared/describe.js';
import { isLiveAgreement } from '../shared/facts.js';

/** Agreements without a type cannot be told apart by type and are left out. */
export const agreementAmbiguous = defineRule({
  id: 'agreement.ambiguous',
  severity: 'warning',
  scope: 'company',
  description: 'A company with more than one Active agreement of the same agreement type.',
  fix: 'Cancel or end the agreement no longer in use, or waive this if the company really has both.',
  options: noOptions,
  check(snapshot) {
    const byCompanyAndType = new Map<string, { type: Reference; agreements: Agreement[] }>();
    for (const agreement of snapshot.agreements) {
      const { type } = agreement;
      if (type == null || !isLiveAgreement(agreement)) continue;
      const key = `${agreement.company.id}/${type.id}`;
      const group = byCompanyAndType.get(key);
      if (group) group.agreements.push(agreement);
      else byCompanyAndType.set(key, { type, agreements: [agreement] });
    }
    const findings: RuleFinding[] = [];
    for (const { type, agreements: group } of byCompanyAndType.values()) {
      if (group.length < 2) continue;
      const agreements = [...group].sort((left, right) => left.id - right.id);
      const { company } = agreements[0]!;
      const typeName = type.name ?? `#${type.id}`;
      findings.push({
        company,
        member: null,
        records: agreements.map((agreement) => ({ type: 'agreement', id: agreement.id })),
        date: null,
        hours: null,
        amount: null,
        message: `${companyName(company)} has ${agreements.length} Active agreements of type "${typeName}" (${joinWords(agreements.map(agreementLabel))}): time and additions can land on the wrong one.`,
      });
    }
    return findings.sort(byCompanyAndRecords);
  },
});
