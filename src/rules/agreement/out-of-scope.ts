import type { TimeEntry } from '../../connectwise/records.js';
import { formatAmount, toCents } from '../../money.js';
import type { Agreement } from '../../snapshot.js';
import { noOptions } from '../define.js';
import { agreementLabel, entryLabel, joinWords } from '../shared/describe.js';
import { isNotInvoicedSeparately } from '../shared/facts.js';
import { defineEntryRule } from '../shared/time-entries.js';

/** An agreement's exclusions, read once per agreement rather than once per entry. */
interface Exclusions {
  agreement: Agreement;
  workTypeIds: ReadonlySet<number>;
  workRoleIds: ReadonlySet<number>;
}

/** Per agreement id, the agreements that exclude any work type or work role. */
function exclusionsById(agreementsById: ReadonlyMap<number, Agreement>): Map<number, Exclusions> {
  const exclusions = new Map<number, Exclusions>();
  for (const [id, agreement] of agreementsById) {
    const { excludedWorkTypeIds, excludedWorkRoleIds } = agreement;
    if (excludedWorkTypeIds.length === 0 && excludedWorkRoleIds.length === 0) continue;
    exclusions.set(id, { agreement, workTypeIds: new Set(excludedWorkTypeIds), workRoleIds: new Set(excludedWorkRoleIds) });
  }
  return exclusions;
}

function exclusionsHit(entry: TimeEntry, exclusions: Exclusions): string[] {
  const hits: string[] = [];
  const { workType, workRole } = entry;
  if (workType != null && exclusions.workTypeIds.has(workType.id)) {
    hits.push(`work type "${workType.name ?? `#${workType.id}`}"`);
  }
  if (workRole != null && exclusions.workRoleIds.has(workRole.id)) {
    hits.push(`work role "${workRole.name ?? `#${workRole.id}`}"`);
  }
  return hits;
}

/** `is marked NoCharge on agreement #88 "…"` or `is covered by agreement #88 "…"` */
function notInvoiced(entry: TimeEntry, agreement: Agreement): string {
  const marked = entry.billableOption === 'DoNotBill' || entry.billableOption === 'NoCharge';
  return marked ? `is marked ${entry.billableOption} on ${agreementLabel(agreement)}` : `is covered by ${agreementLabel(agreement)}`;
}

/**
 * The amount is hours × hourlyRate rounded to the cent; an entry without a rate has no
 * amount (null) rather than a misleading 0.00.
 */
export const agreementOutOfScope = defineEntryRule({
  id: 'agreement.out-of-scope',
  severity: 'error',
  scope: 'company',
  description:
    "Time not invoiced separately on an agreement that excludes the entry's work type or work role: excluded labor given away.",
  fix: 'Mark the entry Billable so it is invoiced apart from the agreement, or correct its work type or work role.',
  options: noOptions,
  reads: () => ({ exclusions: true }),
  perEntry: {
    entries: 'periodEntries',
    findingOf(_options, context) {
      const excluding = exclusionsById(context.facts.agreementsById);
      if (excluding.size === 0) return null;
      return (dated) => {
        const { entry, date, hours } = dated;
        const exclusions = entry.agreement == null ? undefined : excluding.get(entry.agreement.id);
        if (exclusions == null || !isNotInvoicedSeparately(entry)) return null;
        const hits = exclusionsHit(entry, exclusions);
        if (hits.length === 0) return null;
        const { agreement } = exclusions;
        const amount = entry.hourlyRate == null ? null : toCents(hours.times(entry.hourlyRate));
        const value = amount == null ? 'at no known hourly rate' : `worth ${formatAmount(amount)}`;
        return {
          company: entry.company,
          member: entry.member,
          records: [
            { type: 'timeEntry', id: entry.id },
            { type: 'agreement', id: agreement.id },
          ],
          date,
          hours,
          amount,
          message: `${entryLabel(dated)} ${notInvoiced(entry, agreement)}, which excludes ${joinWords(hits)}: excluded labor ${value} is given away.`,
        };
      };
    },
  },
});
