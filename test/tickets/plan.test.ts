import { describe, expect, it } from 'vitest';
import type { ReportException } from '../../src/report/schema.js';
import { planTicket, planTickets, ticketOfKey, type TicketAction, type TicketState } from '../../src/tickets/plan.js';
import { parseOpenIds } from '../../src/tickets/render.js';
import { ticketTarget, type TicketTarget } from '../../src/tickets/target.js';
import { ACME, GLOBEX, MSP, RUN, exception, exceptionId, internalException, report } from './fixtures.js';

function acmeTarget(exceptions: ReportException[]): TicketTarget {
  return ticketTarget(report(exceptions), ACME.id, null)!;
}

function open(id: number, openIds: number[] | null): TicketState {
  return { id, closed: false, openIds: openIds && new Set(openIds.map(exceptionId)) };
}

function closed(id: number, openIds: number[] | null): TicketState {
  return { ...open(id, openIds), closed: true };
}

/** The ids the action's text leaves open, sorted; null when it writes no text. */
function markerOf(action: TicketAction): string[] | null {
  const text = action.kind === 'create' ? action.description : action.kind === 'nothing' ? null : action.text;
  return text === null ? null : [...(parseOpenIds(text) ?? ['(no marker)'])].sort();
}

describe('planTicket', () => {
  it('creates a ticket for new findings when the key has no ticket', () => {
    const action = planTicket(acmeTarget([exception(1), exception(2)]), null, RUN);
    expect(action).toMatchObject({ kind: 'create', companyId: ACME.id, summary: 'Billing exceptions 2026-10: Acme Corp' });
    expect(markerOf(action)).toEqual([exceptionId(1), exceptionId(2)]);
  });

  it('does nothing when the open ticket already leaves the same findings open', () => {
    expect(planTicket(acmeTarget([exception(1), exception(2)]), open(7, [2, 1]), RUN)).toEqual({ kind: 'nothing', ticketId: 7 });
  });

  it('writes one note naming what was resolved and what is new', () => {
    const action = planTicket(acmeTarget([exception(2), exception(3)]), open(7, [1, 2]), RUN);
    expect(action).toMatchObject({ kind: 'note', ticketId: 7 });
    const text = action.kind === 'note' ? action.text : '';
    expect(text).toContain('1 new, 1 resolved since the last note');
    expect(text).toMatch(new RegExp(`New:\\n- \\[error\\] time\\.overlap: Time entry #103 .*ref ${exceptionId(3)}`));
    expect(text).toContain(`Resolved:\n- ref ${exceptionId(1)}`);
    expect(markerOf(action)).toEqual([exceptionId(2), exceptionId(3)]);
  });

  it('closes the open ticket with a last note when every finding is resolved', () => {
    const action = planTicket(acmeTarget([]), open(7, [1, 2]), RUN);
    expect(action).toMatchObject({ kind: 'close', ticketId: 7 });
    expect(action.kind === 'close' && action.text).toContain(`Resolved:\n- ref ${exceptionId(1)}\n- ref ${exceptionId(2)}`);
    expect(markerOf(action)).toEqual([]);
  });

  it('only sets the status when the closing note is already on the ticket', () => {
    expect(planTicket(acmeTarget([]), open(7, []), RUN)).toEqual({ kind: 'close', ticketId: 7, text: null });
  });

  it('lists every finding as new on an open ticket that carries no marker', () => {
    const action = planTicket(acmeTarget([exception(1)]), open(7, null), RUN);
    expect(action.kind === 'note' && action.text).toContain('1 new, 0 resolved');
  });

  it('opens a new ticket for new findings after a close, and never reopens the closed one', () => {
    expect(planTicket(acmeTarget([exception(3)]), closed(7, []), RUN)).toMatchObject({ kind: 'create' });
    expect(planTicket(acmeTarget([exception(1), exception(3)]), closed(7, [1, 2]), RUN)).toMatchObject({ kind: 'create' });
  });

  it('leaves a closed ticket alone when nothing is new since it was closed', () => {
    expect(planTicket(acmeTarget([exception(1)]), closed(7, [1, 2]), RUN)).toEqual({ kind: 'nothing', ticketId: 7 });
    expect(planTicket(acmeTarget([]), closed(7, [1]), RUN)).toEqual({ kind: 'nothing', ticketId: 7 });
  });

  it('does nothing for a key with no findings and no ticket', () => {
    expect(planTicket(acmeTarget([]), null, RUN)).toEqual({ kind: 'nothing', ticketId: null });
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
