import { z } from 'zod';

import { nameKey } from '../../text.js';
import { byProblem, defineEntryRule } from '../shared/time-entries.js';

const workTypeNames = z.array(z.string().trim().min(1)).default([]);


export const timeBillableMismatch = defineEntryRule({
  id: 'time.billable-mismatch',
  severity: 'warning',
  scope: 'company',
  description:
    'A time entry whose billable option contradicts its work type: a non-billable work type marked Billable, or a billable work type marked DoNotBill or NoCharge with no agreement.',
  fix: 'Set the billable option that the work type calls for, or correct the work type.',
  options: z.object({ nonBillableWorkTypes: workTypeNames, billableWorkTypes: workTypeNames }).strict(),
  perEntry: {
    entries: 'periodEntries',
    findingOf(options) {
      const nonBillable = new Set(options.nonBillableWorkTypes.map(nameKey));
      const billable = new Set(options.billableWorkTypes.map(nameKey));
      if (nonBillable.size === 0 && billable.size === 0) return null;
      // A tenant has a handful of work types: each name is normalised once.
      const keys = new Map<string, string>();
      return byProblem(({ entry }) => {
        const name = entry.workType?.name;
        if (name == null) return null;
        let key = keys.get(name);
        if (key === undefined) keys.set(name, (key = nameKey(name)));
        const option = entry.billableOption;
        if (option === 'Billable' && nonBillable.has(key)) {
          return `is marked Billable, but its work type "${name}" is not billable`;
        }
        if ((option === 'DoNotBill' || option === 'NoCharge') && entry.agreement == null && billable.has(key)) {
          return `is marked ${option} with no agreement, but its work type "${name}" is billable`;
        }
        return null;
      });
    },
  },
});
