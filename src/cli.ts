#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { Decimal } from 'decimal.js';
import { bootstrap, COMMANDS_READING_ENV_FILE, loadConfig, readEnvFile } from './bootstrap.js';
import { renderConfiguration, renderWarnings } from './commands/config.js';
import { runDemo } from './commands/demo.js';
import { DoctorFailedError, runDoctor } from './commands/doctor.js';
import { renderCheck } from './commands/doctor-checks.js';
import { remindThroughQueue, renderRemindResult } from './commands/remind.js';
import { storedRunReport } from './commands/report.js';
import { RunFailedError, runThroughQueue, showingProgress, writeReportFiles, type ReportFiles } from './commands/run.js';
import { listStoredRuns } from './commands/runs.js';
import { runSandboxCommand } from './commands/sandbox.js';
import { startWorker } from './commands/start.js';
import { ConfigError } from './config/errors.js';
import { ConnectWiseError } from './connectwise/errors.js';
import { createLogger } from './log.js';
import { RedisUnavailableError } from './queue/connection.js';
import { UnservedJobError } from './queue/through-queue.js';
import { ruleRegistry } from './rules/registry.js';
import type { Report } from './report/schema.js';
import { renderSummary } from './report/summary.js';
import type { Services } from './services.js';
import { packageVersion } from './version.js';

/** Exit codes: 0 the work was done (exceptions found included), 1 the work failed, 2 bad configuration or usage. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

async function withServices<T>(work: (services: Services) => Promise<T>): Promise<T> {
  const services = await bootstrap();
  try {
    return await work(services);
  } finally {
    if (services.redis.status !== 'end') await services.redis.quit().catch(() => undefined);
  }
}

function highValueThreshold(services: Services) {
  const rule = services.config.billing.rules.get('invoice.high-value');
  return rule?.enabled ? (rule.options.threshold as Decimal) : null;
}

/** Writes the report files asked for, then prints the run's summary and where the files went. */
async function printReport(report: Report, files: ReportFiles, services: Services): Promise<void> {
  const written = await writeReportFiles(report, files);
  console.log(renderSummary(report, highValueThreshold(services)));
  if (written.length > 0) console.log(`\n${written.join('\n')}`);
}

