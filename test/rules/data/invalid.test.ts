import { describe, expect, it } from 'vitest';
import type { InvalidRecord } from '../../../src/connectwise/records.js';
import type { UnusableCountRow } from '../../../src/snapshot.js';
import { dataInvalid } from '../../../src/rules/data/invalid.js';
import { ACME, GLOBEX, runRule, snapshot } from '../fixtures.js';

function check(invalid: InvalidRecord[]) {
  return runRule(dataInvalid, snapshot({ invalid }));
}

describe('data.invalid', () => {
  it('reports a record with a company on that company, naming its type, id and problem', () => {
    const findings = check([{ type: 'timeEntry', id: 123, company: ACME, problems: ['timeStart is missing'] }]);
    expect(findings).toEqual([
      {
        scope: 'company',
        company: ACME,
        member: null,
        records: [{ type: 'timeEntry', id: 123 }],
        date: null,
        hours: null,
        amount: null,
        message: 'Time entry #123 from ConnectWise cannot be validated: timeStart is missing',
      },
    ]);
  });

  it('reports a record without a company as internal', () => {
    const [finding] = check([{ type: 'member', id: 7, company: null, problems: ['identifier is missing'] }]);
    expect(finding?.scope).toBe('internal');
    expect(finding?.company).toBeNull();
    expect(finding?.records).toEqual([{ type: 'member', id: 7 }]);
    expect(finding?.message).toBe('Member #7 from ConnectWise cannot be validated: identifier is missing');
  });

  it('says the id was missing and names no record when there is no id', () => {
    const [finding] = check([{ type: 'expense', id: null, company: GLOBEX, problems: ['id is missing', 'amount is "12,00", not a number'] }]);
    expect(finding?.scope).toBe('company');
    expect(finding?.records).toEqual([]);
    expect(finding?.message).toBe('An expense from ConnectWise has no id and cannot be validated: id is missing; amount is "12,00", not a number');
  });

  it('uses "A" before a consonant', () => {
    const [finding] = check([{ type: 'timeEntry', id: null, company: null, problems: ['id is missing'] }]);
    expect(finding?.message).toBe('A time entry from ConnectWise has no id and cannot be validated: id is missing');
  });

  it('reports every invalid record, ordered by company and record', () => {
    const findings = check([
      { type: 'timeEntry', id: 125, company: GLOBEX, problems: ['actualHours is "1,5", not a number'] },
      { type: 'timeEntry', id: 124, company: ACME, problems: ['timeStart is missing'] },
      { type: 'agreement', id: 88, company: ACME, problems: ['name is missing'] },
      { type: 'invoice', id: 901, company: null, problems: ['company is missing'] },
    ]);
    expect(findings.map((finding) => `${finding.company?.id ?? '-'} ${finding.records[0]?.type}#${finding.records[0]?.id}`)).toEqual([
      '- invoice#901',
      '19 agreement#88',
      '19 timeEntry#124',
      '20 timeEntry#125',
    ]);
  });

  it('tells apart records without an id by what is wrong with them, and keys no record that has one', () => {
    const findings = check([
      { type: 'timeEntry', id: null, company: ACME, problems: ['id is missing'] },
      { type: 'timeEntry', id: null, company: ACME, problems: ['id is missing', 'timeStart is missing'] },
      { type: 'timeEntry', id: 124, company: ACME, problems: ['timeStart is missing'] },
    ]);
    expect(findings.map((finding) => finding.key)).toEqual(['id is missing', 'id is missing; timeStart is missing', undefined]);
  });

  it('finds nothing in a clean snapshot', () => {
    expect(check([])).toEqual([]);
  });
});

describe('data.invalid for the rows of counts files', () => {
  function checkRows(unusableCountRows: UnusableCountRow[]) {
    return runRule(dataInvalid, snapshot({ unusableCountRows }));
  }

  it('reports an unusable row as internal, with no records, naming the file and line', () => {
    expect(checkRows([{ file: 'counts/rmm.csv', line: 7, problem: 'the count "12.5" is not a whole number ≥ 0' }])).toEqual([
      {
        scope: 'internal',
        company: null,
        member: null,
        records: [],
        date: null,
        hours: null,
        amount: null,
        message: 'counts/rmm.csv line 7: the count "12.5" is not a whole number ≥ 0',
        key: 'counts/rmm.csv#7',
      },
    ]);
  });

  it('reports a file whose header lacks a column as the whole file', () => {
    const [finding] = checkRows([{ file: 'counts/distributor.csv', line: null, problem: 'the header has no count column' }]);
    expect(finding?.message).toBe('counts/distributor.csv: the header has no count column');
    expect(finding?.key).toBe('counts/distributor.csv#file');
  });

  it('reports every row apart, each with its own key, after the invalid records, by file and line', () => {
    const shot = snapshot({
      invalid: [{ type: 'member', id: 7, company: null, problems: ['identifier is missing'] }],
      unusableCountRows: [
        { file: 'counts/rmm.csv', line: 12, problem: 'the company is empty' },
        { file: 'counts/rmm.csv', line: 7, problem: 'the count "ten" is not a whole number ≥ 0' },
        { file: 'counts/distributor.csv', line: null, problem: 'the header has no item column' },
      ],
    });
    expect(runRule(dataInvalid, shot).map((finding) => finding.key ?? finding.message)).toEqual([
      'Member #7 from ConnectWise cannot be validated: identifier is missing',
      'counts/distributor.csv#file',
      'counts/rmm.csv#7',
      'counts/rmm.csv#12',
    ]);
  });
});
