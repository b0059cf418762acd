import { EXCEPTION_ID } from '../report/schema.js';

/**
 * The machine-readable lines that end every text billing-guard writes on an exception ticket:
 * what it leaves open, what it acknowledged as waived, and which waiver notes it answered.
 * ConnectWise is the only memory: the next run reads them back from the newest such note.
 *
 *   billing-guard waived: <exception ids>      (only when some are waived)
 *   billing-guard answered: <note ids>         (only when some waiver note was answered)
 *   billing-guard open: <exception ids | none> (always, last)
 */

export interface TicketMarker {
  open: ReadonlySet<string>;
  waived: ReadonlySet<string>;
  answered: ReadonlySet<number>;
}

export const EMPTY_MARKER: TicketMarker = { open: new Set(), waived: new Set(), answered: new Set() };

const OPEN = 'billing-guard open:';
const WAIVED = 'billing-guard waived:';
const ANSWERED = 'billing-guard answered:';
const NOTE_ID = /^[1-9]\d*$/;

export function renderMarker(marker: TicketMarker): string[] {
  const lines: string[] = [];
  if (marker.waived.size > 0) lines.push(`${WAIVED} ${[...marker.waived].sort().join(',')}`);
  if (marker.answered.size > 0) lines.push(`${ANSWERED} ${[...marker.answered].sort((a, b) => a - b).join(',')}`);
  lines.push(`${OPEN} ${marker.open.size === 0 ? 'none' : [...marker.open].sort().join(',')}`);
  return lines;
}

/** The value of the last line starting with the label, or null when there is none. */
function lastValue(lines: readonly string[], label: string): string | null {
  const line = lines.findLast((candidate) => candidate.startsWith(label));
  return line === undefined ? null : line.slice(label.length).trim();
}

function idsOf(value: string | null, pattern: RegExp): string[] | null {
  if (value === null || value === 'none' || value === '') return [];
  const ids = value.split(',').map((id) => id.trim());
  return ids.every((id) => pattern.test(id)) ? ids : null;
}

/** The marker a text ends with; null when it carries no valid one (a note someone else wrote). */
export function parseMarker(text: string): TicketMarker | null {
  const lines = text.split(/\r?\n/).map((line) => line.trimEnd());
  const openValue = lastValue(lines, OPEN);
  if (openValue === null) return null;
  const open = idsOf(openValue, EXCEPTION_ID);
  const waived = idsOf(lastValue(lines, WAIVED), EXCEPTION_ID);
  const answered = idsOf(lastValue(lines, ANSWERED), NOTE_ID);
  if (open === null || waived === null || answered === null) return null;
  return { open: new Set(open), waived: new Set(waived), answered: new Set(answered.map(Number)) };
}

export function sameMarker(left: TicketMarker, right: TicketMarker): boolean {
  const same = <T>(a: ReadonlySet<T>, b: ReadonlySet<T>) => a.size === b.size && [...a].every((value) => b.has(value));
  return same(left.open, right.open) && same(left.waived, right.waived) && same(left.answered, right.answered);
}
