import { describe, expect, it } from 'vitest';
import type { ReportException } from '../../src/report/schema.js';
import type { TicketCompany } from '../../src/tickets/key.js';
import { applyWaivers } from '../../src/waivers/apply.js';
import { configWaiverSchema } from '../../src/waivers/config.js';
import type { TicketNote } from '../../src/waivers/ticket.js';
import { ACME, GLOBEX, exception, exceptionId } from '../tickets/fixtures.js';

const listing = (n: number, amount: string) =>
  `- [error] time.overlap: Time entry #${100 + n} by jsmith overlaps another on 2026-10-05 | 0.50 h | ${amount} | ref ${exceptionId(n)}`;

const ours = (id: number, createdAt: string, lines: string[]): TicketNote => ({
  id,
  createdAt,
  member: 'api',
  own: true,
  text: [...lines, 'billing-guard open: none'].join('\n'),
});
const finance = (id: number, createdAt: string, text: string): TicketNote => ({ id, createdAt, member: 'jsmith', own: false, text });

function waiversOf(exceptions: ReportException[], notes: Array<[TicketCompany, TicketNote[]]>, configured: unknown[] = []) {
  return applyWaivers(exceptions, {
    notesByCompany: new Map(notes),
    configured: configured.map((waiver) => configWaiverSchema.parse(waiver)),
    periodFirstDay: '2026-10-01',
  }).map((settled) => settled.waiver);
}

describe('applyWaivers', () => {
  const listed = ours(1, '2026-11-15T11:00:00Z', [listing(1, '75.00')]);
  const waiverNote = finance(2, '2026-11-16T14:05:00Z', `billing-guard waive ${exceptionId(1)}: the overlap was agreed`);

  it('waives an exception named on its own ticket, with who, when and why', () => {
    expect(waiversOf([exception(1)], [[ACME.id, [listed, waiverNote]]])).toEqual([
      { by: 'jsmith', at: '2026-11-16T14:05:00Z', reason: 'the overlap was agreed', source: 'ticket' },
    ]);
  });

  it('does not waive an exception from another company’s ticket', () => {
    expect(waiversOf([exception(1)], [[GLOBEX.id, [listed, waiverNote]]])).toEqual([null]);
  });

  it('opens the exception again when its amount is no longer what finance saw when waiving it', () => {
    expect(waiversOf([exception(1, { amount: '90.00' })], [[ACME.id, [listed, waiverNote]]])).toEqual([null]);
  });

  it('takes a later waiver written after the changed exception was listed again', () => {
    const relisted = ours(3, '2026-11-17T11:00:00Z', [listing(1, '90.00')]);
    const again = finance(4, '2026-11-17T15:00:00Z', `billing-guard waive ${exceptionId(1)}: still agreed`);
    const [waiver] = waiversOf([exception(1, { amount: '90.00' })], [[ACME.id, [listed, waiverNote, relisted, again]]]);
    expect(waiver).toMatchObject({ reason: 'still agreed', at: '2026-11-17T15:00:00Z' });
  });

  it('falls back to a configured waiver, and a ticket waiver wins over it', () => {
    const configured = [{ rule: 'time.overlap', company: 'ACME', until: '2026-12-31', reason: 'standing agreement' }];
    expect(waiversOf([exception(1), exception(2)], [[ACME.id, [listed, waiverNote]]], configured)).toEqual([
      expect.objectContaining({ source: 'ticket' }),
      { by: 'config', at: null, reason: 'standing agreement', source: 'config' },
    ]);
  });
});
