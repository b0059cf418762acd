import { describe, expect, it } from 'vitest';
import { timeNoNotes } from '../../../src/rules/time/no-notes.js';
import { ACME, runRule, snapshot, timeEntry } from '../fixtures.js';
import { brief, expectRecordsNamed } from './brief.js';

const noNotes = (date = '2026-10-05') => ({
  company: ACME.id,
  member: 'jsmith',
  records: ['timeEntry #101'],
  date,
  hours: '2.00',
  amount: '300.00',
});

describe('time.no-notes', () => {
  it.each([
    { name: 'empty notes fire', entry: { notes: '' }, expected: [noNotes()] },
    { name: 'whitespace-only notes fire', entry: { notes: '  \n\t ' }, expected: [noNotes()] },
    { name: 'missing notes fire', entry: { notes: null }, expected: [noNotes()] },
    {
      name: 'notes shorter than minLength fire',
      entry: { notes: ' Rebooted ' },
      options: { minLength: 10 },
      expected: [noNotes()],
    },
    {
      name: 'an entry at 23:30 on the last day of the period (Chicago) fires on that day',
      entry: { notes: '', timeStart: '2026-10-31T23:30:00-05:00', timeEnd: '2026-11-01T01:30:00-05:00' },
      expected: [noNotes('2026-10-31')],
    },
    { name: 'a single character is enough by default', entry: { notes: 'x' }, expected: [] },
    {
      name: 'notes exactly minLength long do not fire',
      entry: { notes: 'Rebooted x' },
      options: { minLength: 10 },
      expected: [],
    },
    { name: 'a NoCharge entry without notes does not fire', entry: { notes: '', billableOption: 'NoCharge' }, expected: [] },
    {
      name: 'an entry at 23:30 the day before the period does not fire',
      entry: { notes: '', timeStart: '2026-09-30T23:30:00-05:00', timeEnd: '2026-10-01T01:30:00-05:00' },
      expected: [],
    },
  ])('$name', ({ entry, options, expected }) => {
    const findings = runRule(timeNoNotes, snapshot({ timeEntries: [timeEntry(entry)] }), options);
    expect(findings.map(brief)).toEqual(expected);
    expectRecordsNamed(findings);
  });

  it('says how short the notes are', () => {
    const shot = snapshot({ timeEntries: [timeEntry({ notes: 'Rebooted' })] });
    const [finding] = runRule(timeNoNotes, shot, { minLength: 10 });
    expect(finding?.message).toBe(
      'Time entry #101 (jsmith, 2026-10-05, 2.00 h) for Acme Corp is billable but its notes have 8 characters, fewer than 10.',
    );
  });
});
