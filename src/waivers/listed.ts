import { EXCEPTION_ID } from '../report/schema.js';
import { byCreation, type TicketNote } from './ticket.js';

/**
 * The exception lines billing-guard listed in its own notes, read back: what finance saw of an
 * exception when they waived it, and how a resolved exception was last described.
 * A line reads `- [severity] rule: message | 2.00 h | 150.00 | ref 0123456789abcdef`.
 */

export interface ListedException {
  ref: string;
  /** the line as written */
  line: string;
  hours: string | null;
  amount: string | null;
  noteId: number;
  createdAt: string;
}

const LISTED_LINE = /^- \[(?:error|warning|info)\] .* \| ref (\S+)$/;
const HOURS_PART = /^(-?\d+\.\d{2}) h$/;
const AMOUNT_PART = /^-?\d+\.\d{2}$/;

function listedFrom(line: string, note: TicketNote): ListedException | null {
  const match = LISTED_LINE.exec(line);
  if (!match || !EXCEPTION_ID.test(match[1]!)) return null;
  const parts = line.split(' | ').slice(1, -1);
  const amount = parts.length > 0 && AMOUNT_PART.test(parts.at(-1)!) ? parts.pop()! : null;
  const hours = parts.length > 0 ? (HOURS_PART.exec(parts.at(-1)!)?.[1] ?? null) : null;
  return { ref: match[1]!, line, hours, amount, noteId: note.id, createdAt: note.createdAt };
}

/** Every exception line of billing-guard's own notes, oldest note first. */
export function listedExceptions(notes: readonly TicketNote[]): ListedException[] {
  return [...notes]
    .filter((note) => note.own)
    .sort(byCreation)
    .flatMap((note) =>
      note.text
        .split('\n')
        .map((line) => listedFrom(line.trimEnd(), note))
        .filter((listed): listed is ListedException => listed !== null),
    );
}

/** The last listing of the exception, or the last one written at or before `at` when given. */
export function lastListed(listed: readonly ListedException[], ref: string, at?: string): ListedException | undefined {
  return listed.findLast((entry) => entry.ref === ref && (at === undefined || entry.createdAt <= at));
}
