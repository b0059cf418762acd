import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCountFile, readCountFiles } from '../../src/counts/files.js';

const csv = (...lines: string[]) => `${lines.join('\n')}\n`;
const row = (line: number, company: string, item: string, count: number) => ({ file: 'rmm.csv', line, company, item, count });
const unusable = (line: number | null, problem: string | RegExp) => ({ file: 'rmm.csv', line, problem: expect.stringMatching(problem) });

describe('a counts file', () => {
  it.each([
    ['the three columns', csv('company,item,count', 'ACME,Managed Workstation,40'), [row(2, 'ACME', 'Managed Workstation', 40)]],
    [
      'quoted fields with commas and doubled quotes',
      csv('company,item,count', '"ACME","Microsoft 365, Business ""Premium""","12"'),
      [row(2, 'ACME', 'Microsoft 365, Business "Premium"', 12)],
    ],
    ['a byte order mark before the header', `\uFEFF${csv('company,item,count', 'ACME,AV,5')}`, [row(2, 'ACME', 'AV', 5)]],
    [
      'columns in another order, in capitals, with extra columns',
      csv('Site,COUNT,Exported,Item,Company', 'Main,7,2026-10-31,AV,ACME', 'Annex,0,2026-10-31,AV,GLOBEX'),
      [row(2, 'ACME', 'AV', 7), row(3, 'GLOBEX', 'AV', 0)],
    ],
    ['CRLF line ends and blank lines', 'company,item,count\r\n\r\nACME,AV,5\r\n\r\nGLOBEX,AV,2\r\n', [row(3, 'ACME', 'AV', 5), row(5, 'GLOBEX', 'AV', 2)]],
    ['spaces around values', csv('company , item , count', ' ACME , AV , 5 '), [row(2, 'ACME', 'AV', 5)]],
    ['a quoted line break: the next row keeps its own line', csv('company,item,count', 'ACME,"Anti\nvirus",5', 'GLOBEX,AV,2'), [row(2, 'ACME', 'Anti\nvirus', 5), row(4, 'GLOBEX', 'AV', 2)]],
  ])('reads %s', (_case, text, rows) => {
    expect(parseCountFile('rmm.csv', text)).toEqual({ rows, unusable: [] });
  });

  it('keeps each row that cannot be used, with its line, and reads the rows around it', () => {
    const text = csv(
      'company,item,count',
      'ACME,AV,12.5',
      'ACME,AV,ten',
      ',AV,3',
      'ACME,,3',
      'ACME,AV,-2',
      'ACME,AV,',
      'ACME,AV',
      'ACME,AV,4,extra',
      'GLOBEX,AV,9',
    );
    expect(parseCountFile('rmm.csv', text)).toEqual({
      rows: [row(10, 'GLOBEX', 'AV', 9)],
      unusable: [
        unusable(2, /^the count "12\.5" is not a whole number of 0 or more$/),
        unusable(3, /^the count "ten" is not a whole number/),
        unusable(4, /^the company is empty$/),
        unusable(5, /^the item is empty$/),
        unusable(6, /^the count "-2" is not a whole number/),
        unusable(7, /^the count "" is not a whole number/),
        unusable(8, /^the row has 2 fields where the header has 3$/),
        unusable(9, /^the row has 4 fields where the header has 3$/),
      ],
    });
  });

  it('says where a quoted field that is never closed begins, keeping the rows before it', () => {
    const text = csv('company,item,count', 'ACME,AV,5', '', 'GLOBEX,"AV,2', 'INITECH,AV,3');
    expect(parseCountFile('rmm.csv', text)).toEqual({
      rows: [row(2, 'ACME', 'AV', 5)],
      unusable: [unusable(4, /quoted field .* never closed, so the rest of the file cannot be read/)],
    });
  });

  it.each([
    ['no count column', csv('company,item,quantity', 'ACME,AV,5'), /^the header row has no count column \(it needs company, item and count; it has company, item, quantity\)$/],
    ['neither company nor item', csv('customer,product,count', 'ACME,AV,5'), /no company, item column/],
    ['no header at all', '', /the file is empty/],
  ])('is unusable as a whole with %s', (_case, text, problem) => {
    expect(parseCountFile('rmm.csv', text)).toEqual({ rows: [], unusable: [unusable(null, problem)] });
  });
});

describe('the counts folder', () => {
  it('reads every .csv file in name order and nothing else', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'billing-guard-counts-'));
    writeFileSync(join(folder, 'rmm.csv'), csv('company,item,count', 'ACME,AV,5', 'ACME,AV,x'));
    writeFileSync(join(folder, 'distributor.CSV'), csv('company,item,count', 'ACME,AV,2'));
    writeFileSync(join(folder, 'notes.txt'), csv('company,item,count', 'ACME,AV,100'));
    mkdirSync(join(folder, 'old.csv'));

    expect(await readCountFiles(folder)).toEqual({
      rows: [
        { file: 'distributor.CSV', line: 2, company: 'ACME', item: 'AV', count: 2 },
        { file: 'rmm.csv', line: 2, company: 'ACME', item: 'AV', count: 5 },
      ],
      unusable: [unusable(3, /the count "x"/)],
    });
  });
});
