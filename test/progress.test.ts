import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { showingProgress } from '../src/commands/run.js';
import type { CollectionProgress } from '../src/connectwise/pull.js';
import { loggedProgress, progressLine, terminalProgress, type PhaseProgress } from '../src/progress.js';
import type { Services } from '../src/services.js';

describe('progressLine', () => {
  it.each<[string, PhaseProgress, string]>([
    ['with total, rate and time left', { phase: 'time entries', read: 12_000, total: 61_200, elapsedMs: 8276 }, 'time entries    12,000 / 61,200  (1,450/s, 34 s left)'],
    ['without a total yet', { phase: 'additions', read: 300, total: null, elapsedMs: 2000 }, 'additions       300  (150/s)'],
    ['nothing read yet', { phase: 'time entries', read: 0, total: 61_200, elapsedMs: 500 }, 'time entries    0 / 61,200'],
    ['a slow rate', { phase: 'members', read: 5, total: 12, elapsedMs: 2000 }, 'members         5 / 12  (2.5/s, 3 s left)'],
    ['minutes left', { phase: 'time entries', read: 1000, total: 20_000, elapsedMs: 10_000 }, 'time entries    1,000 / 20,000  (100/s, 3 min 10 s left)'],
    ['hours left', { phase: 'time entries', read: 1000, total: 400_000, elapsedMs: 10_000 }, 'time entries    1,000 / 400,000  (100/s, 1 h 6 min left)'],
    ['everything read, not yet done', { phase: 'agreements', read: 40, total: 40, elapsedMs: 1000 }, 'agreements      40 / 40  (40/s)'],
    ['done', { phase: 'time entries', read: 61_200, total: 61_200, elapsedMs: 42_000, done: true }, 'time entries    61,200  (1,457/s, done in 42 s)'],
  ])('%s', (_case, progress, line) => {
    expect(progressLine(progress)).toBe(line);
  });
});

const progress = (collection: CollectionProgress['collection'], read: number, total: number | null, done = false): CollectionProgress => ({
  collection,
  read,
  total,
  done,
});

const ESC = '\x1b';
const TOKENS = new RegExp(`${ESC}\\[\\d*[A-Z]|\r|\n|[^${ESC}\r\n]+`, 'g');

/** What a terminal shows after the writes: carriage return, clear line, cursor up and clear below applied. */
function screenOf(written: string): string[] {
  const lines: string[] = [''];
  let row = 0;
  let column = 0;
  for (const token of written.match(TOKENS) ?? []) {
    if (token === '\r') column = 0;
    else if (token === '\n') {
      row += 1;
      column = 0;
      lines[row] ??= '';
    } else if (token === '\x1b[2K') lines[row] = '';
    else if (token === '\x1b[J') lines.splice(row + 1, Infinity, lines[row]!.slice(0, column));
    else if (token.endsWith('A')) row -= Number(token.slice(2, -1));
    else {
      lines[row] = lines[row]!.slice(0, column) + token + lines[row]!.slice(column + token.length);
      column += token.length;
    }
  }
  return lines.slice(0, row + 1).filter((line, index) => index < row || line !== '');
}

function fakeTerminal() {
  const writes: string[] = [];
  let now = 0;
  return {
    stream: { isTTY: true, write: (text: string) => writes.push(text) },
    writes,
    clock: () => now,
    at: (ms: number) => (now = ms),
    screen: () => screenOf(writes.join('')),
  };
}

describe('terminalProgress', () => {
  it('shows one line per phase, updated in place, and ends a finished phase with a newline', () => {
    const terminal = fakeTerminal();
    const show = terminalProgress(terminal.stream, terminal.clock);

    show(progress('members', 0, null));
    show(progress('timeEntries', 0, null));
    expect(terminal.screen()).toEqual(['members         0']);

    terminal.at(1000);
    show(progress('timeEntries', 1000, 5000));
    expect(terminal.screen()).toEqual(['members         0', 'time entries    1,000 / 5,000  (1,000/s, 4 s left)']);

    terminal.at(1500);
    show(progress('members', 12, 12, true));
    expect(terminal.screen()).toEqual(['members         12  (8/s, done in 2 s)', 'time entries    1,000 / 5,000  (1,000/s, 4 s left)']);
    expect(terminal.writes.at(-1)).toContain('\x1b[2A\r\x1b[2Kmembers         12  (8/s, done in 2 s)\n\r\x1b[2Ktime entries');

    terminal.at(2000);
    show(progress('timeEntries', 2000, 5000));
    // the finished phase is left alone: only the running one is redrawn
    expect(terminal.writes.at(-1)).toBe('\x1b[1A\r\x1b[2Ktime entries    2,000 / 5,000  (1,000/s, 3 s left)\n\x1b[J');
    terminal.at(5000);
    show(progress('timeEntries', 5000, 5000, true));
    expect(terminal.screen()).toEqual(['members         12  (8/s, done in 2 s)', 'time entries    5,000  (1,000/s, done in 5 s)']);
    expect(terminal.writes.join('').endsWith('\n\x1b[J')).toBe(true);
  });

  it('redraws at most every tenth of a second, but always when a phase finishes', () => {
    const terminal = fakeTerminal();
    const show = terminalProgress(terminal.stream, terminal.clock);

    show(progress('timeEntries', 0, null));
    terminal.at(50);
    show(progress('timeEntries', 100, null));
    expect(terminal.writes).toHaveLength(1);
    show(progress('timeEntries', 100, 100, true));
    expect(terminal.writes).toHaveLength(2);
  });
});

describe('progress off a terminal', () => {
  const services = { now: () => new Date(0) } as Services;

  it('leaves the run to log plain lines when stderr is not a terminal', () => {
    const written: string[] = [];
    expect(showingProgress(services, { isTTY: false, write: (text) => written.push(text) })).toBe(services);
    expect(showingProgress(services, { write: (text) => written.push(text) }).pullProgress).toBeUndefined();
    expect(written).toEqual([]);
  });

  it('shows the run’s pull on a terminal', () => {
    const written: string[] = [];
    const shown = showingProgress(services, { isTTY: true, write: (text) => written.push(text) });
    shown.pullProgress!(progress('members', 0, null));
    expect(written.join('')).toContain('\r\x1b[2Kmembers');
  });

  it('logs records read and totals announced as plain lines, at most every three seconds', () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    let now = 0;
    const log = loggedProgress(logger, () => now);

    log(progress('members', 3, 3, true));
    now = 1000;
    log(progress('timeEntries', 1000, null));
    expect(lines).toEqual([]);
    now = 3000;
    log(progress('timeEntries', 2000, 5000));

    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'pulling', members: 3, timeEntries: 2000, totals: { members: 3, timeEntries: 5000 } });
    expect(lines[0]).not.toContain(ESC);
    expect(lines[0]).not.toContain('\r');
  });
});
