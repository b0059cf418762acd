import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Decimal } from 'decimal.js';
import { bootstrap } from '../bootstrap.js';
import { periodFromId } from '../calendar.js';
import { createLogger } from '../log.js';
import { deleteKeysWithPrefix } from '../queue/connection.js';
import type { Report } from '../report/schema.js';
import { renderSummary } from '../report/summary.js';
import { describeTicketActions, ticketActionsOf } from '../report/tally.js';
import type { Sandbox } from '../sandbox/server.js';
import type { Services } from '../services.js';
import { waiverStep } from './demo-waiver.js';
import { remindThroughQueue, renderRemindResult } from './remind.js';
import { runThroughQueue, writeFileAtomically, writeReportFiles } from './run.js';
import { sandboxEnvironment, startGeneratedSandbox, type RunningSandbox } from './sandbox.js';

const DEMO_PREFIX = 'billing-guard-demo';
const DEMO_TIMEZONE = 'America/New_York';

/** The reminder schedules of config/demo.yaml, each fired on its day of the month after the period. */
const DEMO_REMINDERS = [
  ['time-cutoff-reminder', '12'],
  ['finance-digest', '15'],
] as const;

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
  const running = await startGeneratedSandbox({
    port: 0,
    scale: options.scale,
    seed: options.seed,
    timezone: DEMO_TIMEZONE,
    directory: outputDir,
  });
  let services: Services | undefined;
  try {
    services = await demoServices(running, outputDir);
    // a fresh sandbox every time: forget what earlier demos left in Redis
    await deleteKeysWithPrefix(services.redis, DEMO_PREFIX);
    await demonstrate(running, services, outputDir);
  } finally {
    if (services) await services.redis.quit().catch(() => undefined);
    await running.close();
  }
}

/**
 * The worker's services, pointed at the sandbox, with their own Redis prefix and the outbox for mail,
 * configured by config/demo.yaml with its counts folder in the output folder.
 */
function demoServices({ sandbox, caFile, config }: RunningSandbox, outputDir: string): Promise<Services> {
  const env = {
    ...process.env,
    ...sandboxEnvironment(sandbox, caFile, config),
    QUEUE_PREFIX: DEMO_PREFIX,
    MAIL_OUTBOX_DIR: resolve(outputDir, 'outbox'),
    SMTP_URL: '',
  };
  return bootstrap({ env, connectWiseCa: sandbox.ca, logger: createLogger({ level: process.env.LOG_LEVEL ?? 'warn' }) });
}

async function demonstrate(running: RunningSandbox, services: Services, outputDir: string): Promise<void> {
  const { sandbox, tenant, period } = running;
  console.log(
    `Started a ConnectWise sandbox at https://${sandbox.site} with ${tenant.data.companies.length} companies, ` +
      `${tenant.data.timeEntries.length} time entries in ${period}, ${tenant.data.configurations.length} configurations, ` +
      `and ${tenant.planted.length} billing mistakes planted.\n`,
  );
  const threshold = highValueThreshold(services);
  const dryRun = await validationStep(services, outputDir, { name: 'dry-run', dryRun: true, period }, threshold);
  const live = await validationStep(services, outputDir, { name: 'live', dryRun: false, period }, threshold);
  const again = await liveRunAgain(services, outputDir, period);
  const waived = await waiverStep(sandbox, services, live);
  if (waived) await writeFileAtomically(resolve(outputDir, 'report-live-waived.json'), `${JSON.stringify(waived, null, 2)}\n`);
  await reminderSteps(services, period);
  const ticketsFile = await writeSandboxTickets(sandbox, outputDir);
  printWhereToLook(running, services, { outputDir, ticketsFile }, { dryRun, live, again });
}

function highValueThreshold(services: Services): Decimal | null {
  return (services.config.billing.rules.get('invoice.high-value')?.options.threshold as Decimal | undefined) ?? null;
}

interface ValidationStep {
  /** names the report files: report-<name>.json and .html */
  name: string;
  dryRun: boolean;
  period: string;
}

async function validationStep(services: Services, outputDir: string, step: ValidationStep, threshold: Decimal | null): Promise<Report> {
  const { name, dryRun, period } = step;
  console.log(`— ${dryRun ? 'Dry run: validating without writing anything' : 'Live run'} (billing-guard run --period ${period}${dryRun ? ' --dry-run' : ''})\n`);
  const report = await runThroughQueue({ period, dryRun }, services);
  await writeReportFiles(report, { report: resolve(outputDir, `report-${name}.json`), html: resolve(outputDir, `report-${name}.html`) });
  console.log(renderSummary(report, threshold));
  console.log('');
  return report;
}

async function liveRunAgain(services: Services, outputDir: string, period: string): Promise<Report> {
  console.log('— The same live run again: exception tickets are updated, never duplicated\n');
  const again = await runThroughQueue({ period, dryRun: false }, services);
  await writeFileAtomically(resolve(outputDir, 'report-live-again.json'), `${JSON.stringify(again, null, 2)}\n`);
  console.log(`Exception tickets: ${ticketActions(again)}\n`);
  return again;
}

/** Each reminder schedule fired as on its day in the month after the period. */
async function reminderSteps(services: Services, period: string): Promise<void> {
  const month = periodFromId(period, DEMO_TIMEZONE).endDay.slice(0, 7);
  for (const [schedule, day] of DEMO_REMINDERS) {
    console.log(`— Reminder: billing-guard remind ${schedule} --date ${month}-${day}\n`);
    const result = await remindThroughQueue({ schedule, date: `${month}-${day}`, dryRun: false }, services);
    console.log(`${renderRemindResult(result, 'the outbox')}\n`);
  }
}

async function writeSandboxTickets(sandbox: Sandbox, outputDir: string): Promise<string> {
  const ticketsFile = resolve(outputDir, 'sandbox-tickets.txt');
  await writeFileAtomically(ticketsFile, renderSandboxTickets(sandbox));
  return ticketsFile;
}

function printWhereToLook(
  running: RunningSandbox,
  services: Services,
  { outputDir, ticketsFile }: { outputDir: string; ticketsFile: string },
  runs: { dryRun: Report; live: Report; again: Report },
): void {
  console.log('Where to look:');
  console.log(`  reports:  ${resolve(outputDir, 'report-dry-run.json')}, report-live.json, report-live-again.json and report-live-waived.json`);
  console.log(`  preview:  ${resolve(outputDir, 'report-dry-run.html')} — what finance reviews before invoices go out`);
  console.log(`  mail:     ${services.config.env.MAIL_OUTBOX_DIR} — one .eml per message, open it in any mail client`);
  console.log(`  counts:   ${running.countsDirectory} — the distributor's licence export, compared with the billed additions`);
  console.log(`            ${running.config} is config/demo.yaml with counts.directory pointing there`);
  console.log(`  tickets:  ${ticketsFile} — every exception ticket the live run opened in the sandbox, with its notes`);
  console.log(`            (live: \`npm run cli -- sandbox\`, then GET https://<site>/v4_6_release/apis/3.0/service/tickets?conditions=externalXRef contains "billing-guard:")`);
  console.log(
    `  the dry run found ${runs.dryRun.exceptions.length} exceptions and wrote nothing; exception tickets of the live run: ${ticketActions(runs.live)}; of the second: ${ticketActions(runs.again)}`,
  );
}

function ticketActions(report: Report): string {
  return describeTicketActions({ ticketActions: ticketActionsOf(report.tickets) }) || 'none';
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
