import { z } from 'zod';
import { DEFAULT_APPROVED_STATUSES } from '../shared/facts.js';
import { byProblem, defineEntryRule } from '../shared/time-entries.js';

export const timeUnapproved = defineEntryRule({
  id: 'time.unapproved',
  severity: 'error',
  scope: 'internal',
  description: 'A time entry in the period whose status is not approved.',
  fix: 'Approve the time in Time Sheets.',
  options: z
    .object({ approvedStatuses: z.array(z.string().min(1)).min(1).default([...DEFAULT_APPROVED_STATUSES]) })
    .strict(),
  perEntry: {
    entries: 'periodEntries',
    findingOf({ approvedStatuses }) {
      const approved = new Set(approvedStatuses);
      return byProblem(({ entry }) => {
        if (entry.status != null && approved.has(entry.status)) return null;
        return entry.status == null ? 'has no status and is not approved' : `is not approved (status ${entry.status})`;
      });
    },
  },
});
