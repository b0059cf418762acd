import type { CalendarDate, Period } from '../../calendar.js';
import { agreementTypes, monthly, products, workRoles, workTypes, type Product } from './catalog.js';
import { dateOnly, info, type AdditionJson, type AgreementJson, type Ref } from './shapes.js';
import type { Client, Tenant } from './tenant.js';

/** Each client's agreements, additions and exclusions, by how the client is billed. */
export function addAgreements(tenant: Tenant): void {
  const { random } = tenant;
  for (const client of tenant.clients) {
    switch (client.profile) {
      case 'managed':
        client.devices = client.seats + random.int(0, 3);
        client.workAgreement = addManagedServices(tenant, client);
        client.projectBudget = random.int(8, 24);
        if (random.chance(0.5)) addBackup(tenant, client);
        if (random.chance(0.25)) addSecurity(tenant, client);
        break;
      case 'block':
        client.workAgreement = addAgreement(tenant, client, agreementTypes.block, {
          applicationUnits: 'Hours',
          applicationCycle: 'CalendarMonth',
          allowOverruns: false,
        });
        client.budget = random.int(40, 64);
        if (random.chance(0.4)) addBackup(tenant, client);
        break;
      case 'timeAndMaterials':
        client.workAgreement = addAgreement(tenant, client, agreementTypes.timeAndMaterials, {});
        client.budget = random.int(56, 88);
        if (random.chance(0.3)) addBackup(tenant, client);
        break;
      case 'breakFix':
        client.budget = random.int(16, 32);
        break;
    }
  }
}

function addManagedServices(tenant: Tenant, client: Client): AgreementJson {
  const { random } = tenant;
  const agreement = addAgreement(tenant, client, agreementTypes.managed, {
    billAmount: client.seats * 30,
    applicationUnits: 'Amount',
    applicationUnlimitedFlag: true,
  });
  const premium = random.chance(0.6) || client.seats > 40;
  addAddition(tenant, agreement, premium ? products.m365Premium : products.m365Standard, client.seats);
  if (premium && agreement.startDate < dateOnly(monthStart(tenant.period, 3))) {
    // the client moved up from Business Standard some months ago
    const upgraded = monthStart(tenant.period, random.int(1, 2));
    addAddition(tenant, agreement, products.m365Standard, client.seats, 0, { cancelledDate: dateOnly(upgraded) });
  }
  addAddition(tenant, agreement, products.edr, client.seats + client.servers);
  addAddition(tenant, agreement, products.rmm, client.seats + client.servers, client.seats);
  addAddition(tenant, agreement, products.documentation, 1);
  addAddition(tenant, agreement, products.managedWorkstation, client.devices);
  addExclusion(tenant, agreement, 'workTypeExclusions', workTypes.project);
  client.excludedWorkTypeIds.add(workTypes.project.id);
  if (random.chance(0.5)) {
    addExclusion(tenant, agreement, 'workRoleExclusions', workRoles.project.ref);
    client.excludedWorkRoleIds.add(workRoles.project.ref.id);
  }
  return agreement;
}

export function addBackup(tenant: Tenant, client: Client, name?: string): AgreementJson {
  const agreement = addAgreement(tenant, client, agreementTypes.backup, { billAmount: 99 }, name);
  if (client.servers > 0) addAddition(tenant, agreement, products.serverBackup, client.servers);
  addAddition(tenant, agreement, products.m365Backup, client.seats);
  return agreement;
}

function addSecurity(tenant: Tenant, client: Client): void {
  const agreement = addAgreement(tenant, client, agreementTypes.security, { billAmount: 49 });
  addAddition(tenant, agreement, products.awareness, client.seats);
  addAddition(tenant, agreement, products.firewall, 1);
}

/** An Active agreement that started on the first of a month, months before the period. */
export function addAgreement(
  tenant: Tenant,
  client: Client,
  type: Ref,
  fields: Partial<AgreementJson>,
  name = `${type.name} — ${client.ref.name}`,
): AgreementJson {
  const { random, period } = tenant;
  const startDate = monthStart(period, random.int(4, 36));
  const open = random.chance(0.7);
  const agreement: AgreementJson = {
    id: tenant.ids.take('agreement'),
    name,
    type,
    company: client.ref,
    agreementStatus: 'Active',
    cancelledFlag: false,
    startDate: dateOnly(startDate),
    endDate: open ? null : dateOnly(monthStart(period, -random.int(3, 24), -1)),
    noEndingDateFlag: open,
    billingCycle: monthly,
    billAmount: 0,
    applicationUnits: null,
    applicationLimit: null,
    applicationCycle: null,
    applicationUnlimitedFlag: false,
    allowOverruns: false,
    _info: info(Date.parse(dateOnly(startDate)), tenant.staff.identifier),
    ...fields,
  };
  client.agreements.push(agreement);
  tenant.agreements.push(agreement);
  tenant.data.agreements.push(agreement);
  return agreement;
}

export function addAddition(
  tenant: Tenant,
  agreement: AgreementJson,
  product: Product,
  quantity: number,
  lessIncluded = 0,
  fields: Partial<AdditionJson> = {},
): AdditionJson {
  const addition = additionFor(tenant, agreement, product, quantity, lessIncluded, fields);
  tenant.additions.push(addition);
  tenant.data.additions.push(addition);
  return addition;
}

/** An addition as ConnectWise serves it, not yet on the agreement. */
export function additionFor(
  tenant: Tenant,
  agreement: AgreementJson,
  product: Product,
  quantity: number,
  lessIncluded = 0,
  fields: Partial<AdditionJson> = {},
): AdditionJson {
  return {
    id: tenant.ids.take('addition'),
    agreementId: agreement.id,
    product: product.ref,
    description: product.ref.description,
    quantity,
    lessIncluded,
    unitPrice: product.unitPrice,
    unitCost: product.unitCost,
    billCustomer: product.billCustomer,
    effectiveDate: agreement.startDate,
    cancelledDate: null,
    _info: agreement._info,
    ...fields,
  };
}

function addExclusion(
  tenant: Tenant,
  agreement: AgreementJson,
  collection: 'workTypeExclusions' | 'workRoleExclusions',
  excluded: Ref,
): void {
  const key = collection === 'workTypeExclusions' ? 'workType' : 'workRole';
  const id = tenant.ids.take('exclusion');
  tenant.data[collection].push({ id, agreementId: agreement.id, [key]: excluded, _info: agreement._info });
}

/** The first day of the month `monthsBack` months before the period's, shifted by `days`. */
export function monthStart(period: Period, monthsBack: number, days = 0): CalendarDate {
  const [year, month] = period.id.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month - 1 - monthsBack, 1 + days)).toISOString().slice(0, 10);
}
