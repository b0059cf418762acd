import { configurationTypes, products, type Product } from '../catalog.js';
import { LICENCES_FILE, addConfiguration, addLicence, lineOf } from '../deployed.js';
import type { AdditionJson } from '../shapes.js';
import type { Client, Tenant } from '../tenant.js';
import type { Planter } from './planter.js';

/** Deployed counts that drifted from what is billed, in both directions, and an export row no one can use. */
export function plantCountMistakes(planter: Planter): void {
  underBilledDevices(planter);
  overBilledLicences(planter);
  unbilledLicences(planter);
  unusableLicenceRow(planter);
}

const premium = products.m365Premium;

/** The client's additions of the product on its live agreements. */
function billed(tenant: Tenant, client: Client, product: Product): AdditionJson[] {
  const live = new Set(
    client.agreements
      .filter((agreement) => agreement.agreementStatus === 'Active' && !agreement.cancelledFlag)
      .map((agreement) => agreement.id),
  );
  return tenant.additions.filter(
    (addition) =>
      live.has(addition.agreementId) &&
      addition.product === product.ref &&
      addition.cancelledDate === null &&
      addition.billCustomer === 'Billable',
  );
}

const recordsOf = (additions: AdditionJson[]) =>
  additions.flatMap((addition) => [
    { type: 'addition' as const, id: addition.id },
    { type: 'agreement' as const, id: addition.agreementId },
  ]);

const quantityOf = (additions: AdditionJson[]) => additions.reduce((sum, addition) => sum + addition.quantity, 0);

/** New hires' laptops enrolled in the RMM, the per-device addition never raised: revenue lost. */
function underBilledDevices(planter: Planter): void {
  const { tenant } = planter;
  for (let i = 0; i < planter.count(1); i++) {
    const client = planter.client(
      (candidate) => candidate.profile === 'managed' && billed(tenant, candidate, products.managedWorkstation).length === 1,
    );
    if (!client) return;
    const additions = billed(tenant, client, products.managedWorkstation);
    const added = tenant.random.int(2, 5);
    for (let n = 0; n < added; n++) addConfiguration(tenant, client, configurationTypes.laptop);
    const quantity = quantityOf(additions);
    planter.plant(
      'addition.count-drift',
      client.ref.id,
      recordsOf(additions),
      `${client.ref.name} enrolled ${added} laptops the per-device addition does not bill (billed ${quantity}, deployed ${quantity + added})`,
    );
  }
}

/** Licences the client dropped at the distributor, still billed: the client is overcharged. */
function overBilledLicences(planter: Planter): void {
  const { tenant } = planter;
  for (let i = 0; i < planter.count(1); i++) {
    const client = planter.client((candidate) => billed(tenant, candidate, premium).length === 1 && annualRow(tenant, candidate) !== undefined);
    const row = client && annualRow(tenant, client);
    if (!client || !row) return;
    const dropped = tenant.random.int(2, 4);
    row.count = String(Number(row.count) - dropped);
    const additions = billed(tenant, client, premium);
    const quantity = quantityOf(additions);
    planter.plant(
      'addition.count-drift',
      client.ref.id,
      recordsOf(additions),
      `${client.ref.name} dropped ${dropped} licences still billed (billed ${quantity}, deployed ${quantity - dropped})`,
    );
  }
}

function annualRow(tenant: Tenant, client: Client) {
  return tenant.licences.find(
    (row) => row.company === client.ref && row.item === premium.ref.description && row.term === 'Annual' && Number(row.count) > 4,
  );
}

const holdsPremium = (tenant: Tenant, client: Client) =>
  tenant.licences.some((row) => row.company === client.ref && row.item === premium.ref.description);

/** Premium licences bought at the distributor for a client no addition bills them to. */
function unbilledLicences(planter: Planter): void {
  const { tenant } = planter;
  for (let i = 0; i < planter.count(1); i++) {
    const client = planter.client(
      (candidate) => billed(tenant, candidate, premium).length === 0 && !holdsPremium(tenant, candidate),
    );
    if (!client) return;
    const count = tenant.random.int(2, 6);
    addLicence(tenant, client, premium.ref.description, count, 'Monthly');
    planter.plant(
      'addition.count-drift',
      client.ref.id,
      [{ type: 'company', id: client.ref.id }],
      `${client.ref.name} holds licences no addition bills (billed 0, deployed ${count})`,
    );
  }
}

/** A prorated count the export should never hold: the row gives no count, so the client has none. */
function unusableLicenceRow(planter: Planter): void {
  const { tenant } = planter;
  const candidates = tenant.clients.filter(
    (client) => billed(tenant, client, premium).length === 0 && !holdsPremium(tenant, client),
  );
  for (let i = 0; i < planter.count(1) && candidates.length > 0; i++) {
    const client = tenant.random.pick(candidates);
    candidates.splice(candidates.indexOf(client), 1);
    const row = addLicence(tenant, client, premium.ref.description, '12.5', 'Monthly');
    const where = { file: LICENCES_FILE, line: lineOf(tenant, row) };
    planter.plant('data.invalid', null, [], `${where.file} line ${where.line} has a count of "12.5"`, where);
  }
}
