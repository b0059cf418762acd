import { z } from 'zod';
import type { CalendarDate } from '../../calendar.js';
import { daysBetween, isBusinessDay } from '../../calendar.js';
import { toDecimal } from '../../money.js';
import { defineRule } from '../define.js';
import type { RuleFinding } from '../define.js';
import { formatHours } from '../shared/facts.js';
import { HoursTotal } from '../shared/hundredths.js';

export const timeMissing = defineRule({
  id: 'time.missing',
  severity: 'warning',
  scope: 'internal',
  description: "A technician's business day in the period with fewer logged hours than the daily minimum.",
  fix: 'Log the missing time, or PTO if you were off.',
  options: z.object({ minHoursPerDay: z.number().min(0).max(24).default(7) }).strict(),
  check(snapshot, { minHoursPerDay }, context) {
    const facts = context.facts;
    const minimum = toDecimal(minHoursPerDay);
    const technicians = [...facts.technicians].sort((left, right) => left.id - right.id);
    const businessDays = daysBetween(context.period.firstDay, context.period.endDay).filter((day) =>
      isBusinessDay(day, context.holidays),
    );
    const findings: RuleFinding[] = [];
    for (const member of technicians) {
      const days = new Map<CalendarDate, HoursTotal>();
      const entries = facts.entriesByMember.get(member.id) ?? [];
      for (let index = 0; index < entries.length; index++) {
        const dated = entries[index]!;
        let total = days.get(dated.date);
        if (!total) days.set(dated.date, (total = new HoursTotal()));
        total.add(dated);
      }
      for (const day of businessDays) {
        const logged = days.get(day) ?? new HoursTotal();
        if (logged.compareTo(minimum) >= 0) continue;
        const { hours } = logged;
        const shortfall = minimum.minus(hours);
        findings.push({
          company: null,
          member: { id: member.id, identifier: member.identifier },
          records: [{ type: 'member', id: member.id }],
          date: day,
          hours: shortfall,
          amount: null,
          message: `Member #${member.id} (${member.identifier}) logged ${formatHours(hours)} on ${day}, ${formatHours(shortfall)} short of the daily minimum of ${formatHours(minimum)}.`,
        });
      }
    }
    return findings;
  },
});
