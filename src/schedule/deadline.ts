import { startOfDay, zonedDate, type CalendarDate } from '../calendar.js';
import type { Schedule } from '../config/billing.js';
import { nextFires } from './fires.js';

/**
 * When a schedule fires on a date: its first fire that day, or the start of the day when the
 * schedule does not fire then (a reminder run by hand "as if fired" on another date).
 */
export function fireTimeOn(cron: string, timezone: string, date: CalendarDate): Date {
  const dayStart = startOfDay(date, timezone);
  const [fire] = nextFires(cron, timezone, new Date(dayStart - 1000), 1);
  return fire && zonedDate(fire.getTime(), timezone) === date ? fire : new Date(dayStart);
}

/** The next fire of any validate schedule after an instant: the deadline for fixing time. */
export function nextValidationAfter(schedules: readonly Schedule[], timezone: string, after: Date): Date | null {
  const fires = schedules
    .filter((schedule) => schedule.job === 'validate')
    .map((schedule) => nextFires(schedule.cron, timezone, after, 1)[0]!)
    .sort((a, b) => a.getTime() - b.getTime());
  return fires[0] ?? null;
}
