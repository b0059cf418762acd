import type { Decimal } from 'decimal.js';
import { z } from 'zod';
import { Money, toCents } from '../../money.js';
import { byCompanyAndRecords, companyName } from '../agreement/describe.js';
import { defineRule } from '../define.js';
import type { RuleFinding } from '../define.js';
import { factsOf, formatHours } from '../facts.js';
import type { DatedEntry } from '../facts.js';
import { isBillable } from './entries.js';

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;

/** A time entry with an end: its interval is [timeStart, timeEnd). */
type Timed = DatedEntry & { entry: { timeEnd: number } };

function hasInterval(dated: DatedEntry): dated is Timed {
  return dated.entry.timeEnd != null && dated.entry.timeEnd > dated.entry.timeStart;
}

export const timeOverlap = defineRule({
  id: 'time.overlap',
  severity: 'error',
  scope: 'company',
  description: 'Two time entries of the same member whose [timeStart, timeEnd) intervals overlap by more than the tolerance.',
  options: z.object({ toleranceMinutes: z.number().min(0).default(0) }).strict(),
  check(snapshot, { toleranceMinutes }, context) {
    const facts = factsOf(snapshot, context);
    const byMember = new Map<number, Timed[]>();
    const add = (dated: DatedEntry) => {
      if (!hasInterval(dated)) return;
      const timed = byMember.get(dated.entry.member.id);
      if (timed) timed.push(dated);
      else byMember.set(dated.entry.member.id, [dated]);
    };
    for (const dated of facts.periodEntries) add(dated);
    // Time logged late on the day before the period can still run into the period's first entries.
    for (const dated of facts.earlierEntries) if ((dated.entry.timeEnd ?? 0) > context.period.start) add(dated);

    const tolerance = toleranceMinutes * MS_PER_MINUTE;
    const inPeriod = (dated: DatedEntry) => dated.date >= context.period.firstDay;
    const findings: RuleFinding[] = [];
    for (const timed of byMember.values()) {
      timed.sort((left, right) => left.entry.timeStart - right.entry.timeStart || left.entry.id - right.entry.id);
      // Sweep in start order, keeping only the entries still open when the current one starts.
      const open: Timed[] = [];
      for (const current of timed) {
        const start = current.entry.timeStart;
        let kept = 0;
        for (const earlier of open) if (earlier.entry.timeEnd > start) open[kept++] = earlier;
        open.length = kept;
        for (const earlier of open) {
          const overlap = Math.min(earlier.entry.timeEnd, current.entry.timeEnd) - start;
          if (overlap > tolerance && (inPeriod(earlier) || inPeriod(current))) {
            findings.push(...pairFindings(earlier, current, overlap));
          }
        }
        open.push(current);
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
