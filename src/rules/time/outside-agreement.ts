import type { Decimal } from 'decimal.js';
import { z } from 'zod';
import type { CompanyRef } from '../../connectwise/records.js';
import { MONEY_PATTERN, ZERO, toCents, toDecimal } from '../../money.js';
import { byCompanyAndRecords, companyName, idList } from '../agreement/describe.js';
import { defineRule } from '../define.js';
import type { RuleFinding } from '../define.js';
import { factsOf, formatHours } from '../facts.js';
import { billedAmount, isBillable } from './entries.js';

/** A company's Billable time in the period that points at no agreement. */
interface OutsideTime {
  company: CompanyRef;
  ids: number[];
  hours: Decimal;
  amount: Decimal;
}

export const timeOutsideAgreement = defineRule({
  id: 'time.outside-agreement',
  severity: 'warning',
  scope: 'company',
  description:
    'A company whose billable time in the period with no agreement adds up to more than maxHours or maxAmount.',
  options: z
    .object({
      maxHours: z.number().min(0).default(10),
      maxAmount: z
        .string()
        .regex(MONEY_PATTERN, 'expected an amount such as "2500.00"')
        .default('2500.00')
        .transform((value) => toDecimal(value)),
    })
    .strict(),
  check(snapshot, { maxHours, maxAmount }, context) {
    const byCompany = new Map<number, OutsideTime>();
    for (const dated of factsOf(snapshot, context).periodEntries) {
      const { entry } = dated;
      if (!isBillable(entry) || entry.agreement != null) continue;
      let outside = byCompany.get(entry.company.id);
      if (!outside) byCompany.set(entry.company.id, (outside = { company: entry.company, ids: [], hours: ZERO, amount: ZERO }));
      outside.ids.push(entry.id);
      // Each line is rounded to the cent before it is summed, as on the invoice.
      outside.hours = outside.hours.plus(toCents(dated.hours));
      outside.amount = outside.amount.plus(billedAmount(dated) ?? ZERO);
    }
    const hourLimit = toDecimal(maxHours);
    const findings: RuleFinding[] = [];
    for (const { company, ids, hours, amount } of byCompany.values()) {
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
