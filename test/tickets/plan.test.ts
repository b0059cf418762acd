import { describe, expect, it } from 'vitest';
import type { ReportException } from '../../src/report/schema.js';
import { NO_HISTORY, planTicket, planTickets, ticketOfKey, type TicketAction, type TicketState } from '../../src/tickets/plan.js';
import { parseMarker } from '../../src/tickets/marker.js';
import { ticketTarget, type TicketTarget } from '../../src/tickets/target.js';
import { ACME, GLOBEX, MSP, RUN, exception, exceptionId, internalException, openIdsOf, report } from './fixtures.js';

function acmeTarget(exceptions: ReportException[]): TicketTarget {
  return ticketTarget(report(exceptions), ACME.id, null)!;
}

function open(id: number, openIds: number[] | null): TicketState {
  return { id, closed: false, marker: openIds && { open: new Set(openIds.map(exceptionId)), waived: new Set(), answered: new Set() } };
}

function closed(id: number, openIds: number[] | null): TicketState {
  return { ...open(id, openIds), closed: true };
}

/** The ids the action's text leaves open, sorted; null when it writes no text. */
function markerOf(action: TicketAction): string[] | null {
  const text = action.kind === 'create' ? action.description : action.kind === 'nothing' ? null : action.text;
  return text === null ? null : [...(openIdsOf(text) ?? ['(no marker)'])].sort();
}

describe('planTicket', () => {
  it('creates a ticket for new findings when the key has no ticket', () => {
    const action = planTicket(acmeTarget([exception(1), exception(2)]), null, NO_HISTORY, RUN);
    expect(action).toMatchObject({ kind: 'create', companyId: ACME.id, summary: 'Billing exceptions 2026-10: Acme Corp' });
    expect(markerOf(action)).toEqual([exceptionId(1), exceptionId(2)]);
  });

  it('does nothing when the open ticket already leaves the same findings open', () => {
    expect(planTicket(acmeTarget([exception(1), exception(2)]), open(7, [2, 1]), NO_HISTORY, RUN)).toEqual({ kind: 'nothing', ticketId: 7 });
  });

  it('writes one note naming what was resolved and what is new', () => {
    const action = planTicket(acmeTarget([exception(2), exception(3)]), open(7, [1, 2]), NO_HISTORY, RUN);
    expect(action).toMatchObject({ kind: 'note', ticketId: 7 });
    const text = action.kind === 'note' ? action.text : '';
    expect(text).toContain('1 new, 1 resolved since the last note');
    expect(text).toMatch(new RegExp(`New:\\n- \\[error\\] time\\.overlap: Time entry #103 .*ref ${exceptionId(3)}`));
    expect(text).toContain(`Resolved:\n- ref ${exceptionId(1)}`);
    expect(markerOf(action)).toEqual([exceptionId(2), exceptionId(3)]);
  });

  it('closes the open ticket with a last note when every finding is resolved', () => {
    const action = planTicket(acmeTarget([]), open(7, [1, 2]), NO_HISTORY, RUN);
    expect(action).toMatchObject({ kind: 'close', ticketId: 7 });
    expect(action.kind === 'close' && action.text).toContain(`Resolved:\n- ref ${exceptionId(1)}\n- ref ${exceptionId(2)}`);
    expect(markerOf(action)).toEqual([]);
  });

  it('only sets the status when the closing note is already on the ticket', () => {
    expect(planTicket(acmeTarget([]), open(7, []), NO_HISTORY, RUN)).toEqual({ kind: 'close', ticketId: 7, text: null });
  });

  it('lists every finding as new on an open ticket that carries no marker', () => {
    const action = planTicket(acmeTarget([exception(1)]), open(7, null), NO_HISTORY, RUN);
    expect(action.kind === 'note' && action.text).toContain('1 new, 0 resolved');
  });

  it('opens a new ticket for new findings after a close, and never reopens the closed one', () => {
    expect(planTicket(acmeTarget([exception(3)]), closed(7, []), NO_HISTORY, RUN)).toMatchObject({ kind: 'create' });
    expect(planTicket(acmeTarget([exception(1), exception(3)]), closed(7, [1, 2]), NO_HISTORY, RUN)).toMatchObject({ kind: 'create' });
  });

  it('leaves a closed ticket alone when nothing is new since it was closed', () => {
    expect(planTicket(acmeTarget([exception(1)]), closed(7, [1, 2]), NO_HISTORY, RUN)).toEqual({ kind: 'nothing', ticketId: 7 });
    expect(planTicket(acmeTarget([]), closed(7, [1]), NO_HISTORY, RUN)).toEqual({ kind: 'nothing', ticketId: 7 });
  });

  it('does nothing for a key with no findings and no ticket', () => {
    expect(planTicket(acmeTarget([]), null, NO_HISTORY, RUN)).toEqual({ kind: 'nothing', ticketId: null });
  });
});

