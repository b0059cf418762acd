import { describe, expect, it } from 'vitest';
import { formatAmount } from '../../src/money.js';
import { latestRuns, planFinanceDigest } from '../../src/mail/digest.js';
import { planTechnicianReminders, type TechnicianReminder } from '../../src/mail/plan.js';
import { financeDigestMail } from '../../src/mail/templates.js';
import { reportOf } from '../report/report-of.js';
import { member, snapshot, timeEntry } from '../rules/fixtures.js';
import { ACME, GLOBEX, exception, internalException, report } from '../tickets/fixtures.js';

const JSMITH = { id: 7, identifier: 'jsmith' };
const ADOE = { id: 8, identifier: 'adoe' };
const DEADLINE = new Date('2026-11-15T11:00:00Z');
const TECHNICIANS = { licenseClasses: ['F'], exclude: [] };

/** Each member's sections of a reminder, as rule and item messages. */
const sectionsOf = (reminder: TechnicianReminder, index = 0) =>
  reminder.members[index]!.sections.map((section) => [section.rule, section.items.map((item) => item.exception.message)]);

const team = snapshot({
  members: [
    member(),
    member({ id: 8, identifier: 'adoe', firstName: 'Ann', lastName: 'Doe', primaryEmail: 'adoe@msp.example' }),
    member({ id: 9, identifier: 'bkim', firstName: 'Bo', lastName: 'Kim', primaryEmail: 'bkim@msp.example' }),
    member({ id: 10, identifier: 'cnull', primaryEmail: null }),
    member({ id: 11, identifier: 'dtypo', primaryEmail: 'not an address' }),
  ],
});

const missing = (n: number, who = JSMITH, date = `2026-10-0${n}`) =>
  internalException(n, { member: who, date, records: [{ type: 'member', id: who.id }], message: `${who.identifier} is short on ${date}` });
const unapproved = (n: number, who = JSMITH) =>
  internalException(n, { rule: 'time.unapproved', severity: 'error', member: who, records: [{ type: 'timeEntry', id: 500 + n }], message: `Time entry #${500 + n} is not approved` });
const unclassified = (n: number, who = JSMITH) =>
  internalException(n, { rule: 'time.unclassified', member: who, records: [{ type: 'timeEntry', id: 600 + n }], message: `Time entry #${600 + n} has no work type` });
/** Waived on the internal exception ticket by finance. */
const WAIVED = { waiver: { by: 'finance', at: '2026-11-16T14:02:00.000Z', reason: 'on PTO that day', source: 'ticket' as const } };

const closedTicket = (n: number, owner = ADOE) =>
  internalException(n, { rule: 'time.closed-ticket-no-time', company: ACME, member: owner, records: [{ type: 'ticket', id: 700 + n }], message: `Ticket #${700 + n} was closed with no time` });

