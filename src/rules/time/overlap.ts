import type { Decimal } from 'decimal.js';
import { z } from 'zod';
import { Money, toCents } from '../../money.js';
import { defineRule } from '../define.js';
import type { RuleFinding } from '../define.js';
import { byCompanyAndRecords, companyName } from '../shared/describe.js';
import { formatHours } from '../shared/facts.js';
import type { DatedEntry } from '../shared/facts.js';
import { isBillable } from '../shared/time-entries.js';

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;

/**
 * One member's time entries that have an interval [timeStart, timeEnd), with the instants read
 * out of the entries once: sorting and sweeping then work on plain numbers.
 */
interface MemberIntervals {
  entries: DatedEntry[];
  ids: number[];
  starts: number[];
  ends: number[];
}

/** Each member's entries with an interval, in the order given. */
function intervalsByMember(dated: readonly DatedEntry[], byMember: Map<number, MemberIntervals>): void {
  for (let index = 0; index < dated.length; index++) {
    const one = dated[index]!;
    const { entry } = one;
    if (entry.timeEnd == null || entry.timeEnd <= entry.timeStart) continue;
    let intervals = byMember.get(entry.member.id);
    if (!intervals) byMember.set(entry.member.id, (intervals = { entries: [], ids: [], starts: [], ends: [] }));
    intervals.entries.push(one);
    intervals.ids.push(entry.id);
    intervals.starts.push(entry.timeStart);
    intervals.ends.push(entry.timeEnd);
  }
}

/** Indexes into the member's entries by timeStart, then id; ConnectWise ids mostly follow time, so often already in order. */
function startOrder({ ids, starts }: MemberIntervals): number[] {
  const order = starts.map((_, index) => index);
  const before = (left: number, right: number) => starts[left]! - starts[right]! || ids[left]! - ids[right]!;
  for (let index = 1; index < order.length; index++) {
    if (before(index - 1, index) > 0) return order.sort(before);
  }
  return order;
}

export const timeOverlap = defineRule({
  id: 'time.overlap',
  severity: 'error',
  scope: 'company',
  description: 'Two time entries of the same member whose [timeStart, timeEnd) intervals overlap by more than the tolerance.',
  fix: 'Correct the start or end of one of the entries, or delete the one logged twice.',
  options: z.object({ toleranceMinutes: z.number().min(0).default(0) }).strict(),
  check(snapshot, { toleranceMinutes }, context) {
    const facts = context.facts;
    const byMember = new Map<number, MemberIntervals>();
    intervalsByMember(facts.periodEntries, byMember);
    // Time logged late on the day before the period can still run into the period's first entries.
    const periodStart = context.period.start;
    intervalsByMember(facts.earlierEntries.filter((dated) => (dated.entry.timeEnd ?? 0) > periodStart), byMember);

    const tolerance = toleranceMinutes * MS_PER_MINUTE;
    const inPeriod = (dated: DatedEntry) => dated.date >= context.period.firstDay;
    const findings: RuleFinding[] = [];
    for (const intervals of byMember.values()) {
      const { entries, starts, ends } = intervals;
      // Sweep in start order, keeping only the entries still open when the current one starts.
      const open: number[] = [];
      let openCount = 0;
      const order = startOrder(intervals);
      for (let position = 0; position < order.length; position++) {
        const current = order[position]!;
        const start = starts[current]!;
        let kept = 0;
        for (let index = 0; index < openCount; index++) if (ends[open[index]!]! > start) open[kept++] = open[index]!;
        openCount = kept;
        for (let index = 0; index < openCount; index++) {
          const earlier = entries[open[index]!]!;
          const overlap = Math.min(ends[open[index]!]!, ends[current]!) - start;
          if (overlap > tolerance && (inPeriod(earlier) || inPeriod(entries[current]!))) {
            findings.push(...pairFindings(earlier, entries[current]!, overlap));
          }
        }
        open[openCount++] = current;
      }
    }
    return findings.sort(byCompanyAndRecords);
  },
});

/**
 * The pair is reported on each company's ticket it touches. The overlap starts when the later
 * entry starts, so that entry's date is the overlap's date.
 */
function pairFindings(earlier: DatedEntry, later: DatedEntry, overlapMs: number): RuleFinding[] {
  const [first, second] = earlier.entry.id < later.entry.id ? [earlier, later] : [later, earlier];
  const hours = new Money(overlapMs).div(MS_PER_HOUR);
  const amount = overlapAmount(hours, [first, second]);
  const crossCompany = first.entry.company.id !== second.entry.company.id;
  const companies = crossCompany
    ? ` (#${first.entry.id} for ${companyName(first.entry.company)}, #${second.entry.id} for ${companyName(second.entry.company)})`
    : ` for ${companyName(first.entry.company)}`;
  const billed = amount ? `; the overlap bills ${amount.toFixed(2)}` : '';
  const message = `Time entries #${first.entry.id} and #${second.entry.id} by ${first.entry.member.identifier}${companies} overlap by ${formatHours(hours)} on ${later.date}${billed}.`;
  const finding = (dated: DatedEntry): RuleFinding => ({
    company: dated.entry.company,
    member: dated.entry.member,
    records: [
      { type: 'timeEntry', id: first.entry.id },
      { type: 'timeEntry', id: second.entry.id },
    ],
    date: later.date,
    hours,
    amount,
    message,
  });
  return crossCompany ? [finding(first), finding(second)] : [finding(first)];
}

/**
 * The overlap hours at the higher hourly rate of the pair's Billable entries: what the client is
 * charged once for time already on the other entry. Null when neither entry bills at a rate.
 */
function overlapAmount(hours: Decimal, pair: DatedEntry[]): Decimal | null {
  let rate: Decimal | null = null;
  for (const { entry } of pair) {
    if (!isBillable(entry) || entry.hourlyRate == null || entry.hourlyRate.isZero()) continue;
    if (rate === null || entry.hourlyRate.greaterThan(rate)) rate = entry.hourlyRate;
  }
  return rate === null ? null : toCents(hours.times(rate));
}
