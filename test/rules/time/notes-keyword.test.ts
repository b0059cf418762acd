import { describe, expect, it } from 'vitest';
import { timeNotesKeyword } from '../../../src/rules/time/notes-keyword.js';
import { ACME, runRule, snapshot, timeEntry } from '../fixtures.js';
import { brief, expectRecordsNamed } from './brief.js';

const flagged = { company: ACME.id, member: 'jsmith', records: ['timeEntry #101'], date: '2026-10-05', hours: '2.00', amount: '300.00' };

function check(entry: Record<string, unknown>, options: Record<string, unknown> = {}) {
  const findings = runRule(timeNotesKeyword, snapshot({ timeEntries: [timeEntry(entry)] }), options);
  expectRecordsNamed(findings);
  return findings;
}

describe('time.notes-keyword', () => {
  it.each([
    ['a keyword in capitals', 'Replaced switch, TODO check the uplink'],
    ['a keyword in lower case', 'todo: write up the switch swap'],
    ['a keyword followed by a colon', 'TODO: describe'],
    ['a keyword alone', 'TBD'],
    ['a keyword in mixed case at the end', 'Fixed the printer fixme'],
    ['a keyword in brackets', 'Patched servers (xxx)'],
    ['a keyword on its own line', 'Patched servers\nasdf'],
  ])('fires for %s', (_name, notes) => {
    expect(check({ notes }).map(brief)).toEqual([flagged]);
  });

  it.each([
    ['a keyword inside a longer word', 'Moved the Mastodon server'],
    ['a keyword at the start of a longer word', 'Ordered xxxl shirts for the event'],
    ['a keyword at the end of a longer word', 'Set up the newTBD share'],
    ['a keyword joined by an underscore', 'Renamed TODO_list.txt'],
    ['a keyword joined by a digit', 'Replaced asdf2 keyboard'],
    ['notes with no keyword', 'Replaced failing switch'],
    ['no notes', null],
  ])('stays quiet for %s', (_name, notes) => {
    expect(check({ notes })).toEqual([]);
  });

  it.each([
    ['a NoCharge entry', { billableOption: 'NoCharge' }],
    ['a DoNotBill entry', { billableOption: 'DoNotBill' }],
    ['an entry before the period', { timeStart: '2026-09-30T14:00:00Z', timeEnd: '2026-09-30T16:00:00Z' }],
  ])('stays quiet for %s with a keyword', (_name, fields) => {
    expect(check({ notes: 'TODO', ...fields })).toEqual([]);
  });

  it('takes the configured keywords, matched literally', () => {
    expect(check({ notes: 'Call back re: C++ upgrade' }, { keywords: ['C++'] })).toHaveLength(1);
    expect(check({ notes: 'Call back re: C upgrade' }, { keywords: ['C++'] })).toEqual([]);
    expect(check({ notes: 'TODO' }, { keywords: ['internal'] })).toEqual([]);
    expect(check({ notes: 'TODO' }, { keywords: [] })).toEqual([]);
  });

  it('quotes the keyword as the notes write it', () => {
    expect(check({ notes: 'Switch swap, todo: uplink' })[0]?.message).toBe(
      'Time entry #101 (jsmith, 2026-10-05, 2.00 h) for Acme Corp is billable and its notes contain "todo", which the client will read on the invoice.',
    );
  });
});
