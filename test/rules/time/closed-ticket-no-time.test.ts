import { describe, expect, it } from 'vitest';
import { timeClosedTicketNoTime } from '../../../src/rules/time/closed-ticket-no-time.js';
import { ACME, runRule, snapshot, ticket } from '../fixtures.js';
import { brief, expectRecordsNamed } from './brief.js';

const noTime = (date: string, owner: string | null = 'jsmith') => ({
  company: ACME.id,
  member: owner,
  records: ['ticket #5001'],
  date,
  hours: null,
  amount: null,
});

describe('time.closed-ticket-no-time', () => {
  it.each([
    { name: 'a ticket closed in the period with no hours fires', fields: { actualHours: null }, expected: [noTime('2026-10-06')] },
    { name: 'a ticket closed with 0 hours fires', fields: { actualHours: 0 }, expected: [noTime('2026-10-06')] },
    {
      name: 'a ticket closed at 23:30 on the last day of the period (Chicago) fires on that day',
      fields: { actualHours: 0, closedDate: '2026-10-31T23:30:00-05:00' },
      expected: [noTime('2026-10-31')],
    },
    {
      name: 'a ticket on a listed board fires (board names match case-insensitively)',
      fields: { actualHours: 0 },
      options: { boards: ['service desk'] },
      expected: [noTime('2026-10-06')],
    },
    { name: 'a ticket without an owner fires with no member', fields: { actualHours: 0, owner: null }, expected: [noTime('2026-10-06', null)] },
    { name: 'a ticket with time does not fire', fields: { actualHours: 0.25 }, expected: [] },
    {
      name: 'a ticket closed at 23:30 the day before the period does not fire',
      fields: { actualHours: 0, closedDate: '2026-09-30T23:30:00-05:00' },
      expected: [],
    },
    {
      name: 'a ticket closed after the period ends does not fire',
      fields: { actualHours: 0, closedDate: '2026-11-01T00:30:00-05:00' },
      expected: [],
    },
    { name: 'an open ticket does not fire', fields: { actualHours: 0, closedFlag: false }, expected: [] },
    { name: 'a ticket without a closed date does not fire', fields: { actualHours: 0, closedDate: null }, expected: [] },
    {
      name: 'a ticket on a board that is not listed does not fire',
      fields: { actualHours: 0 },
      options: { boards: ['Projects'] },
      expected: [],
    },
  ])('$name', ({ fields, options, expected }) => {
    const findings = runRule(timeClosedTicketNoTime, snapshot({ tickets: [ticket(fields)] }), options);
    expect(findings.map(brief)).toEqual(expected);
    expectRecordsNamed(findings);
  });

  it('names the ticket, its company, its owner and the day it was closed', () => {
    const [finding] = runRule(timeClosedTicketNoTime, snapshot({ tickets: [ticket({ actualHours: null })] }));
    expect(finding?.message).toBe(
      'Ticket #5001 "Switch down in server room" for Acme Corp, owned by jsmith, was closed on 2026-10-06 with no time logged.',
    );
  });
});
