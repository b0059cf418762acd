/**
 * Calendar arithmetic in the tenant timezone, built on Intl only.
 * A calendar date is a 'YYYY-MM-DD' string: they compare correctly as strings.
 */
export type CalendarDate = string;

export interface Period {
  /** 'YYYY-MM' */
  id: string;
  timezone: string;
  /** first calendar day of the period */
  firstDay: CalendarDate;
  /** first calendar day after the period */
  endDay: CalendarDate;
  /** the instant the period starts (local midnight on firstDay) */
  start: number;
  /** the instant the period ends, exclusive (local midnight on endDay) */
  end: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

export function isValidTimezone(timezone: string): boolean {
  try {
    formatterFor(timezone);
    return true;
  } catch {
    return false;
  }
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(instant: number, timezone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timezone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** "06:00": the time of day of an instant in the timezone. */
export function zonedTime(instant: number, timezone: string): string {
  const wall = wallClock(instant, timezone);
  return `${pad(wall.hour)}:${pad(wall.minute)}`;
}

/** "2026-11-15 06:00": an instant as a date and time of day in the timezone. */
export function zonedDateTime(instant: number, timezone: string): string {
  return `${zonedDate(instant, timezone)} ${zonedTime(instant, timezone)}`;
}

// en-GB puts the day before the month, as "Tue 10 Nov" reads
const DAY_LABEL = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' });

/** "2026-11-10" → "Tue 10 Nov": a calendar day as people say it */
export function dayLabel(date: CalendarDate): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return DAY_LABEL.format(Date.UTC(year, month - 1, day));
}

/** Offset of the timezone from UTC at that instant, in milliseconds. */
function offsetAt(instant: number, timezone: string): number {
  const wall = wallClock(instant, timezone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The calendar date of an instant in the timezone. */
export function zonedDate(instant: number, timezone: string): CalendarDate {
  const wall = wallClock(instant, timezone);
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)}`;
}

/** The first instant of a calendar date in the timezone (local midnight, or the first minute after a gap). */
export function startOfDay(date: CalendarDate, timezone: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const localAsUtc = Date.UTC(year, month - 1, day);
  let guess = localAsUtc - offsetAt(localAsUtc, timezone);
  guess = localAsUtc - offsetAt(guess, timezone);
  // A midnight that falls in a DST gap does not exist: the day starts when the clock jumps.
  while (zonedDate(guess, timezone) < date) guess += 60 * 60 * 1000;
  return guess;
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday */
export function dayOfWeek(date: CalendarDate): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

export function daysBetween(from: CalendarDate, to: CalendarDate): CalendarDate[] {
  const days: CalendarDate[] = [];
  for (let day = from; day < to; day = addDays(day, 1)) days.push(day);
  return days;
}

export function isBusinessDay(date: CalendarDate, holidays: ReadonlySet<CalendarDate>): boolean {
  const weekday = dayOfWeek(date);
  return weekday !== 0 && weekday !== 6 && !holidays.has(date);
}

export const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export function periodFromId(id: string, timezone: string): Period {
  if (!PERIOD_PATTERN.test(id)) throw new Error(`period "${id}" is not a month of the form YYYY-MM`);
  const firstDay = `${id}-01`;
  const [year, month] = id.split('-').map(Number) as [number, number];
  const endDay = new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 10);
  return {
    id,
    timezone,
    firstDay,
    endDay,
    start: startOfDay(firstDay, timezone),
    end: startOfDay(endDay, timezone),
  };
}

/** `period: previous-month`: a run on a date validates the calendar month before it. */
export function periodBefore(date: CalendarDate, timezone: string): Period {
  const [year, month] = date.split('-').map(Number) as [number, number];
  const previous = new Date(Date.UTC(year, month - 2, 1)).toISOString().slice(0, 7);
  return periodFromId(previous, timezone);
}

/** The period that precedes this one (for last period's invoices). */
export function previousPeriod(period: Period): Period {
  return periodBefore(period.firstDay, period.timezone);
}

/**
 * Maps instants to calendar dates quickly over a known range of days, by binary search on
 * precomputed local midnights; rules call it once per time entry.
 */
export class DayIndex {
  private readonly days: CalendarDate[];
  private readonly starts: number[];

  constructor(
    readonly from: CalendarDate,
    readonly to: CalendarDate,
    readonly timezone: string,
  ) {
    this.days = daysBetween(from, addDays(to, 1));
    this.starts = this.days.map((day) => startOfDay(day, timezone));
  }

  /** The calendar date of the instant; outside the range it falls back to Intl. */
  dateOf(instant: number): CalendarDate {
    const starts = this.starts;
    if (instant < starts[0]! || instant >= starts[starts.length - 1]!) return zonedDate(instant, this.timezone);
    let low = 0;
    let high = starts.length - 1;
    while (high - low > 1) {
      const middle = (low + high) >>> 1;
      if (starts[middle]! <= instant) low = middle;
      else high = middle;
    }
    return this.days[low]!;
  }
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** The period a run at that instant validates: the calendar month before its date in the timezone. */
export function periodRunAt(now: Date, timezone: string): Period {
  return periodBefore(zonedDate(now.getTime(), timezone), timezone);
}
