import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ruleContextFor, validateSnapshot } from '../src/rules/engine.js';
import { ruleRegistry } from '../src/rules/registry.js';
import { resolveRuleSettings } from '../src/rules/settings.js';
import { companyTotals } from '../src/validation-run.js';
import { benchRuleOptions, buildSnapshot } from './snapshot.js';

/**
 * How long validation takes after the pull (the rules plus the projected and previous totals)
 * for 10k, 100k and 1M time entries. Each size runs in its own process so that its peak RSS is
 * its own. `npm run bench` prints the figures; nothing is asserted.
 */

const SIZES = [10_000, 100_000, 1_000_000];
const TIMEZONE = 'America/New_York';
const LOOKBACK_DAYS = 90;

interface Measurement {
  timeEntries: number;
  agreements: number;
  additions: number;
  members: number;
  findings: number;
  wallMs: number;
  /** user and system CPU time: less sensitive than wall time to other work on the machine */
  cpuMs: number;
  /** resident set once the snapshot is built, before validation */
  snapshotRssMb: number;
  /** the process's peak resident set: building the snapshot and validating it */
  peakRssMb: number;
}

const megabytes = (bytes: number) => Math.round(bytes / 1024 / 1024);

function measure(timeEntries: number): Measurement {
  const snapshot = buildSnapshot({ timeEntries, period: '2026-10', timezone: TIMEZONE, lookbackDays: LOOKBACK_DAYS, seed: 1 });
  const { settings } = resolveRuleSettings(benchRuleOptions, ruleRegistry);
  globalThis.gc?.();
  const snapshotRss = process.memoryUsage().rss;

  const cpu = process.cpuUsage();
  const started = performance.now();
  const context = ruleContextFor(snapshot, { timezone: TIMEZONE, holidays: [], licenseClasses: ['F'], excludedMembers: [] });
  const findings = validateSnapshot(snapshot, ruleRegistry, settings, context);
  companyTotals(context);
  const wallMs = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);

  return {
    timeEntries,
    agreements: snapshot.counts.agreements,
    additions: snapshot.counts.additions,
    members: snapshot.counts.members,
    findings: findings.length,
    wallMs,
    cpuMs: (user + system) / 1000,
    snapshotRssMb: megabytes(snapshotRss),
    peakRssMb: megabytes(process.resourceUsage().maxRSS * 1024),
  };
}

/** Runs one size in a fresh process (the same loader, plus --expose-gc) and reads its figures back. */
function measureApart(timeEntries: number): Measurement {
  const script = fileURLToPath(import.meta.url);
  const child = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', script, String(timeEntries)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.status !== 0) throw new Error(`the ${timeEntries} time entries run failed with exit code ${child.status}`);
  return JSON.parse(child.stdout) as Measurement;
}

function report(measurements: Measurement[]): void {
  const columns = ['time entries', 'agreements', 'additions', 'members', 'findings', 'wall s', 'CPU s', 'entries/s', 'snapshot MB', 'peak RSS MB'];
  console.log(columns.map((column) => column.padStart(12)).join(''));
  for (const m of measurements) {
    const cells = [
      m.timeEntries,
      m.agreements,
      m.additions,
      m.members,
      m.findings,
      (m.wallMs / 1000).toFixed(2),
      (m.cpuMs / 1000).toFixed(2),
      Math.round((m.timeEntries / m.wallMs) * 1000),
      m.snapshotRssMb,
      m.peakRssMb,
    ];
    console.log(cells.map((cell) => String(cell).padStart(12)).join(''));
  }
  const [small, large] = [measurements.at(-2), measurements.at(-1)];
  if (small && large) {
    const nLogN = (n: number) => n * Math.log(n);
    const growth = large.wallMs / small.wallMs;
    const bound = nLogN(large.timeEntries) / nLogN(small.timeEntries);
    console.log(
      `\ntime growth ${small.timeEntries} → ${large.timeEntries}: ×${growth.toFixed(2)} (n log n: ×${bound.toFixed(2)}, linear: ×${(large.timeEntries / small.timeEntries).toFixed(2)})`,
    );
  }
}

export function benchValidation(): void {
  console.log(`Validation after the pull (${process.version}, ${TIMEZONE}, period 2026-10, ${LOOKBACK_DAYS}-day lookback)`);
  console.log('wall and CPU: rule context, every rule, projected and previous totals; snapshot: RSS once built; peak: the process\n');
  report(SIZES.map(measureApart));
}

// run as a child of benchValidation: one size, its figures as JSON on stdout
if (process.argv[1] === fileURLToPath(import.meta.url)) process.stdout.write(JSON.stringify(measure(Number(process.argv[2]))));
