import { daysBetween, startOfDay } from '../../../calendar.js';
import type { CwRecord } from '../../data.js';
import { addAddition, additionFor } from '../agreements.js';
import { products } from '../catalog.js';
import { MINUTES, info, type TimeEntryJson } from '../shapes.js';
import { isCovered, type Planter } from './planter.js';

/**
 * Records ConnectWise returns broken or with values no real record has, each a copy beside the
 * valid record it was made from, and values at the edge of possible that must pass.
 * (An entry without `timeStart` never reaches a run: the pull selects entries by `timeStart`.)
 */
export function plantInvalidRecords(planter: Planter): void {
  brokenEntries(planter);
  impossibleQuantity(planter);
  weekendCutover(planter);
  unlimitedArchive(planter);
}

const BROKEN_ENTRIES: { fields: Record<string, unknown>; problem: string }[] = [
  { fields: { actualHours: '1,5' }, problem: 'has hours "1,5"' },
  { fields: { company: null }, problem: 'has no company' },
  { fields: { actualHours: 1e308 }, problem: 'has 1e308 hours' },
  { fields: { hourlyRate: 9.99e300 }, problem: 'has an hourly rate of 9.99e300' },
  { fields: { actualHours: -5 }, problem: 'has -5 hours' },
];

function brokenEntries(planter: Planter): void {
  const { tenant } = planter;
  for (const { fields, problem } of BROKEN_ENTRIES) {
    for (let i = 0; i < planter.count(1); i++) {
      const template = planter.entry(isCovered);
      if (!template) return;
      const broken: CwRecord = { ...template, id: tenant.ids.take('timeEntry'), ...fields };
      tenant.data.timeEntries.push(broken);
      planter.plant(
        'data.invalid',
        fields.company === null ? null : template.company.id,
        [{ type: 'timeEntry', id: broken.id }],
        `time entry #${broken.id} ${problem}`,
      );
    }
  }
}

/** A quantity typed into the price field's neighbour: a billion seats. */
function impossibleQuantity(planter: Planter): void {
  const { tenant } = planter;
  for (let i = 0; i < planter.count(1); i++) {
    const client = planter.client((candidate) => candidate.profile === 'managed' && candidate.workAgreement !== null);
    const agreement = client?.workAgreement;
    if (!client || !agreement) return;
    // served, never part of what the MSP bills: no total may include it
    const addition = additionFor(tenant, agreement, products.awareness, 1e9);
    tenant.data.additions.push(addition);
    planter.plant(
      'data.invalid',
      client.ref.id,
      [{ type: 'addition', id: addition.id }],
      `addition #${addition.id} (${addition.product.identifier}) has a quantity of 1000000000`,
    );
  }
}

/** A whole day of work in one entry, on a weekend no other entry touches: 24 hours is possible. */
function weekendCutover(planter: Planter): void {
  const { tenant } = planter;
  const { period } = tenant;
  const saturday = daysBetween(period.firstDay, period.endDay).find((day) => new Date(`${day}T00:00:00Z`).getUTCDay() === 6);
  const template = planter.entry((entry, client) => isCovered(entry) && client.profile === 'managed');
  if (!saturday || !template) return;
  const start = startOfDay(saturday, period.timezone);
  const cutover: TimeEntryJson = {
    ...template,
    id: tenant.ids.take('timeEntry'),
    timeStart: tenant.instants.format(start),
    timeEnd: tenant.instants.format(start + 24 * 60 * MINUTES),
    hoursDeduct: 0,
    actualHours: 24,
    agreementHours: 24,
    notes: 'Weekend cutover: migrated the file server and validated every share',
    _info: info(start + 25 * 60 * MINUTES, template.member.identifier),
  };
  tenant.periodEntries.push(cutover);
  tenant.data.timeEntries.push(cutover);
}

/** Staff enter 999999999 for "unlimited" on an included item. */
function unlimitedArchive(planter: Planter): void {
  const client = planter.client((candidate) => candidate.profile === 'managed' && candidate.workAgreement !== null);
  if (client?.workAgreement) addAddition(planter.tenant, client.workAgreement, products.archive, 999_999_999);
}
