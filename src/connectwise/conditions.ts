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