export function buildProgram(): Command {
  const program = new Command('billing-guard')
    .description('Catches billing mistakes in ConnectWise Manage before invoices go out.')
    .version(packageVersion())
    .showHelpAfterError()
    .exitOverride()
    .hook('preAction', (_program, command) => {
      if (COMMANDS_READING_ENV_FILE.has(command.name())) readEnvFile();
    });

  program
    .command('start')
    .description('run the long-running worker: queue workers plus the scheduler')
    .action(async () => {
      await withServices((services) => startWorker(services));
      // a job the stop cut short may still hold sockets and timers here: they must not keep the process past its grace period
      process.exit(EXIT.ok);
    });

  program
    .command('run')
    .description('one validation run, end to end, through the queue (prints a summary)')
    .addOption(new Option('--period <YYYY-MM>', 'the billing period (default: the month before today)'))
    .option('--dry-run', 'write nothing to ConnectWise and send no mail', false)
    .option('--report <file>', 'write the report JSON to this file')
    .option('--html <file>', 'write a printable HTML preview of the report to this file')
    .action((options: { period?: string; dryRun: boolean } & ReportFiles) =>
      withServices(async (services) => {
        const report = await runThroughQueue({ period: options.period, dryRun: options.dryRun }, showingProgress(services));
        await printReport(report, options, services);
      }),
    );

  program
    .command('runs')
    .description('list the stored runs, newest first')
    .addOption(new Option('--period <YYYY-MM>', 'only the runs of this billing period'))
    .action((options: { period?: string }) => withServices(async (services) => console.log(await listStoredRuns(services, options.period))));

  program
    .command('report')
    .description('one stored run: print its summary, write its report JSON and HTML preview to the files given')
    .argument('<runId>', 'a run id, as billing-guard runs lists it')
    .option('--json <file>', 'write the report JSON to this file')
    .option('--html <file>', 'write a printable HTML preview of the report to this file')
    .action((runId: string, options: { json?: string; html?: string }) =>
      withServices(async (services) => printReport(await storedRunReport(services, runId), { report: options.json, html: options.html }, services)),
    );

  program
    .command('remind')
    .description("run the schedule NAME's reminder now, as if fired on the date")
    .argument('<name>', 'a schedule whose job is remind')
    .option('--date <YYYY-MM-DD>', 'the fire date, in the tenant timezone (default: today)')
    .option('--dry-run', 'show who would get what, send nothing', false)
    .action((name: string, options: { date?: string; dryRun: boolean }) =>
      withServices(async (services) => {
        const result = await remindThroughQueue({ schedule: name, date: options.date, dryRun: options.dryRun }, services);
        const { env } = services.config;
        console.log(renderRemindResult(result, env.SMTP_URL ? 'the SMTP server' : `the outbox ${env.MAIL_OUTBOX_DIR}`));
        if (result.failed.length > 0) throw new RunFailedError(`${result.failed.length} reminder(s) could not be delivered`);
      }),
    );

  program
    .command('config')
    .description('validate the configuration, print it with secrets masked, and the next fire times')
    .action(() => {
      const config = loadConfig();
      const now = new Date();
      console.log(renderConfiguration(config, now));
      for (const warning of renderWarnings(config, now)) console.error(warning);
    });

  program
    .command('doctor')
    .description('check everything a run needs (configuration, Redis, ConnectWise, ticket settings, mail), writing nothing')
    .action(async () => {
      const config = loadConfig();
      const checks = await runDoctor({ config, rules: ruleRegistry, logger: createLogger({ level: config.env.LOG_LEVEL }), now: new Date() });
      for (const check of checks) console.log(renderCheck(check));
      const failures = checks.filter((check) => check.status === 'FAIL').length;
      if (failures > 0) throw new DoctorFailedError(`${failures} check(s) failed: see the lines marked FAIL`);
    });

  program
    .command('sandbox')
    .description('run the bundled ConnectWise sandbox and print the environment that points a worker at it')
    .option('--port <n>', 'port to listen on (0: any free port)', integer, 8443)
    .option('--scale <n>', 'grow the generated MSP (1: about 3,000 time entries)', positiveNumber, 1)
    .option('--seed <n>', 'seed of the deterministic data generator', integer, 1)
    .option('--period <YYYY-MM>', 'the billing period to populate (default: the month before today)')
    .option('--timezone <zone>', 'the MSP timezone', 'America/New_York')
    .action((options: { port: number; scale: number; seed: number; period?: string; timezone: string }) => runSandboxCommand(options));

  program
    .command('demo')
    .description('start the sandbox, run a dry run and a live run against it, and show where everything went')
    .option('--output <dir>', 'where the reports and the outbox go', 'demo-output')
    .option('--scale <n>', 'grow the generated MSP', positiveNumber, 1)
    .option('--seed <n>', 'seed of the deterministic data generator', integer, 1)
    .action((options: { output: string; scale: number; seed: number }) =>
      runDemo({ outputDir: options.output, scale: options.scale, seed: options.seed }),
    );

  return program;
}

function integer(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number');
  return Number(value);
}

function positiveNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError('expected a positive number');
  return number;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return EXIT.ok;
  } catch (error) {
    return reportFailure(error);
  }
}

function reportFailure(error: unknown): number {
  if (error instanceof CommanderError) {
    return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof ConfigError) {
    console.error(`billing-guard: ${error.message}`);
    return EXIT.usage;
  }
  if (error instanceof RedisUnavailableError || error instanceof RunFailedError || error instanceof ConnectWiseError || error instanceof UnservedJobError) {
    console.error(`billing-guard: ${error.message}`);
    return EXIT.failed;
  }
  console.error(`billing-guard: ${error instanceof Error ? error.message : String(error)}`);
  return EXIT.failed;
}

// npm installs the bin as a symlink, and a module's URL is its real path
const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
if (invokedDirectly) {
  main(process.argv).then((code) => {
    process.exitCode = code;
  });
}
