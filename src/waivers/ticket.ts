import { parseWaiverLines } from './parse.js';

/**
 * Waivers finance wrote on an exception ticket. Only a ConnectWise member's note counts (a
 * contact's portal note has no member), and never a note billing-guard wrote itself: those
 * quote exception lines and waiver lines back. Pure: the key's notes in, who waived what out.
 */

/** A note of an exception ticket, as ConnectWise returns it. */
export interface TicketNote {
  id: number;
  text: string;
  /** the member identifier of its author; null for a contact's note */
  member: string | null;
  /** ISO instant */
  createdAt: string;
  /** written by billing-guard (it carries the marker line) */
  own: boolean;
}

export interface TicketWaiver {
  by: string;
  at: string;
  reason: string;
  noteId: number;
}

/** A waiver line that waived nothing: answered once in the next note, otherwise ignored. */
export interface UnmatchedWaiverLine {
  noteId: number;
  by: string;
  line: string;
  problem: 'no-reason' | 'no-exception';
}

export interface TicketWaivers {
  /** by exception id: every waiver that names it, oldest first (the earliest that still holds counts) */
  waivers: Map<string, TicketWaiver[]>;
  unmatched: UnmatchedWaiverLine[];
}

export function byCreation(left: TicketNote, right: TicketNote): number {
  return left.createdAt.localeCompare(right.createdAt) || left.id - right.id;
}

/**
 * Reads every waiver line of the key's notes (of all its tickets, open or closed), oldest
 * first. `refsOfTicket` are the ids of the exceptions the run found for the key: a line that
 * names none of them, or has no reason, waives nothing.
 */
export function readTicketWaivers(notes: readonly TicketNote[], refsOfTicket: ReadonlySet<string>): TicketWaivers {
  const waivers = new Map<string, TicketWaiver[]>();
  const unmatched: UnmatchedWaiverLine[] = [];
  for (const note of [...notes].sort(byCreation)) {
    if (note.own || note.member === null) continue;
    for (const { line, refs, reason } of parseWaiverLines(note.text)) {
      const known = refs.filter((ref) => refsOfTicket.has(ref));
      if (reason === null) {
        unmatched.push({ noteId: note.id, by: note.member, line, problem: 'no-reason' });
        continue;
      }
      if (known.length === 0) {
        unmatched.push({ noteId: note.id, by: note.member, line, problem: 'no-exception' });
        continue;
      }
      const waiver = { by: note.member, at: note.createdAt, reason, noteId: note.id };
      for (const ref of new Set(known)) waivers.set(ref, [...(waivers.get(ref) ?? []), waiver]);
    }
  }
  return { waivers, unmatched };
}
