import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Decimal } from 'decimal.js';
import { bootstrap } from '../bootstrap.js';
import { createLogger } from '../log.js';
import type { Report } from '../report/schema.js';
import { renderSummary } from '../report/summary.js';
import { deleteKeysWithPrefix } from '../queue/connection.js';
import type { Services } from '../services.js';
import { remindThroughQueue, renderRemindResult } from './remind.js';
import { runThroughQueue, writeFileAtomically, writeReportFiles } from './run.js';
import { periodFromId } from '../calendar.js';
import { sandboxEnvironment, startGeneratedSandbox } from './sandbox.js';
import type { Sandbox } from '../sandbox/server.js';

const DEMO_CONFIG = 'config/demo.yaml';
const DEMO_PREFIX = 'billing-guard-demo';
const DEMO_TIMEZONE = 'America/New_York';

export interface DemoOptions {
  outputDir: string;
  seed: number;
  scale: number;
}

/**
 * The newcomer's path: starts the bundled ConnectWise sandbox, runs a dry run and a live run
 * against it through the real queue and job code, and shows where everything went.
 */
export async function runDemo(options: DemoOptions): Promise<void> {
  const outputDir = resolve(options.outputDir);
  await mkdir(outputDir, { recursive: true });
  const running = await startGeneratedSandbox({ port: 0, scale: options.scale, seed: options.seed, timezone: DEMO_TIMEZONE });
  const { sandbox, tenant, period } = running;
  let services: Services | undefined;
  try {
    const env = {
      ...process.env,
      ...sandboxEnvironment(sandbox, running.caFile),
      BILLING_CONFIG: DEMO_CONFIG,
      QUEUE_PREFIX: DEMO_PREFIX,
      MAIL_OUTBOX_DIR: resolve(outputDir, 'outbox'),
      SMTP_URL: '',
    };
    services = await bootstrap({
      env,
      connectWiseCa: sandbox.ca,
      logger: createLogger({ level: process.env.LOG_LEVEL ?? 'warn' }),
    });
    // a fresh sandbox every time: forget what earlier demos left in Redis
    await deleteKeysWithPrefix(services.redis, DEMO_PREFIX);

    console.log(
      `Started a ConnectWise sandbox at https://${sandbox.site} with ${tenant.data.companies.length} companies, ` +
        `${tenant.data.timeEntries.length} time entries in ${period}, and ${tenant.planted.length} billing mistakes planted.\n`,
    );

    const threshold = services.config.billing.rules.get('invoice.high-value')?.options.threshold as Decimal | undefined;
    const dryRun = await step(services, outputDir, 'dry-run', true, period, threshold ?? null);
    const live = await step(services, outputDir, 'live', false, period, threshold ?? null);
    console.log('— The same live run again: exception tickets are updated, never duplicated\n');
    const again = await runThroughQueue({ period, dryRun: false }, services);
    await writeFileAtomically(resolve(outputDir, 'report-live-again.json'), `${JSON.stringify(again, null, 2)}\n`);
    console.log(`Exception tickets: ${ticketActions(again)}\n`);

    const month = periodFromId(period, DEMO_TIMEZONE).endDay.slice(0, 7);
    for (const [schedule, day] of [['time-cutoff-reminder', '12'], ['finance-digest', '15']] as const) {
      console.log(`— Reminder: billing-guard remind ${schedule} --date ${month}-${day}\n`);
      const result = await remindThroughQueue({ schedule, date: `${month}-${day}`, dryRun: false }, services);
      console.log(`${renderRemindResult(result, 'the outbox')}\n`);
    }

    const ticketsFile = resolve(outputDir, 'sandbox-tickets.txt');
    await writeFileAtomically(ticketsFile, renderSandboxTickets(sandbox));
    console.log('Where to look:');
    console.log(`  reports:  ${resolve(outputDir, 'report-dry-run.json')}, report-live.json and report-live-again.json`);
    console.log(`  preview:  ${resolve(outputDir, 'report-dry-run.html')} — what finance reviews before invoices go out`);
    console.log(`  mail:     ${services.config.env.MAIL_OUTBOX_DIR} — one .eml per message, open it in any mail client`);
    console.log(`  tickets:  ${ticketsFile} — every exception ticket the live run opened in the sandbox, with its notes`);
    console.log(`            (live: \`npm run cli -- sandbox\`, then GET https://<site>/v4_6_release/apis/3.0/service/tickets?conditions=externalXRef contains "billing-guard:")`);
    console.log(
      `  the dry run found ${dryRun.exceptions.length} exceptions and wrote nothing; exception tickets of the live run: ${ticketActions(live)}; of the second: ${ticketActions(again)}`,
    );
  } finally {
    if (services) await services.redis.quit().catch(() => undefined);
    await running.close();
  }
}

function ticketActions(report: Report): string {
  const counts = new Map<string, number>();
  for (const ticket of report.tickets) counts.set(ticket.action, (counts.get(ticket.action) ?? 0) + 1);
  return [...counts].map(([action, count]) => `${count} ${action}`).join(', ') || 'none';
}

/** The exception tickets in the sandbox as finance sees them in ConnectWise: summary, then notes. */
function renderSandboxTickets(sandbox: Sandbox): string {
  const tickets = sandbox.data.tickets.filter((ticket) => String(ticket.externalXRef ?? '').startsWith('billing-guard:'));
  return tickets
    .map((ticket) => {
      const notes = sandbox.data.ticketNotes.filter((note) => note.ticketId === ticket.id).map((note) => String(note.text));
      const status = (ticket.status as { name?: string } | undefined)?.name ?? '';
      return [`#${ticket.id} ${String(ticket.summary)} [${status}] (${String(ticket.externalXRef)})`, ...notes].join('\n\n');
    })
    .join(`\n\n${'='.repeat(100)}\n\n`);
}

async function step(
  services: Services,
  outputDir: string,
  name: string,
  dryRun: boolean,
  period: string,
  threshold: Decimal | null,
): Promise<Report> {
  console.log(`— ${dryRun ? 'Dry run: validating without writing anything' : 'Live run'} (billing-guard run --period ${period}${dryRun ? ' --dry-run' : ''})\n`);
  const report = await runThroughQueue({ period, dryRun }, services);
  await writeReportFiles(report, { report: resolve(outputDir, `report-${name}.json`), html: resolve(outputDir, `report-${name}.html`) });
  console.log(renderSummary(report, threshold));
  console.log('');
  return report;
}
