import { z } from 'zod';
import { addDays } from '../../calendar.js';
import { BILLED_STATUSES } from '../shared/facts.js';
import { byProblem, defineEntryRule, isBillable } from '../shared/time-entries.js';

export const timeStale = defineEntryRule({
  id: 'time.stale',
  severity: 'warning',
  scope: 'company',
  description: 'A billable time entry from before the period, within the lookback, that is still unbilled.',
  fix: "Bill the entry on this period's invoice, or mark it DoNotBill if it should never be billed.",
  options: z.object({ lookbackDays: z.number().int().min(0).default(90) }).strict(),
  reads: ({ lookbackDays }) => ({ lookbackDays }),
  perEntry: {
    entries: 'earlierEntries',
    findingOf({ lookbackDays }, { period }) {
      const from = addDays(period.firstDay, -lookbackDays);
      return byProblem(({ entry, date }) => {
        if (date < from || !isBillable(entry) || BILLED_STATUSES.has(entry.status ?? '')) return null;
        return `is billable, dated before ${period.id}, and still unbilled (status ${entry.status ?? 'none'})`;
      });
    },
  },
});
