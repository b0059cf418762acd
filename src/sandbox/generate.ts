import { isValidTimezone, periodFromId } from '../calendar.js';
import type { SandboxData } from './data.js';
import { addAgreements } from './generate/agreements.js';
import { countedProducts, workTypeBilling, workTypes, type WorkTypeKey } from './generate/catalog.js';
import { LICENCES_FILE, addDeployed, renderLicences } from './generate/deployed.js';
import { createTenant } from './generate/directory.js';
import { addExpenses } from './generate/expenses.js';
import { settle } from './generate/ledger.js';
import { plantBillingMistakes } from './generate/mistakes/billing.js';
import { plantCountMistakes } from './generate/mistakes/counts.js';
import { plantEntryMistakes } from './generate/mistakes/entries.js';
import { plantInvalidRecords } from './generate/mistakes/invalid.js';
import { planTime, sizeKeyAccounts } from './generate/mistakes/plan.js';
import { Planter } from './generate/mistakes/planter.js';
import { plantReviewMistakes } from './generate/mistakes/review.js';
import { Random } from './random.js';
import type { PlantedMistake } from './generate/tenant.js';
import { addTime } from './generate/time.js';

export type { PlantedMistake } from './generate/tenant.js';

export interface GenerateOptions {
  /** default 1 */
  seed?: number;
  /** default 1: about 30 clients, 36 members and 3,800 time entries; grows linearly */
  scale?: number;
  /** 'YYYY-MM', the billing period to populate */
  period: string;
  /** IANA zone the MSP works in */
  timezone: string;
  /** ISO dates that are not business days */
  holidays?: string[];
}

/** A file of a counts folder (product.md, "Deployed counts"). */
export interface CountsFile {
  name: string;
  text: string;
}

export interface GeneratedTenant {
  data: SandboxData;
  /** the counts folder beside the data: what the distributor exported */
  countsFiles: CountsFile[];
  planted: PlantedMistake[];
}

/**
 * A deterministic MSP for the sandbox: clean billing data for the period, plus a sprinkling of
 * the mistakes the rules catch, each returned with the records its finding will name.
 */
export function generateTenant(options: GenerateOptions): GeneratedTenant {
  const seed = options.seed ?? 1;
  const scale = options.scale ?? 1;
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  if (!Number.isFinite(scale) || scale <= 0) throw new Error(`scale must be a positive number, got ${scale}`);
  if (!isValidTimezone(options.timezone)) throw new Error(`timezone "${options.timezone}" is not an IANA time zone`);
  const holidays = options.holidays ?? [];
  const notADate = holidays.find((day) => !/^\d{4}-\d{2}-\d{2}$/.test(day));
  if (notADate !== undefined) throw new Error(`holiday "${notADate}" is not a date of the form YYYY-MM-DD`);

  const tenant = createTenant(new Random(seed), scale, periodFromId(options.period, options.timezone), new Set(holidays));
  const planter = new Planter(tenant);
  sizeKeyAccounts(planter);
  addAgreements(tenant);
  addDeployed(tenant);
  planTime(planter);
  addTime(tenant);
  addExpenses(tenant);
  plantEntryMistakes(planter);
  plantInvalidRecords(planter);
  plantBillingMistakes(planter);
  plantReviewMistakes(planter);
  plantCountMistakes(planter);
  settle(tenant);
  const countsFiles = [{ name: LICENCES_FILE, text: renderLicences(tenant.licences) }];
  return { data: tenant.data, countsFiles, planted: tenant.planted };
}

/** The sandbox's demo credentials: obviously fake, accepted only by the sandbox. */
export const sandboxCredentials = {
  companyId: 'sandbox',
  publicKey: 'sandbox-public-key',
  privateKey: 'sandbox-private-key-not-a-secret',
  clientId: '00000000-0000-4000-8000-000000000000',
} as const;

const workTypeNames = (billable: boolean) =>
  (Object.keys(workTypes) as WorkTypeKey[])
    .filter((key) => (workTypeBilling[key] === 'Billable') === billable)
    .map((key) => workTypes[key].name);

/**
 * Rule options that describe the sandbox MSP's work types. `time.billable-mismatch` finds
 * nothing until billable and non-billable work types are configured, so the demo sets these.
 */
export const sandboxRuleOptions = {
  'time.billable-mismatch': { nonBillableWorkTypes: workTypeNames(false), billableWorkTypes: workTypeNames(true) },
};

/** What counts the sandbox MSP's per-device and per-licence additions, as config/demo.yaml maps them. */
export const sandboxCountedProducts = countedProducts;
