import { z } from 'zod';
import { byProblem, defineEntryRule, isBillable } from '../shared/time-entries.js';

/** Matches any keyword as a whole word: not inside a longer word ("mastodon", "xxxl"), punctuation around it allowed ("TODO:"). */
function keywordPattern(keywords: readonly string[]): RegExp {
  const alternatives = keywords.map((keyword) => keyword.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}_])`, 'iu');
}

export const timeNotesKeyword = defineEntryRule({
  id: 'time.notes-keyword',
  severity: 'warning',
  scope: 'company',
  description: 'A billable time entry whose notes contain a placeholder or internal word that the client will read on the invoice.',
  fix: 'Rewrite the notes so that the client can read them on the invoice.',
  options: z.object({ keywords: z.array(z.string().trim().min(1)).default(['TODO', 'TBD', 'FIXME', 'asdf', 'xxx']) }).strict(),
  perEntry: {
    entries: 'periodEntries',
    findingOf({ keywords }) {
      if (keywords.length === 0) return null;
      const pattern = keywordPattern(keywords);
      return byProblem(({ entry }) => {
        if (!isBillable(entry) || !entry.notes) return null;
        const found = pattern.exec(entry.notes);
        return found && `is billable and its notes contain "${found[0]}", which the client will read on the invoice`;
      });
    },
  },
});
