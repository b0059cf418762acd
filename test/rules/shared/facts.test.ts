import { describe, expect, it } from 'vitest';
import { contextFor, snapshot, timeEntry } from '../fixtures.js';

const entry = (id: number, member: number, timeStart: string, fields: Record<string, unknown> = {}) =>
  timeEntry({ id, member: { id: member, identifier: `tech${member}` }, timeStart, timeEnd: null, actualHours: 1, ...fields });

describe('the run facts', () => {
  const facts = contextFor(
    snapshot({
      timeEntries: [
        entry(1, 7, '2026-10-05T14:00:00Z', { agreement: { id: 88 } }),
        entry(2, 8, '2026-10-05T15:00:00Z', { agreement: { id: 89 } }),
        entry(3, 7, '2026-10-06T14:00:00Z', { agreement: null }),
        entry(4, 7, '2026-10-07T14:00:00Z', { agreement: { id: 88 }, billableOption: 'DoNotBill' }),
        entry(5, 8, '2026-10-08T14:00:00Z', { agreement: { id: 88 } }),
        // before the period and after it
        entry(6, 7, '2026-09-30T14:00:00Z', { agreement: { id: 88 } }),
        entry(7, 7, '2026-11-02T14:00:00Z', { agreement: { id: 88 } }),
      ],
    }),
  ).facts;
  const ids = (entries: ReadonlyArray<{ entry: { id: number } }> | undefined) => entries?.map(({ entry }) => entry.id);

  it("group the period's entries by member, each group in period order", () => {
    expect([...facts.entriesByMember.keys()]).toEqual([7, 8]);
    expect(ids(facts.entriesByMember.get(7))).toEqual([1, 3, 4]);
    expect(ids(facts.entriesByMember.get(8))).toEqual([2, 5]);
  });

  it('apply to an agreement only the Billable entries that point at it', () => {
    expect([...facts.appliedEntries.keys()]).toEqual([88, 89]);
    expect(ids(facts.appliedEntries.get(88))).toEqual([1, 5]);
    expect(ids(facts.appliedEntries.get(89))).toEqual([2]);
  });

  it('keep entries without an agreement and those before the period apart', () => {
    expect(ids(facts.entriesWithoutAgreement)).toEqual([3]);
    expect(ids(facts.earlierEntries)).toEqual([6]);
    expect(ids(facts.periodEntries)).toEqual([1, 2, 3, 4, 5]);
  });
});
