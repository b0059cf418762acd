import { agreementTypes } from '../catalog.js';
import { addAgreement, monthStart } from '../agreements.js';
import { MINUTES, agreementRef, dateOnly, info, type TimeEntryJson } from '../shapes.js';
import type { Client } from '../tenant.js';
import { entryDate, isCovered, type Planter } from './planter.js';

/** Mistakes technicians make on single time entries, one planter per rule. */
export function plantEntryMistakes(planter: Planter): void {
  unapproved(planter);
  unclassified(planter);
  overlap(planter);
  wrongAgreement(planter);
  outOfScope(planter);
  noAgreement(planter);
  billableMismatch(planter);
  noNotes(planter);
  zeroRate(planter);
  stale(planter);
}

const ref = (entry: { id: number }) => ({ type: 'timeEntry' as const, id: entry.id });
const describe = (planter: Planter, entry: TimeEntryJson) =>
  `time entry #${entry.id} (${entry.member.identifier}, ${entryDate(planter.tenant, entry)}, ${entry.actualHours} h)`;

function unapproved(planter: Planter): void {
  const statuses = ['PendingApproval', 'Open', 'Rejected'];
  for (let i = 0; i < planter.count(1); i++) {
    const entry = planter.entry(isCovered);
    if (!entry) return;
    entry.status = statuses[i % statuses.length]!;
    planter.plant('time.unapproved', null, [ref(entry)], `${describe(planter, entry)} is still ${entry.status}`);
  }
}

function unclassified(planter: Planter): void {
  for (let i = 0; i < planter.count(1); i++) {
    const entry = planter.entry(isCovered);
    if (!entry) return;
    if (i % 2 === 0) entry.billableOption = 'NoDefault';
    else entry.workType = null;
    const what = i % 2 === 0 ? 'has no billable option' : 'has no work type';
    planter.plant('time.unclassified', null, [ref(entry)], `${describe(planter, entry)} ${what}`);
  }
}

function overlap(planter: Planter): void {
  const { tenant } = planter;
  for (let i = 0; i < planter.count(1); i++) {
    const entry = planter.entry(isCovered);
    if (!entry) return;
    const copy: TimeEntryJson = {
      ...entry,
      id: tenant.ids.take('timeEntry'),
      _info: info(Date.parse(entry._info.lastUpdated) + 30 * MINUTES, entry.member.identifier),
    };
    tenant.periodEntries.push(copy);
    tenant.data.timeEntries.push(copy);
    planter.plant(
      'time.overlap',
      entry.company.id,
      [ref(entry), ref(copy)],
      `${describe(planter, entry)} was entered twice (#${copy.id})`,
    );
  }
}

/** Time logged on the client's previous, expired Managed Services agreement. */
function wrongAgreement(planter: Planter): void {
  const { tenant } = planter;
  for (let i = 0; i < planter.count(1); i++) {
    const entry = planter.entry((candidate, client) => isCovered(candidate) && client.profile === 'managed');
    const client = entry && planter.clientOf(entry);
    if (!entry || !client) return;
    const expired = addAgreement(
      tenant,
      client,
      agreementTypes.managed,
      {
        agreementStatus: 'Expired',
        startDate: dateOnly(monthStart(tenant.period, 48)),
        endDate: dateOnly(monthStart(tenant.period, 12, -1)),
        noEndingDateFlag: false,
        billAmount: client.seats * 40,
        applicationUnits: 'Amount',
        applicationUnlimitedFlag: true,
      },
      `${agreementTypes.managed.name} — ${client.ref.name} (previous term)`,
    );
    entry.agreement = agreementRef(expired);
    planter.plant(
      'agreement.mismatch',
      client.ref.id,
      [ref(entry), { type: 'agreement', id: expired.id }],
      `${describe(planter, entry)} is on expired agreement #${expired.id}`,
    );
  }
}

/** Excluded project work that the Managed Services agreement absorbs instead of billing. */
function outOfScope(planter: Planter): void {
  for (let i = 0; i < planter.count(1); i++) {
    const entry = planter.entry(
      (candidate, client) =>
        candidate.billableOption === 'Billable' &&
        candidate.agreementHours === 0 &&
        client.profile === 'managed' &&
        candidate.workType !== null &&
        client.excludedWorkTypeIds.has(candidate.workType.id),
    );
    if (!entry?.agreement) return;
    entry.agreementHours = entry.actualHours;
    planter.plant(
      'agreement.out-of-scope',
      entry.company.id,
      [ref(entry), { type: 'agreement', id: entry.agreement.id }],
      `${describe(planter, entry)} is ${entry.workType?.name}, which agreement #${entry.agreement.id} excludes, yet it covers it`,
    );
  }
}

function liveAgreements(client: Client) {
  return client.agreements.filter((agreement) => agreement.agreementStatus === 'Active' && !agreement.cancelledFlag);
}

/** Billable time the technician did not apply to the client's agreement. */
function noAgreement(planter: Planter): void {
  for (let i = 0; i < planter.count(1); i++) {
    const fits = (entry: TimeEntryJson, client: Client) => isCovered(entry) && client.profile === 'managed';
    const entry =
      planter.entry((candidate, client) => fits(candidate, client) && liveAgreements(client).length === 1) ??
      planter.entry(fits);
    const client = entry && planter.clientOf(entry);
    if (!entry || !client) return;
    entry.agreement = null;
    entry.agreementHours = null;
    const candidates = liveAgreements(client).map((agreement) => ({ type: 'agreement' as const, id: agreement.id }));
    planter.plant(
      'time.no-agreement',
      client.ref.id,
      [ref(entry), ...candidates],
      `${describe(planter, entry)} is billable but on no agreement`,
    );
  }
}

/** Travel, which the MSP never bills, marked billable on the agreement. */
function billableMismatch(planter: Planter): void {
  for (let i = 0; i < planter.count(1); i++) {
    const entry = planter.entry((candidate) => candidate.workType?.name === 'Travel' && candidate.agreement !== null);
    if (!entry) return;
    entry.billableOption = 'Billable';
    entry.agreementHours = entry.actualHours;
    planter.plant(
      'time.billable-mismatch',
      entry.company.id,
      [ref(entry)],
      `${describe(planter, entry)} is Travel marked Billable`,
    );
  }
}

function noNotes(planter: Planter): void {
  for (let i = 0; i < planter.count(1); i++) {
    const entry = planter.entry(isCovered);
    if (!entry) return;
    entry.notes = i % 2 === 0 ? '' : '   ';
    planter.plant('time.no-notes', entry.company.id, [ref(entry)], `${describe(planter, entry)} has no notes`);
  }
}

function zeroRate(planter: Planter): void {
  const invoicedSeparately = (entry: TimeEntryJson, client: Client) =>
    client.profile === 'timeAndMaterials' && entry.billableOption === 'Billable';
  for (let i = 0; i < planter.count(1); i++) {
    const entry = planter.entry(invoicedSeparately) ?? planter.entry(isCovered);
    if (!entry) return;
    entry.hourlyRate = 0;
    planter.plant(
      'time.zero-rate',
      entry.company.id,
      [ref(entry)],
      `${describe(planter, entry)} has an hourly rate of 0`,
    );
  }
}

/** Older work that was approved but never billed. */
function stale(planter: Planter): void {
  for (let i = 0; i < planter.count(1); i++) {
    const entry = planter.entry((candidate) => candidate.billableOption === 'Billable', planter.tenant.earlierEntries);
    if (!entry) return;
    entry.status = 'ReadyToBill';
    planter.plant('time.stale', entry.company.id, [ref(entry)], `${describe(planter, entry)} was never billed`);
  }
}
