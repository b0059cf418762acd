import { defineRule, noOptions } from '../define.js';

import { joinWords } from '../shared/describe.js';
import { entryFindings } from '../shared/time-entries.js';

export const timeUnclassified = defineRule({
  id: 'time.unclassified',
  severity: 'warning',
  scope: 'internal',
  description: 'A time entry in the period with no billable option (NoDefault or missing) or no work type.',
  fix: "Set the entry's billable option and work type.",
  options: noOptions,
  check(snapshot, _options, context) {
    return entryFindings(context.facts.periodEntries, ({ entry }) => {
      const missing: string[] = [];
      if (entry.billableOption == null || entry.billableOption === 'NoDefault') missing.push('no billable option');
      if (entry.workType == null) missing.push('no work type');
      return missing.length === 0 ? null : `has ${joinWords(missing)}`;
    });
  },
});
