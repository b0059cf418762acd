import { configurationStatuses, configurationTypes, products, unbilledLicences } from './catalog.js';
import type { ConfigurationJson, Ref } from './shapes.js';
import type { Client, LicenceRow, Tenant } from './tenant.js';

/**
 * What each client really has deployed, as billing-guard counts it: its devices in ConnectWise
 * configurations and its licences in the distributor's export. The background matches what is
 * billed: a managed client's active managed workstations and laptops are its MANAGED-WS quantity,
 * and its Business Premium licences its M365-BP quantity.
 */
export function addDeployed(tenant: Tenant): void {
  for (const client of tenant.clients) {
    addDevices(tenant, client);
    addLicences(tenant, client);
  }
}

const NAME_PARTS: [Ref, string][] = [
  [configurationTypes.workstation, 'WS'],
  [configurationTypes.laptop, 'LT'],
  [configurationTypes.server, 'SRV'],
  [configurationTypes.switch, 'SW'],
  [configurationTypes.printer, 'PRN'],
  [configurationTypes.unmanagedWorkstation, 'PC'],
];
const nameParts = new Map(NAME_PARTS.map(([type, part]) => [type.id, part]));

function addDevices(tenant: Tenant, client: Client): void {
  const { random } = tenant;
  if (client.profile === 'managed') {
    const laptops = random.int(0, client.devices);
    for (let i = 0; i < client.devices; i++) {
      addConfiguration(tenant, client, i < laptops ? configurationTypes.laptop : configurationTypes.workstation);
    }
    // devices replaced and retired: kept in ConnectWise, inactive
    for (let i = random.int(0, 2); i > 0; i--) {
      addConfiguration(tenant, client, random.pick([configurationTypes.workstation, configurationTypes.laptop]), false);
    }
  } else {
    for (let i = 0; i < client.seats; i++) addConfiguration(tenant, client, configurationTypes.unmanagedWorkstation);
  }
  for (let i = 0; i < client.servers; i++) addConfiguration(tenant, client, configurationTypes.server);
  for (let i = random.int(1, 2); i > 0; i--) addConfiguration(tenant, client, configurationTypes.switch);
  for (let i = random.int(0, 3); i > 0; i--) addConfiguration(tenant, client, configurationTypes.printer);
}

export function addConfiguration(tenant: Tenant, client: Client, type: Ref, active = true): ConfigurationJson {
  const part = nameParts.get(type.id)!;
  const id = tenant.ids.take('configuration');
  const configuration: ConfigurationJson = {
    id,
    // the asset tag
    name: `${client.ref.identifier.slice(0, 8).toUpperCase()}-${part}-${id}`,
    type,
    status: active ? configurationStatuses.active : configurationStatuses.inactive,
    company: client.ref,
    activeFlag: active,
    serialNumber: `${part}${tenant.random.int(1_000_000, 9_999_999)}`,
    _info: tenant.setup,
  };
  tenant.configurations.push(configuration);
  tenant.data.configurations.push(configuration);
  return configuration;
}

/** A managed client's Microsoft 365 licences, sometimes on two subscriptions; anyone may hold unbilled ones. */
function addLicences(tenant: Tenant, client: Client): void {
  const { random } = tenant;
  const m365 = client.workAgreement
    ? tenant.additions.find(
        (addition) =>
          addition.agreementId === client.workAgreement!.id &&
          addition.cancelledDate === null &&
          (addition.product === products.m365Premium.ref || addition.product === products.m365Standard.ref),
      )
    : undefined;
  if (m365) {
    const monthly = random.chance(0.3) ? random.int(1, 3) : 0;
    addLicence(tenant, client, m365.description, m365.quantity - monthly, 'Annual');
    if (monthly > 0) addLicence(tenant, client, m365.description, monthly, 'Monthly');
  }
  if (random.chance(0.4)) addLicence(tenant, client, random.pick(unbilledLicences), random.int(1, 5), 'Monthly');
}

export function addLicence(
  tenant: Tenant,
  client: Client,
  item: string,
  count: number | string,
  term: LicenceRow['term'],
): LicenceRow {
  const subscription = `${tenant.random.int(10_000_000, 99_999_999)}`;
  const row: LicenceRow = { company: client.ref, item, count: String(count), subscription, term };
  tenant.licences.push(row);
  return row;
}

/** The line of the export a row is written on: the header is line 1. */
export function lineOf(tenant: Tenant, row: LicenceRow): number {
  return tenant.licences.indexOf(row) + 2;
}

export const LICENCES_FILE = 'licences.csv';

/** The distributor's export as it downloads it: UTF-8 with a BOM, CRLF, RFC 4180 quoting, extra columns. */
export function renderLicences(rows: readonly LicenceRow[]): string {
  const header = ['customer', 'company', 'subscription', 'item', 'count', 'term'];
  const lines = rows.map((row) =>
    [`${row.company.name}, Inc.`, row.company.identifier, row.subscription, row.item, row.count, row.term].map(quoted),
  );
  return `\uFEFF${[header, ...lines].map((fields) => fields.join(',')).join('\r\n')}\r\n`;
}

function quoted(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}
