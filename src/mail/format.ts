/** How dates read in mail: in the tenant timezone, in words a person recognises. */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat('en-US', options);
    formatters.set(key, cached);
  }
  return cached;
}

/** "Sunday, November 15, 2026 at 6:00 AM EST" */
export function dateTimeLabel(at: Date, timezone: string): string {
  return formatter(`long ${timezone}`, {
    timeZone: timezone,
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(at);
}

/** "Nov 15" */
export function shortDateLabel(at: Date, timezone: string): string {
  return formatter(`short ${timezone}`, { timeZone: timezone, month: 'short', day: 'numeric' }).format(at);
}

/** "2026-10" → "October 2026" */
export function periodLabel(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return formatter('period', { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(Date.UTC(year, month - 1, 1));
}

/** "3.25" → "3.25 h", "7.00" → "7 h", "10" → "10 h" */
export function hoursLabel(hours: string): string {
  return `${hours.includes('.') ? hours.replace(/\.?0+$/, '') : hours} h`;
}
