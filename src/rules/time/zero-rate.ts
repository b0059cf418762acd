import { noOptions } from '../define.js';

import { byProblem, defineEntryRule, isBillable } from '../shared/time-entries.js';

export const timeZeroRate = defineEntryRule({
  id: 'time.zero-rate',
  severity: 'error',
  scope: 'company',
  description: 'A billable time entry with no hourly rate or a rate of 0: labor that will invoice at nothing.',
  fix: 'Set an hourly rate on the entry, its work role or its agreement, or mark the entry NoCharge.',
  options: noOptions,
  perEntry: {
    entries: 'periodEntries',
    findingOf: () => byProblem(({ entry }) => {
      if (!isBillable(entry)) return null;
      if (entry.hourlyRate == null) return 'is billable but has no hourly rate';
      return entry.hourlyRate.isZero() ? 'is billable at an hourly rate of 0.00' : null;
    }),
  },
});