describe('planTechnicianReminders', () => {
  it('gives each technician one reminder with exactly their own internal items, by rule and date', () => {
    const run = report([
      unapproved(1),
      missing(4),
      missing(2),
      closedTicket(3),
      unclassified(5),
      exception(6, { member: JSMITH }),
      internalException(7, { rule: 'data.invalid', member: JSMITH, message: 'Time entry #9 has no timeStart' }),
    ]);

    const plan = planTechnicianReminders(run, team, DEADLINE, TECHNICIANS);

    expect(plan.reminders.map((reminder) => reminder.to)).toEqual(['adoe@msp.example', 'jsmith@msp.example']);
    const [adoe, jsmith] = plan.reminders;
    expect(sectionsOf(adoe!)).toEqual([
      ['time.closed-ticket-no-time', ['Ticket #703 was closed with no time']],
    ]);
    expect(sectionsOf(jsmith!)).toEqual([
      ['time.missing', ['jsmith is short on 2026-10-02', 'jsmith is short on 2026-10-04']],
      ['time.unapproved', ['Time entry #501 is not approved']],
      ['time.unclassified', ['Time entry #605 has no work type']],
    ]);
    expect(jsmith).toMatchObject({ period: '2026-10', timezone: 'America/Chicago', deadline: DEADLINE });
    expect(jsmith!.members.map(({ member }) => member)).toEqual([{ id: 7, identifier: 'jsmith', firstName: 'John', name: 'John Smith' }]);
  });

  it('gives a short day that day’s entries in the tenant timezone, what was logged and the minimum, an entry’s item its entry, and each rule its fix', () => {
    const day = snapshot({
      members: [member()],
      timeEntries: [
        // in Chicago, 103 starts at 23:30 on 5 October and 100 at 23:00 on 4 October
        timeEntry({ id: 101, timeStart: '2026-10-05T14:00:00Z', timeEnd: '2026-10-05T16:00:00Z', ticket: { id: 5001 } }),
        timeEntry({ id: 103, timeStart: '2026-10-06T04:30:00Z', timeEnd: '2026-10-06T05:00:00Z', ticket: { id: 5001 } }),
        timeEntry({ id: 100, timeStart: '2026-10-05T04:00:00Z', timeEnd: '2026-10-05T05:00:00Z' }),
        timeEntry({ id: 102, timeStart: '2026-10-05T18:00:00Z', timeEnd: '2026-10-05T19:15:00Z', chargeToType: 'ChargeCode', chargeToId: 12, workType: { id: 4, name: 'Admin' } }),
        timeEntry({ id: 104, member: ADOE, timeStart: '2026-10-05T15:00:00Z', timeEnd: '2026-10-05T16:00:00Z' }),
      ],
    });
    const run = report([{ ...missing(5, JSMITH, '2026-10-05'), hours: '3.25' }, unapproved(6), { ...unclassified(7), records: [{ type: 'timeEntry', id: 102 }] }]);
    const plan = planTechnicianReminders(run, day, DEADLINE, TECHNICIANS);

    const [short, entry, unclassifiedEntry] = plan.reminders[0]!.members[0]!.sections;
    expect(short).toMatchObject({ rule: 'time.missing', fix: 'Log the missing time, or PTO if you were off.' });
    expect(short!.items[0]!.day).toEqual({
      logged: '3.75',
      minimum: '7.00',
      entries: [
        { id: 101, hours: '2.00', ticket: 5001, chargeCode: null, workType: 'Remote Support' },
        { id: 102, hours: '1.25', ticket: null, chargeCode: 12, workType: 'Admin' },
        { id: 103, hours: '0.50', ticket: 5001, chargeCode: null, workType: 'Remote Support' },
      ],
    });
    expect(short!.items[0]!.entry).toBeNull();
    // entry #506 is not in the snapshot
    expect(entry).toMatchObject({ rule: 'time.unapproved', fix: 'Approve the time in Time Sheets.', items: [{ day: null, entry: null }] });
    expect(unclassifiedEntry).toMatchObject({
      rule: 'time.unclassified',
      items: [{ day: null, entry: { id: 102, hours: '1.25', ticket: null, chargeCode: 12, workType: 'Admin' } }],
    });
    expect(plan.reminders[0]!.display).toEqual(report([]).display);
  });

  it('sends nothing to a technician with nothing to fix, and nothing at all for company-scope findings', () => {
    const plan = planTechnicianReminders(report([exception(1, { member: JSMITH }), exception(2, { rule: 'time.no-notes', member: ADOE })]), team, DEADLINE, TECHNICIANS);

    expect(plan).toEqual({ reminders: [], withoutEmail: [] });
  });

  it('reminds no item waived on the internal exception ticket', () => {
    const waivedDay = { ...missing(2), ...WAIVED };
    const plan = planTechnicianReminders(report([missing(1), waivedDay, { ...unapproved(3, ADOE), ...WAIVED }]), team, DEADLINE, TECHNICIANS);

    expect(plan.reminders.map((reminder) => reminder.to)).toEqual(['jsmith@msp.example']);
    expect(sectionsOf(plan.reminders[0]!)).toEqual([['time.missing', ['jsmith is short on 2026-10-01']]]);
  });

  it('lists members with items but no usable primaryEmail instead of failing', () => {
    const cnull = { id: 10, identifier: 'cnull' };
    const dtypo = { id: 11, identifier: 'dtypo' };
    const ghost = { id: 99, identifier: 'ghost' };

    const plan = planTechnicianReminders(report([missing(1, cnull), unapproved(2, dtypo), unapproved(3, ghost), unapproved(4, ADOE)]), team, null, TECHNICIANS);

    expect(plan.reminders.map((reminder) => reminder.to)).toEqual(['adoe@msp.example']);
    expect(plan.reminders[0]!.deadline).toBeNull();
    expect(plan.withoutEmail).toEqual([cnull, dtypo, ghost]);
  });

  it('sends members who share an address one reminder with each member’s items under their name', () => {
    const desk = snapshot({
      members: [
        member({ primaryEmail: 'HelpDesk@MSP.example' }),
        member({ id: 8, identifier: 'adoe', firstName: 'Ann', lastName: 'Doe', primaryEmail: ' helpdesk@msp.example ' }),
      ],
    });

    const plan = planTechnicianReminders(report([missing(1), unapproved(2, ADOE), closedTicket(3)]), desk, DEADLINE, TECHNICIANS);

    expect(plan.reminders).toHaveLength(1);
    const [shared] = plan.reminders;
    expect(shared!.to).toBe('helpdesk@msp.example');
    expect(shared!.members.map(({ member }) => member.name)).toEqual(['Ann Doe', 'John Smith']);
    expect(sectionsOf(shared!, 0)).toEqual([
      ['time.unapproved', ['Time entry #502 is not approved']],
      ['time.closed-ticket-no-time', ['Ticket #703 was closed with no time']],
    ]);
    expect(sectionsOf(shared!, 1)).toEqual([['time.missing', ['jsmith is short on 2026-10-01']]]);
  });

  it('reminds no member who is inactive, excluded or not a technician, and counts none of them as without email', () => {
    const staff = snapshot({
      members: [
        member(),
        member({ id: 8, identifier: 'adoe', inactiveFlag: true, primaryEmail: 'adoe@msp.example' }),
        member({ id: 9, identifier: 'bkim', licenseClass: 'A', primaryEmail: 'bkim@msp.example' }),
        member({ id: 10, identifier: 'cnull', primaryEmail: null }),
      ],
    });
    const bkim = { id: 9, identifier: 'bkim' };
    const cnull = { id: 10, identifier: 'cnull' };

    const plan = planTechnicianReminders(report([missing(1), unapproved(2, ADOE), unapproved(3, bkim), unapproved(4, cnull)]), staff, DEADLINE, {
      licenseClasses: ['F'],
      exclude: ['jsmith'],
    });

    expect(plan).toEqual({ reminders: [], withoutEmail: [cnull] });
  });
});

