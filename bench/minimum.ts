import type { PullNeeds } from '../src/rules/define.js';
import { agreementsAbsorbingTime } from '../src/connectwise/pull.js';
import { BILLED_STATUSES } from '../src/rules/shared/facts.js';
import { isBillable } from '../src/rules/shared/time-entries.js';
import type { Snapshot } from '../src/snapshot.js';

/**
 * The fewest requests that read what the enabled rules need of this snapshot's MSP: the pages of
 * each list (the period's time, and the unbilled billable time of the stale lookback), one
 * additions request per agreement, both exclusion lists of each agreement that absorbs time in
 * the period, and the configuration pages when counts map configuration types.
 */
export function minimumRequests(snapshot: Snapshot, pageSize: number, needs: PullNeeds): number {
  const pages = (records: number) => Math.max(1, Math.ceil(records / pageSize));
  const { period, timeEntries } = snapshot;
  const periodTime = timeEntries.filter((entry) => entry.timeStart >= period.start && entry.timeStart < period.end);
  const staleTime = timeEntries.filter((entry) => entry.timeStart < period.start && isBillable(entry) && !BILLED_STATUSES.has(entry.status ?? ''));
  const absorbing = agreementsAbsorbingTime(timeEntries, period);

  const lists = [snapshot.members, snapshot.agreements, snapshot.expenses, snapshot.tickets, snapshot.invoices];
  return (
    lists.reduce((sum, records) => sum + pages(records.length), 0) +
    pages(periodTime.length) +
    (needs.lookbackDays > 0 ? pages(staleTime.length) : 0) +
    (snapshot.counts.configurations > 0 ? pages(snapshot.counts.configurations) : 0) +
    snapshot.agreements.length +
    (needs.exclusions ? 2 * absorbing.size : 0)
  );
}
