import { z } from 'zod';
import type { CompanyRef } from '../../connectwise/records.js';
import { toDecimal } from '../../money.js';
import { defineRule } from '../define.js';
import type { RuleFinding } from '../define.js';
import { byCompanyAndRecords, companyName, idList } from '../shared/describe.js';
import { formatHours } from '../shared/facts.js';
import { fromHundredths, roundedHundredths } from '../shared/hundredths.js';
import { moneyOption } from '../shared/money-option.js';
import { billedCents, isBillable } from '../shared/time-entries.js';

/** A company's Billable time in the period that points at no agreement, each line rounded to the cent. */
interface OutsideTime {
  company: CompanyRef;
  ids: number[];
  hundredths: number;
  cents: number;
}

export const timeOutsideAgreement = defineRule({
  id: 'time.outside-agreement',
  severity: 'warning',
  scope: 'company',
  description:
    'A company whose billable time in the period with no agreement adds up to more than maxHours or maxAmount.',
  fix: "Move the time onto the company's agreement, or confirm with the client that it is billed hourly.",
  options: z
    .object({
      maxHours: z.number().min(0).default(10),
      maxAmount: moneyOption('2500.00'),
    })
    .strict(),
  check(snapshot, { maxHours, maxAmount }, context) {
    const byCompany = new Map<number, OutsideTime>();
    const { entriesWithoutAgreement } = context.facts;
    for (let index = 0; index < entriesWithoutAgreement.length; index++) {
      const dated = entriesWithoutAgreement[index]!;
      const { entry } = dated;
      if (!isBillable(entry)) continue;
      let outside = byCompany.get(entry.company.id);
      if (!outside) byCompany.set(entry.company.id, (outside = { company: entry.company, ids: [], hundredths: 0, cents: 0 }));
      outside.ids.push(entry.id);
      // Each line is rounded to the cent before it is summed, as on the invoice.
      outside.hundredths += dated.hundredths ?? roundedHundredths(dated.hours);
      outside.cents += billedCents(dated) ?? 0;
    }
    const hourLimit = toDecimal(maxHours);
    const findings: RuleFinding[] = [];
    for (const outside of byCompany.values()) {
      const { company, ids } = outside;
      const hours = fromHundredths(outside.hundredths);
      const amount = fromHundredths(outside.cents);
      if (!hours.greaterThan(hourLimit) && !amount.greaterThan(maxAmount)) continue;
      ids.sort((left, right) => left - right);
      findings.push({
        company,
        member: null,
        records: ids.map((id) => ({ type: 'timeEntry', id })),
        date: null,
        hours,
        amount,
        message: `${companyName(company)} has ${formatHours(hours)} of billable time worth ${amount.toFixed(2)} on no agreement in ${context.period.id}, over the limit of ${formatHours(hourLimit)} or ${maxAmount.toFixed(2)}: time ${ids.length === 1 ? 'entry' : 'entries'} ${idList(ids)}.`,
      });
    }
    return findings.sort(byCompanyAndRecords);
  },
});
