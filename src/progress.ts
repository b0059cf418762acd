import type { Collection, CollectionProgress } from './connectwise/pull.js';
import type { Logger } from './log.js';

/** Where a run shows how far its pull is. */
export type PullProgressSink = (progress: CollectionProgress) => void;

export interface PhaseProgress {
  phase: string;
  read: number;
  /** what `/count` announced, null until it has */
  total: number | null;
  /** from the phase's start to its latest records */
  elapsedMs: number;
  done?: boolean;
}

const PHASES: Record<Collection, string> = {
  members: 'members',
  agreements: 'agreements',
  additions: 'additions',
  timeEntries: 'time entries',
  expenses: 'expenses',
  tickets: 'closed tickets',
  invoices: 'invoices',
  configurations: 'configurations',
  countRows: 'count rows',
};
const PHASE_WIDTH = Math.max(...Object.values(PHASES).map((phase) => phase.length));

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const fine = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** e.g. `time entries    12,000 / 61,200  (1,450/s, 34 s left)`; a finished phase says what it read and how long it took. */
export function progressLine({ phase, read, total, elapsedMs, done = false }: PhaseProgress): string {
  const seconds = elapsedMs / 1000;
  const rate = seconds > 0 && read > 0 ? read / seconds : null;
  const details: string[] = [];
  if (rate !== null) details.push(`${(rate < 10 ? fine : whole).format(rate)}/s`);
  if (done) details.push(`done in ${duration(seconds)}`);
  else if (rate !== null && total !== null && total > read) details.push(`${duration((total - read) / rate)} left`);
  const amount = total === null || done ? whole.format(read) : `${whole.format(read)} / ${whole.format(total)}`;
  return `${phase.padEnd(PHASE_WIDTH)}  ${amount}${details.length > 0 ? `  (${details.join(', ')})` : ''}`;
}

function duration(seconds: number): string {
  const rounded = Math.max(1, Math.round(seconds));
  if (rounded < 60) return `${rounded} s`;
  const minutes = Math.floor(rounded / 60);
  if (minutes < 60) return `${minutes} min ${rounded % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

interface Phase {
  startedAt: number;
  /** when its latest records arrived */
  readAt: number;
  progress: CollectionProgress;
}

const lineOf = ({ startedAt, readAt, progress }: Phase) =>
  progressLine({ phase: PHASES[progress.collection], read: progress.read, total: progress.total, elapsedMs: readAt - startedAt, done: progress.done });

/** Follows each collection's phase: when it started and when its latest records arrived. */
function phaseTracker() {
  const phases = new Map<Collection, Phase>();
  return (progress: CollectionProgress, at: number): Phase => {
    const known = phases.get(progress.collection);
    const phase = { startedAt: known?.startedAt ?? at, readAt: known && known.progress.read === progress.read ? known.readAt : at, progress };
    if (progress.done) phases.delete(progress.collection);
    else phases.set(progress.collection, phase);
    return phase;
  };
}

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

const REDRAW_EVERY_MS = 100;
const CLEAR_LINE = '\r\x1b[2K';
const CLEAR_BELOW = '\x1b[J';

/**
 * One line per phase on a terminal, updated in place: the running phases are redrawn below the
 * finished ones, and a finished phase is written once more, ending with a newline, then left alone.
 */
export function terminalProgress(stream: ProgressStream, now: () => number): PullProgressSink {
  const track = phaseTracker();
  const running = new Map<Collection, Phase>();
  const finished: Phase[] = [];
  let drawn = 0;
  let drawnAt = -Infinity;
  return (progress) => {
    const at = now();
    const phase = track(progress, at);
    if (progress.done) {
      running.delete(progress.collection);
      finished.push(phase);
    } else running.set(progress.collection, phase);
    if (!progress.done && at - drawnAt < REDRAW_EVERY_MS) return;
    drawnAt = at;
    const lines = [...finished.splice(0), ...running.values()].map((each) => `${CLEAR_LINE}${lineOf(each)}\n`);
    stream.write(`${drawn > 0 ? `\x1b[${drawn}A` : ''}${lines.join('')}${CLEAR_BELOW}`);
    drawn = running.size;
  };
}

const LOG_EVERY_MS = 3000;

/** Plain log lines, at most every few seconds: records read per collection and the totals announced so far. */
export function loggedProgress(logger: Logger, now: () => number): PullProgressSink {
  const latest = new Map<Collection, CollectionProgress>();
  let loggedAt = now();
  return (progress) => {
    latest.set(progress.collection, progress);
    if (now() - loggedAt < LOG_EVERY_MS) return;
    loggedAt = now();
    const read = [...latest.values()];
    const totals = read.filter((each) => each.total !== null).map((each) => [each.collection, each.total]);
    logger.info({ ...Object.fromEntries(read.map((each) => [each.collection, each.read])), totals: Object.fromEntries(totals) }, 'pulling');
  };
}
