import { z } from 'zod';

import { byProblem, defineEntryRule, isBillable } from '../shared/time-entries.js';

export const timeNoNotes = defineEntryRule({
  id: 'time.no-notes',
  severity: 'warning',
  scope: 'company',
  description: 'A billable time entry with empty or whitespace-only notes: the client sees a line they cannot understand.',
  fix: 'Write notes on the entry that the client can understand.',
  options: z.object({ minLength: z.number().int().min(1).default(1) }).strict(),
  perEntry: {
    entries: 'periodEntries',
    findingOf: ({ minLength }) => byProblem(({ entry }) => {
      if (!isBillable(entry)) return null;
      const length = entry.notes?.trim().length ?? 0;
      if (length >= minLength) return null;
      return length === 0
        ? 'is billable but has no notes'
        : `is billable but its notes have ${length} characters, fewer than ${minLength}`;
    }),
  },
});