const SETTINGS = {
  recipients: ['finance@msp.example', 'controller@msp.example'],
  period: '2026-10',
  timezone: 'America/New_York',
  nextValidation: new Date('2026-12-15T11:00:00Z'),
};

describe('planFinanceDigest', () => {
  const highValue = exception(10, { rule: 'invoice.high-value', severity: 'warning', member: null, records: [], amount: '6120.00', message: 'Acme Corp projects 6120.00' });
  const overage = exception(11, { rule: 'agreement.overage', severity: 'info', company: GLOBEX, amount: '40.00' });
  const latest = report([exception(1), exception(2, { severity: 'warning', amount: '20.10' }), exception(3), missing(4), highValue, overage], {
    finishedAt: '2026-11-15T11:00:41.000Z',
    tickets: [
      { company: ACME.id, ticketId: 5012, action: 'created' },
      { company: 'internal', ticketId: 5013, action: 'noted' },
      { company: GLOBEX.id, ticketId: 4990, action: 'closed' },
    ],
  });
  const previous = report([exception(1), exception(8), exception(9)], { finishedAt: '2026-11-14T20:00:00.000Z' });

  it('counts the latest run by rule and severity, with the revenue at risk and the high-value companies to review', () => {
    const digest = planFinanceDigest(latest, null, SETTINGS);

    expect(digest.to).toEqual(SETTINGS.recipients);
    const run = digest.run!;
    expect(run.tally.rules.map(({ atRisk, ...count }) => ({ ...count, atRisk: atRisk && formatAmount(atRisk) }))).toEqual([
      { rule: 'agreement.overage', error: 0, warning: 0, info: 1, atRisk: '0.00' },
      { rule: 'invoice.high-value', error: 0, warning: 1, info: 0, atRisk: null },
      { rule: 'time.missing', error: 0, warning: 1, info: 0, atRisk: '0.00' },
      { rule: 'time.overlap', error: 2, warning: 1, info: 0, atRisk: '170.10' },
    ]);
    expect(run.tally.severities).toEqual({ error: 2, warning: 3, info: 1 });
    expect(formatAmount(run.tally.revenueAtRisk)).toBe('170.10');
    expect(run.tally.toReview.exceptions).toEqual([highValue]);
    expect(formatAmount(run.tally.toReview.total)).toBe('6120.00');
    expect(run.tickets).toEqual([
      { company: 'Acme Corp', ticketId: 5012, action: 'created' },
      { company: 'internal exceptions', ticketId: 5013, action: 'noted' },
      { company: 'Globex', ticketId: 4990, action: 'closed' },
    ]);
    expect(run.finishedAt).toEqual(new Date('2026-11-15T11:00:41.000Z'));
    expect(run.comparison).toBeNull();
  });

  it('compares with the run before: new, still open and resolved exceptions', () => {
    const comparison = planFinanceDigest(latest, previous, SETTINGS).run!.comparison!;

    expect(comparison.previousFinishedAt).toEqual(new Date('2026-11-14T20:00:00.000Z'));
    expect(comparison.added.map((item) => item.id)).toEqual([2, 3, 4, 10, 11].map((n) => exception(n).id));
    expect(comparison.stillOpen).toBe(1);
    expect(comparison.resolved.map((item) => item.id)).toEqual([exception(8).id, exception(9).id]);
  });

  it('lists waived exceptions apart: in no count, no figure and no to-fix list', () => {
    const waivedOverlap = exception(5, { amount: '900.00', ...WAIVED });
    const inactive = [{ id: 7, identifier: 'jsmith', name: 'John Smith', notReminded: 'inactive' as const }];
    const run = planFinanceDigest(report([exception(1), waivedOverlap, missing(2), { ...missing(3), ...WAIVED }], { members: inactive }), null, SETTINGS).run!;

    expect(run.waived.map((item) => item.id)).toEqual([waivedOverlap.id, missing(3).id]);
    expect(run.tally.waived).toBe(2);
    expect(run.tally.severities).toEqual({ error: 1, warning: 1, info: 0 });
    expect(formatAmount(run.tally.revenueAtRisk)).toBe('75.00');
    expect(run.unreminded.map(({ items }) => items.map((item) => item.id))).toEqual([[missing(2).id]]);
  });

  it('compares open exceptions only: one waived since the run before is neither still open nor resolved, one open again is new', () => {
    const before = report([exception(1), exception(2), exception(3, WAIVED), exception(4)], { finishedAt: '2026-11-14T20:00:00.000Z' });
    const now = report([exception(1), exception(2, WAIVED), exception(3), exception(5, WAIVED)]);

    const comparison = planFinanceDigest(now, before, SETTINGS).run!.comparison!;

    expect(comparison.added.map((item) => item.id)).toEqual([exception(3).id]);
    expect(comparison.stillOpen).toBe(1);
    expect(comparison.resolved.map((item) => item.id)).toEqual([exception(4).id]);
  });

  it('says there is no run yet and when validation fires next', () => {
    const digest = planFinanceDigest(null, null, SETTINGS);

    expect(digest.run).toBeNull();
    expect(digest.nextValidation).toEqual(SETTINGS.nextValidation);
    expect(digest.to).toEqual(SETTINGS.recipients);
  });
});

