import nodeCron from 'node-cron';

interface TimeMatcher {
  getNextMatch(from: Date): Date;
}

/**
 * node-cron's own matcher for an expression in a timezone, so that the fire times we compute
 * (for `billing-guard config` and catch-up) agree with the fires node-cron makes — including
 * its rule that day-of-month AND day-of-week must both match. node-cron exposes the matcher
 * only through a task's `getNextRuns`, which always starts from the present; the matcher
 * itself sits on the task object.
 */
function matcherFor(cron: string, timezone: string): TimeMatcher {
  const task = nodeCron.createTask(cron, () => undefined, { timezone }) as unknown as { timeMatcher?: TimeMatcher };
  const matcher = task.timeMatcher;
  if (!matcher || typeof matcher.getNextMatch !== 'function') {
    throw new Error('node-cron no longer exposes its time matcher: fire times cannot be computed');
  }
  return matcher;
}

/** The next `count` fire times strictly after `from`. */
export function nextFires(cron: string, timezone: string, from: Date, count: number): Date[] {
  const matcher = matcherFor(cron, timezone);
  const fires: Date[] = [];
  let cursor = from;
  for (let index = 0; index < count; index++) {
    cursor = matcher.getNextMatch(cursor);
    fires.push(cursor);
  }
  return fires;
}

/** The latest fire time in `(from, to]`, or null when the schedule did not fire then. */
export function lastFireBetween(cron: string, timezone: string, from: Date, to: Date): Date | null {
  const matcher = matcherFor(cron, timezone);
  let last: Date | null = null;
  for (let fire = matcher.getNextMatch(from); fire.getTime() <= to.getTime(); fire = matcher.getNextMatch(fire)) {
    last = fire;
  }
  return last;
}

/** A fire time to the minute, as it appears in job ids: 20261115T1100Z. */
export function fireStamp(fire: Date): string {
  return fire.toISOString().slice(0, 16).replace(/[-:]/g, '') + 'Z';
}
