import { PERIOD_PATTERN, zonedDateTime } from '../calendar.js';
import { ConfigError } from '../config/errors.js';
import { storedRuns, type RunSummary } from '../report/store.js';
import { describeTicketActions, ticketActionsOf } from '../report/tally.js';
import type { Services } from '../services.js';

/** `billing-guard runs [--period]`: the stored runs, newest first, as a table. */
export async function listStoredRuns(services: Services, period?: string): Promise<string> {
  if (period !== undefined && !PERIOD_PATTERN.test(period)) throw new ConfigError([`--period is "${period}": expected a month as YYYY-MM`]);
  const { env, billing } = services.config;
  const runs = await storedRuns(services.redis, env.QUEUE_PREFIX, { period });
  if (runs.length === 0) {
    return `No stored runs${period === undefined ? '' : ` of ${period}`} (runs are kept ${env.REPORT_RETENTION_DAYS} days).`;
  }
  return renderRuns(runs, billing.timezone);
}

interface Column {
  title: string;
  /** numbers and amounts line up on the right */
  right?: boolean;
  cell(run: RunSummary): string;
}

function columns(timezone: string): Column[] {
  return [
    { title: 'run id', cell: ({ runId }) => runId },
    { title: 'period', cell: ({ period }) => period },
    { title: 'mode', cell: ({ mode }) => mode },
    { title: `started (${timezone})`, cell: ({ startedAt }) => zonedDateTime(Date.parse(startedAt), timezone) },
    ...(['error', 'warning', 'info'] as const).map((severity): Column => ({ title: severity, right: true, cell: ({ totals }) => String(totals.exceptions[severity]) })),
    { title: 'waived', right: true, cell: ({ totals }) => String(totals.waived) },
    { title: 'revenue at risk', right: true, cell: ({ totals }) => totals.revenueAtRisk },
    { title: 'tickets', cell: ({ tickets }) => describeTicketActions({ ticketActions: ticketActionsOf(tickets) }) || 'none' },
  ];
}

/** One line per run: what it was, when it started in the tenant timezone, what it found and did. */
function renderRuns(runs: readonly RunSummary[], timezone: string): string {
  const table = columns(timezone);
  const rows = runs.map((run) => table.map((column) => column.cell(run)));
  const widths = table.map((column, index) => Math.max(column.title.length, ...rows.map((row) => row[index]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, index) => (table[index]!.right ? cell.padStart(widths[index]!) : cell.padEnd(widths[index]!)))
      .join('  ')
      .trimEnd();
  return [table.map((column) => column.title), ...rows].map(line).join('\n');
}