describe('an inactive member’s items', () => {
  it('get no reminder and reach finance in the digest as owned by members who will not be reminded', () => {
    const shot = snapshot({
      members: [member(), member({ id: 8, identifier: 'adoe', firstName: 'Ann', lastName: 'Doe', primaryEmail: 'adoe@msp.example', inactiveFlag: true })],
      timeEntries: [
        timeEntry({ id: 101, status: 'Open' }),
        timeEntry({ id: 102, member: ADOE, status: 'Open', timeStart: '2026-10-06T14:00:00Z', timeEnd: '2026-10-06T15:00:00Z' }),
      ],
    });
    const run = reportOf(shot);

    const plan = planTechnicianReminders(run, shot, DEADLINE, TECHNICIANS);
    const digest = planFinanceDigest(run, null, SETTINGS);

    expect(plan.reminders.map((reminder) => reminder.to)).toEqual(['jsmith@msp.example']);
    expect(plan.withoutEmail).toEqual([]);
    expect(digest.run!.unreminded.map(({ member, reason, items }) => [member.identifier, reason, items.map((item) => item.records)])).toEqual([
      ['adoe', 'inactive', [[{ type: 'timeEntry', id: 102 }]]],
    ]);
    const unapproved = run.exceptions.find((exception) => exception.member?.id === ADOE.id && exception.rule === 'time.unapproved')!;
    expect(financeDigestMail(digest).text).toContain(`Owned by members who will not be reminded (1 item)\n  Ann Doe (adoe, inactive): ${unapproved.message}`);
  });
});

describe('latestRuns', () => {
  it('reads live runs before dry runs, newest first, and falls back to dry runs when there is no live one', () => {
    const dry = report([], { mode: 'dry-run', finishedAt: '2026-11-15T12:00:00.000Z' });
    const live = report([], { finishedAt: '2026-11-15T11:00:00.000Z' });
    const older = report([], { finishedAt: '2026-11-14T11:00:00.000Z' });

    expect(latestRuns([dry, live, older])).toEqual({ latest: live, previous: older });
    expect(latestRuns([dry])).toEqual({ latest: dry, previous: null });
    expect(latestRuns([])).toEqual({ latest: null, previous: null });
  });
});
