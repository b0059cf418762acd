import { noOptions } from '../define.js';

import { joinWords } from '../shared/describe.js';
import { byProblem, defineEntryRule } from '../shared/time-entries.js';

export const timeUnclassified = defineEntryRule({
  id: 'time.unclassified',
  severity: 'warning',
  scope: 'internal',
  description: 'A time entry in the period with no billable option (NoDefault or missing) or no work type.',
  fix: "Set the entry's billable option and work type.",
  options: noOptions,
  perEntry: {
    entries: 'periodEntries',
    findingOf: () => byProblem(({ entry }) => {
      const noOption = entry.billableOption == null || entry.billableOption === 'NoDefault';
      const noWorkType = entry.workType == null;
      if (!noOption && !noWorkType) return null;
      return `has ${joinWords([...(noOption ? ['no billable option'] : []), ...(noWorkType ? ['no work type'] : [])])}`;
    }),
  },
});