describe('ticketOfKey', () => {
  it('reads the oldest open ticket of a key, else its newest closed one', () => {
    expect(ticketOfKey([closed(3, []), open(9, []), open(5, [])])?.id).toBe(5);
    expect(ticketOfKey([closed(3, []), closed(8, [])])?.id).toBe(8);
    expect(ticketOfKey([])).toBeNull();
  });
});

describe('planTickets', () => {
  const keysOf = (targets: TicketTarget[]) => targets.map((target) => target.company);

  it('makes one key per company with a warning or an error, never for info only', () => {
    const findings = [
      exception(1),
      exception(2, { company: GLOBEX, severity: 'info', rule: 'agreement.overage' }),
      exception(3, { severity: 'warning' }),
    ];
    const targets = planTickets(report(findings), [], null);
    expect(keysOf(targets)).toEqual([ACME.id]);
    expect(targets[0]!.exceptions.map((finding) => finding.id)).toEqual([exceptionId(1), exceptionId(3)]);
    expect(targets[0]).toMatchObject({ key: 'billing-guard:default:2026-10:19', totals: { projectedTotal: '6120.00', previousTotal: '4890.00' } });
  });

  it('skips the internal key when tickets.internalCompany is null', () => {
    expect(keysOf(planTickets(report([exception(1), internalException(2)]), [], null))).toEqual([ACME.id]);
  });

  it('puts internal findings on the internal company when it is set', () => {
    const targets = planTickets(report([internalException(2), exception(1)]), [], MSP);
    expect(keysOf(targets)).toEqual([ACME.id, 'internal']);
    expect(targets[1]).toMatchObject({ key: 'billing-guard:default:2026-10:internal', companyId: MSP.id, companyName: 'Our MSP', totals: null });
    expect(targets[1]!.exceptions.map((finding) => finding.id)).toEqual([exceptionId(2)]);
  });

  it('keeps the key of an open ticket whose company has nothing left, so it gets closed', () => {
    const targets = planTickets(report([exception(1)]), [{ company: GLOBEX.id }, { company: ACME.id }], null);
    expect(keysOf(targets)).toEqual([ACME.id, GLOBEX.id]);
    expect(targets[1]).toMatchObject({ companyId: GLOBEX.id, companyName: 'Globex', exceptions: [] });
  });
});

