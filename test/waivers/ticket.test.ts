import { describe, expect, it } from 'vitest';
import { readTicketWaivers, type TicketNote } from '../../src/waivers/ticket.js';
import { lastListed, listedExceptions } from '../../src/waivers/listed.js';

const A = '0123456789abcdef';
const B = 'fedcba9876543210';
const UNKNOWN = '1111111111111111';

let nextId = 1;
const note = (text: string, overrides: Partial<TicketNote> = {}): TicketNote => ({
  id: nextId++,
  text,
  member: 'jsmith',
  createdAt: `2026-11-16T10:0${nextId % 10}:00Z`,
  own: false,
  ...overrides,
});

describe('readTicketWaivers', () => {
  it('waives every exception of the ticket a member’s line names, with who, when and why', () => {
    const written = note(`billing-guard waive ${A}, ${B}: two agreements on purpose`, { id: 40, createdAt: '2026-11-16T14:05:00Z' });
    const { waivers, unmatched } = readTicketWaivers([written], new Set([A, B]));
    const expected = [{ by: 'jsmith', at: '2026-11-16T14:05:00Z', reason: 'two agreements on purpose', noteId: 40 }];
    expect(waivers.get(A)).toEqual(expected);
    expect(waivers.get(B)).toEqual(expected);
    expect(unmatched).toEqual([]);
  });

  it('lists every waiver of an exception oldest first, whatever order the notes come in', () => {
    const later = note(`billing-guard waive ${A}: later`, { member: 'bwayne', createdAt: '2026-11-17T09:00:00Z' });
    const earlier = note(`billing-guard waive ${A}: earlier`, { createdAt: '2026-11-16T09:00:00Z' });
    expect(readTicketWaivers([later, earlier], new Set([A])).waivers.get(A)?.map((waiver) => waiver.reason)).toEqual(['earlier', 'later']);
  });

  it.each([
    ['a note without a member (a contact’s portal note)', note(`billing-guard waive ${A}: ok`, { member: null })],
    ['billing-guard’s own note quoting a waiver line', note(`Waived:\nbilling-guard waive ${A}: ok\nbilling-guard open: none`, { own: true })],
  ])('never reads %s as a waiver', (_name, written) => {
    expect(readTicketWaivers([written], new Set([A]))).toEqual({ waivers: new Map(), unmatched: [] });
  });

  it('answers a line without a reason, and waives nothing', () => {
    const written = note(`billing-guard waive ${A}`, { id: 41 });
    expect(readTicketWaivers([written], new Set([A]))).toEqual({
      waivers: new Map(),
      unmatched: [{ noteId: 41, by: 'jsmith', line: `billing-guard waive ${A}`, problem: 'no-reason' }],
    });
  });

  it.each([
    ['a ref of another ticket', UNKNOWN],
    ['a ref that is not an exception id', '3f9c'],
  ])('answers a line naming %s', (_name, ref) => {
    const written = note(`billing-guard waive ${ref}: ok`, { id: 42 });
    expect(readTicketWaivers([written], new Set([A])).unmatched).toEqual([
      { noteId: 42, by: 'jsmith', line: `billing-guard waive ${ref}: ok`, problem: 'no-exception' },
    ]);
  });
});

describe('listedExceptions', () => {
  const line = `- [error] time.overlap: Time entries #101 and #102 by jsmith overlap | 0.50 h | 75.00 | ref ${A}`;

  it('reads hours and amount back from billing-guard’s own lines only', () => {
    const own = note(`Billing exceptions 2026-10\n${line}\nbilling-guard open: ${A}`, { own: true, id: 7, createdAt: '2026-11-15T11:00:00Z' });
    const quoted = note(line, { own: false });
    expect(listedExceptions([own, quoted])).toEqual([
      { ref: A, line, hours: '0.50', amount: '75.00', noteId: 7, createdAt: '2026-11-15T11:00:00Z' },
    ]);
  });

  it('reads a line without hours or amount', () => {
    const bare = `- [warning] agreement.ambiguous: Acme Corp has two Managed Services agreements #88 and #89 | ref ${B}`;
    expect(listedExceptions([note(bare, { own: true })])[0]).toMatchObject({ ref: B, hours: null, amount: null });
  });

  it('finds the last listing at or before an instant', () => {
    const first = note(line, { own: true, createdAt: '2026-11-15T11:00:00Z' });
    const second = note(line.replace('75.00', '80.00'), { own: true, createdAt: '2026-11-20T11:00:00Z' });
    const listed = listedExceptions([second, first]);
    expect(lastListed(listed, A, '2026-11-16T00:00:00Z')?.amount).toBe('75.00');
    expect(lastListed(listed, A)?.amount).toBe('80.00');
    expect(lastListed(listed, B)).toBeUndefined();
  });
});
