import type { Decimal } from 'decimal.js';
import { z } from 'zod';
import { Money, toCents } from '../../money.js';
import { defineRule } from '../define.js';
import type { RuleFinding } from '../define.js';
import { byCompanyAndRecords, companyName } from '../shared/describe.js';
import { addTo, byTimeStart, formatHours } from '../shared/facts.js';
import type { DatedEntry } from '../shared/facts.js';
import { isBillable } from '../shared/time-entries.js';

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;

const hasInterval = ({ entry }: DatedEntry) => entry.timeEnd != null && entry.timeEnd > entry.timeStart;

/** One member's entries with an interval, by timeStart then id; ConnectWise ids mostly follow time, so often already in order. */
function intervalsInStartOrder(entries: DatedEntry[]): DatedEntry[] {
  const intervals = entries.filter(hasInterval);
  for (let index = 1; index < intervals.length; index++) {
    if (byTimeStart(intervals[index - 1]!, intervals[index]!) > 0) return intervals.sort(byTimeStart);
  }
  return intervals;
}

export const timeOverlap = defineRule({
  id: 'time.overlap',
  severity: 'error',
  scope: 'company',
  description: 'Two time entries of the same member whose [timeStart, timeEnd) intervals overlap by more than the tolerance.',
  fix: 'Correct the start or end of one of the entries, or delete the one logged twice.',
  options: z.object({ toleranceMinutes: z.number().min(0).default(0) }).strict(),
  check(snapshot, { toleranceMinutes }, context) {
    const { entriesByMember, earlierEntries } = context.facts;
    // Time logged late on the day before the period can still run into the period's first entries.
    const periodStart = context.period.start;
    const reachingIn = new Map<number, DatedEntry[]>();
    for (let index = 0; index < earlierEntries.length; index++) {
      const dated = earlierEntries[index]!;
      if ((dated.entry.timeEnd ?? 0) > periodStart) addTo(reachingIn, dated.entry.member.id, dated);
    }
    const byMember = new Map(entriesByMember);
    for (const [member, earlier] of reachingIn) byMember.set(member, earlier.concat(entriesByMember.get(member) ?? []));

    const tolerance = toleranceMinutes * MS_PER_MINUTE;
    const inPeriod = (dated: DatedEntry) => dated.date >= context.period.firstDay;
    const findings: RuleFinding[] = [];
    for (const memberEntries of byMember.values()) {
      const entries = intervalsInStartOrder(memberEntries);
      // Sweep in start order, keeping only the entries still open when the current one starts.
      // The first openCount places of `open`; the array is reused, never shrunk, so it is not reallocated per entry.
      const open: DatedEntry[] = [];
      let openCount = 0;
      for (let position = 0; position < entries.length; position++) {
        const current = entries[position]!;
        const { timeStart: start, timeEnd: end } = current.entry;
        let kept = 0;
        for (let index = 0; index < openCount; index++) if (open[index]!.entry.timeEnd! > start) open[kept++] = open[index]!;
        openCount = kept;
        for (let index = 0; index < openCount; index++) {
          const earlier = open[index]!;
          const overlap = Math.min(earlier.entry.timeEnd!, end!) - start;
          if (overlap > tolerance && (inPeriod(earlier) || inPeriod(current))) findings.push(...pairFindings(earlier, current, overlap));
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
