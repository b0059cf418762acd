import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Decimal } from 'decimal.js';
import { bootstrap } from '../bootstrap.js';
import { createLogger } from '../log.js';
import type { Report } from '../report/schema.js';
import { renderSummary } from '../report/summary.js';
import { deleteKeysWithPrefix } from '../queue/connection.js';
import type { Services } from '../services.js';
import { runThroughQueue, writeFileAtomically } from './run.js';
import { sandboxEnvironment, startGeneratedSandbox } from './sandbox.js';

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
      ...sandboxEnvironment(running),
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

    console.log('\nWhere to look:');
    console.log(`  reports: ${resolve(outputDir, 'report-dry-run.json')} and ${resolve(outputDir, 'report-live.json')}`);
    console.log(`  the dry run found ${dryRun.exceptions.length} exceptions, the live run ${live.exceptions.length}`);
  } finally {
    if (services) await services.redis.quit().catch(() => undefined);
    await running.close();
  }
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
  await writeFileAtomically(resolve(outputDir, `report-${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
  console.log(renderSummary(report, threshold));
  console.log('');
  return report;
}
