/** Literals of ConnectWise's conditions language. */

/** A string literal; a quote inside is doubled. */
export function quoted(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

/** An instant, to the second. */
export function instantCondition(instant: number): string {
  return `[${new Date(instant).toISOString().replace('.000Z', 'Z')}]`;
}

/** A date-only field, which ConnectWise stores at midnight UTC. */
export function dateCondition(date: string): string {
  return `[${date}T00:00:00Z]`;
}

/**
 * `field in ("a","b")` or `field in (1,2)` conditions over the values, split into as few as keep each
 * one's encoded length under `maxEncoded`, so a request URL stays well under ConnectWise's ~2,000 characters.
 */
export function inConditions(field: string, values: readonly (string | number)[], maxEncoded = 1200): string[] {
  const conditions: string[] = [];
  let listed: string[] = [];
  const condition = (list: readonly string[]) => `${field} in (${list.join(',')})`;
  for (const value of values.map((value) => (typeof value === 'number' ? String(value) : quoted(value)))) {
    if (listed.length > 0 && encodeURIComponent(condition([...listed, value])).length > maxEncoded) {
      conditions.push(condition(listed));
      listed = [];
    }
    listed.push(value);
  }
  if (listed.length > 0) conditions.push(condition(listed));
  return conditions;
}
