import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, type CsvError, type Info } from 'csv-parse/sync';
import type { UnusableCountRow } from '../snapshot.js';

/** One usable row of a counts file: `count` units of `item` deployed at the company. */
export interface CountRow {
  file: string;
  /** where the row starts, the header being line 1 */
  line: number;
  /** the ConnectWise company identifier, as the file writes it */
  company: string;
  item: string;
  count: number;
}

export interface CountFiles {
  rows: CountRow[];
  unusable: UnusableCountRow[];
}

const COLUMNS = ['company', 'item', 'count'] as const;
type Column = (typeof COLUMNS)[number];
const EMPTY = 'the file is empty: it needs a header row with company, item and count';

/** Every `*.csv` file of the folder, in name order, read into rows; a row that cannot be used is kept as unusable. */
export async function readCountFiles(directory: string): Promise<CountFiles> {
  const entries = await readdir(directory, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith('.csv'))
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b));
  const files = await Promise.all(names.map(async (name) => parseCountFile(name, await readFile(join(directory, name), 'utf8'))));
  return { rows: files.flatMap((file) => file.rows), unusable: files.flatMap((file) => file.unusable) };
}

/**
 * One counts file (RFC 4180, a header row naming at least company, item and count in any
 * order and case, other columns ignored).
 */
export function parseCountFile(file: string, text: string): CountFiles {
  // csv-parse numbers the lines of CRLF files unevenly after a blank line: count them on LF
  const normalized = text.replaceAll('\r\n', '\n');
  const skipped: CsvError[] = [];
  // with `info`, each record comes with the line it ends on; csv-parse's types do not say so
  const records = parse(normalized, {
    bom: true,
    info: true,
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_records_with_error: true,
    on_skip: (error) => void (error && skipped.push(error)),
  }) as unknown as Array<{ record: string[]; info: Info }>;

  const [header, ...body] = records;
  if (!header) {
    const unusable = skipped.length > 0 ? skipped.map((error) => unreadable(file, error, normalized, 0)) : [{ file, line: null, problem: EMPTY }];
    return { rows: [], unusable };
  }
  const names = header.record.map((name) => name.trim().toLowerCase());
  const missing = COLUMNS.filter((column) => !names.includes(column));
  if (missing.length > 0) {
    const problem = `the header row has no ${missing.join(', ')} column (it needs company, item and count; it has ${header.record.join(', ')})`;
    return { rows: [], unusable: [{ file, line: null, problem }] };
  }
  const at = Object.fromEntries(COLUMNS.map((column) => [column, names.indexOf(column)])) as Record<Column, number>;

  const rows: CountRow[] = [];
  const unusable: UnusableCountRow[] = [];
  for (const { record, info } of body) {
    const line = info.lines - record.reduce((newlines, field) => newlines + (field.split('\n').length - 1), 0);
    const row = countRow(record, at, header.record.length);
    if (typeof row === 'string') unusable.push({ file, line, problem: row });
    else rows.push({ file, line, ...row });
  }
  const lastLine = body.at(-1)?.info.lines ?? header.info.lines;
  unusable.push(...skipped.map((error) => unreadable(file, error, normalized, lastLine)));
  return { rows, unusable };
}

/** The row's company, item and count, or what makes it unusable. */
function countRow(record: readonly string[], at: Record<Column, number>, columns: number): Omit<CountRow, 'file' | 'line'> | string {
  if (record.length !== columns) return `the row has ${record.length} fields where the header has ${columns}`;
  const field = (column: Column) => record[at[column]]!.trim();
  const [company, item, count] = [field('company'), field('item'), field('count')];
  const problems = [
    company === '' ? 'the company is empty' : null,
    item === '' ? 'the item is empty' : null,
    /^\d+$/.test(count) && Number.isSafeInteger(Number(count)) ? null : `the count ${JSON.stringify(count)} is not a whole number of 0 or more`,
  ].filter((problem) => problem !== null);
  return problems.length > 0 ? problems.join('; ') : { company, item, count: Number(count) };
}

/**
 * A row csv-parse gave up on. The one such error its relaxed options leave is a quoted field
 * never closed, which swallows the rest of the file: name the line where that part begins.
 */
function unreadable(file: string, error: CsvError, text: string, lastRead: number): UnusableCountRow {
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    return { file, line: lineAfter(text, lastRead), problem: 'a quoted field that starts on this line is never closed, so the rest of the file cannot be read' };
  }
  return { file, line: typeof error.lines === 'number' ? error.lines : null, problem: `the row cannot be read as CSV (${error.message})` };
}

/** The first non-blank line after `line`. */
function lineAfter(text: string, line: number): number {
  const lines = text.split('\n');
  let next = line + 1;
  while (next <= lines.length && lines[next - 1]!.trim() === '') next += 1;
  return next;
}