describe('planTicket with waivers', () => {
  const WAIVER = { by: 'jsmith', at: '2026-11-16T14:05:00Z', reason: 'the overlap was agreed', source: 'ticket' as const };
  const waived = (n: number, fields: Partial<ReportException> = {}) => exception(n, { waiver: WAIVER, ...fields });
  const marked = (id: number, marker: { open: number[]; waived?: number[]; answered?: number[] }): TicketState => ({
    id,
    closed: false,
    marker: {
      open: new Set(marker.open.map(exceptionId)),
      waived: new Set((marker.waived ?? []).map(exceptionId)),
      answered: new Set(marker.answered ?? []),
    },
  });
  const textOf = (action: TicketAction) => (action.kind === 'note' || action.kind === 'close' ? (action.text ?? '') : '');
  const waivedIdsOf = (action: TicketAction) => [...(parseMarker(textOf(action))?.waived ?? [])].sort();

  it('closes the ticket with one note acknowledging the waiver when every exception is waived', () => {
    const action = planTicket(acmeTarget([waived(1)]), marked(7, { open: [1] }), NO_HISTORY, RUN);
    expect(action).toMatchObject({ kind: 'close', ticketId: 7 });
    expect(textOf(action)).toContain('every exception is resolved or waived, the ticket is closed');
    expect(textOf(action)).toMatch(/Waived:\nWaived by jsmith on 2026-11-16: the overlap was agreed\n- \[error\] time\.overlap: Time entry #101 /);
    expect(markerOf(action)).toEqual([]);
    expect(waivedIdsOf(action)).toEqual([exceptionId(1)]);
  });

  it('only sets the status once the acknowledgement is on the ticket', () => {
    expect(planTicket(acmeTarget([waived(1)]), marked(7, { open: [], waived: [1] }), NO_HISTORY, RUN)).toEqual({ kind: 'close', ticketId: 7, text: null });
  });

  it('keeps the ticket open with a note when one of two is waived, leaving it out of the open marker', () => {
    const action = planTicket(acmeTarget([exception(1), waived(2)]), marked(7, { open: [1, 2] }), NO_HISTORY, RUN);
    expect(action).toMatchObject({ kind: 'note', ticketId: 7 });
    expect(textOf(action)).toContain('0 new, 0 resolved, 1 waived since the last note');
    expect(markerOf(action)).toEqual([exceptionId(1)]);
    expect(waivedIdsOf(action)).toEqual([exceptionId(2)]);
  });

  it('writes nothing when the waiver was already acknowledged', () => {
    expect(planTicket(acmeTarget([exception(1), waived(2)]), marked(7, { open: [1], waived: [2] }), NO_HISTORY, RUN)).toEqual({
      kind: 'nothing',
      ticketId: 7,
    });
  });

  it('says an exception is open again when it no longer holds its waiver (its amount changed)', () => {
    const action = planTicket(acmeTarget([exception(2, { amount: '90.00' })]), marked(7, { open: [], waived: [2] }), NO_HISTORY, RUN);
    expect(action).toMatchObject({ kind: 'note', ticketId: 7 });
    expect(textOf(action)).toContain('1 open again since the last note');
    expect(textOf(action)).toMatch(/Open again \(its hours or amount changed after it was waived\):\n- \[error\] .* \| 90\.00 \| ref /);
    expect(markerOf(action)).toEqual([exceptionId(2)]);
    expect(waivedIdsOf(action)).toEqual([]);
  });

  it('describes a resolved exception as it was last listed, and falls back to its ref', () => {
    const listedLine = `- [error] time.overlap: Time entry #101 by jsmith overlaps another on 2026-10-05 | 0.50 h | 75.00 | ref ${exceptionId(1)}`;
    const history = { ...NO_HISTORY, listed: [{ ref: exceptionId(1), line: listedLine, hours: '0.50', amount: '75.00', noteId: 3, createdAt: '2026-11-15T11:00:00Z' }] };
    const action = planTicket(acmeTarget([exception(3)]), marked(7, { open: [1, 2, 3] }), history, RUN);
    expect(textOf(action)).toContain(`Resolved:\n${listedLine}\n- ref ${exceptionId(2)}`);
  });

  it('answers a waiver line that waived nothing once, and remembers it in the marker', () => {
    const unmatched = [{ noteId: 41, by: 'jsmith', line: 'billing-guard waive 3f9c: agreed', problem: 'no-exception' as const }];
    const history = { ...NO_HISTORY, unmatched };
    const first = planTicket(acmeTarget([exception(1)]), marked(7, { open: [1] }), history, RUN);
    expect(textOf(first)).toContain('- "billing-guard waive 3f9c: agreed" (note #41 by jsmith) matches no open exception of this ticket');
    expect([...(parseMarker(textOf(first))?.answered ?? [])]).toEqual([41]);
    expect(planTicket(acmeTarget([exception(1)]), marked(7, { open: [1], answered: [41] }), history, RUN)).toEqual({ kind: 'nothing', ticketId: 7 });
  });

  it('opens no ticket for a company whose exceptions are all waived', () => {
    expect(planTicket(acmeTarget([waived(1)]), null, NO_HISTORY, RUN)).toEqual({ kind: 'nothing', ticketId: null });
    expect(planTickets(report([waived(1)]), [], null)).toEqual([]);
  });
});
