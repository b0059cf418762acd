import { addDays, isBusinessDay, startOfDay } from '../../calendar.js';
import {
  APPROVED_STATUSES,
  BLOCK_OVERAGE_RATE,
  BLOCK_RATE,
  NORMAL_PRIORITY,
  boards,
  chargeCodes,
  notesByWork,
  projectSummaries,
  serviceSummaries,
  workRoles,
  workTypeBilling,
  workTypes,
  type Board,
  type WorkRole,
  type WorkTypeKey,
} from './catalog.js';
import { count } from './directory.js';
import { WeightedPicker } from '../random.js';
import {
  MINUTES,
  QUARTER_HOUR,
  agreementRef,
  hoursOf,
  info,
  type AgreementJson,
  type CompanyRefJson,
  type TicketJson,
  type TimeEntryJson,
} from './shapes.js';
import type { Client, OpenTicket, Technician, Tenant } from './tenant.js';

/** What one time entry is for: whose work, which kind, and where it is charged. */
interface Work {
  company: CompanyRefJson;
  client: Client | null;
  kind: WorkTypeKey;
  role: WorkRole;
  quarters: number;
  agreement: AgreementJson | null;
  /** the agreement absorbs the hours (agreementHours > 0) */
  covered: boolean;
  ticket: OpenTicket | null;
}

/** Who the next hour of client work goes to: any client, or a Managed Services one when a capped client is used up. */
interface ClientPickers {
  all: WeightedPicker<Client>;
  managed: WeightedPicker<Client>;
}

/** entry lengths in quarter hours, as technicians log them */
const LENGTHS = [2, 4, 4, 6, 6, 8, 8, 10, 12];
const LUNCH_AFTER = 14;
const PTO_DAY = 32;

/** The billed time of the lookback, then every technician's working days in the period. */
export function addTime(tenant: Tenant): void {
  const pickers: ClientPickers = {
    all: new WeightedPicker(tenant.clients, (client) => 10 + client.seats),
    managed: new WeightedPicker(
      tenant.clients.filter((client) => client.profile === 'managed'),
      (client) => 10 + client.seats,
    ),
  };
  addEarlierEntries(tenant, pickers.all);
  for (const day of tenant.businessDays) {
    const dayStart = startOfDay(day, tenant.period.timezone);
    for (const technician of tenant.technicians) {
      const planned = tenant.pending.shortDays.get(technician.ref.id)?.get(day);
      if (planned === undefined && tenant.random.chance(0.03)) {
        const pto = internalWork(tenant, technician, 'pto', PTO_DAY);
        tenant.periodEntries.push(addEntry(tenant, technician, pto, dayStart + technician.startMinute * MINUTES));
        continue;
      }
      logDay(tenant, pickers, technician, dayStart, planned ?? tenant.random.int(30, 34));
    }
  }
}

/** Back-to-back entries from the technician's start time, with one lunch break. */
function logDay(
  tenant: Tenant,
  pickers: ClientPickers,
  technician: Technician,
  dayStart: number,
  quarters: number,
): void {
  let cursor = dayStart + technician.startMinute * MINUTES;
  let logged = 0;
  while (logged < quarters) {
    const length = Math.min(tenant.random.pick(LENGTHS), quarters - logged);
    const work = chooseWork(tenant, pickers, technician, length);
    tenant.periodEntries.push(addEntry(tenant, technician, work, cursor));
    cursor += work.quarters * QUARTER_HOUR;
    if (logged < LUNCH_AFTER && logged + work.quarters >= LUNCH_AFTER) cursor += 2 * QUARTER_HOUR;
    logged += work.quarters;
  }
}

function chooseWork(
  tenant: Tenant,
  pickers: ClientPickers,
  technician: Technician,
  quarters: number,
): Work {
  const { random } = tenant;
  const roll = random.next();
  if (roll < 0.06) return internalWork(tenant, technician, 'admin', quarters);
  if (roll < 0.09) return internalWork(tenant, technician, 'training', quarters);
  let client = pickers.all.pick(random);
  if (client.budget !== null && client.budget < 2) client = pickers.managed.pick(random);
  let length = quarters;
  if (client.budget !== null) {
    length = Math.min(length, client.budget);
    client.budget -= length;
  }
  const kindRoll = random.next();
  let kind: WorkTypeKey = kindRoll < 0.2 ? 'onsite' : 'remote';
  if (client.profile === 'managed') {
    if (kindRoll < 0.04) kind = 'travel';
    else if (kindRoll > 0.88 && client.projectBudget >= 2) {
      kind = 'project';
      length = Math.min(length, client.projectBudget);
      client.projectBudget -= length;
    }
  }
  return clientWork(tenant, client, technician, kind, length);
}

function clientWork(
  tenant: Tenant,
  client: Client,
  technician: Technician,
  kind: WorkTypeKey,
  quarters: number,
  ticket = kind === 'project' ? projectTicket(tenant, client, technician) : serviceTicket(tenant, client, technician),
): Work {
  const role = kind === 'project' ? workRoles.project : technician.role;
  const agreement = client.workAgreement;
  const excluded = client.excludedWorkTypeIds.has(workTypes[kind].id) || client.excludedWorkRoleIds.has(role.ref.id);
  // Managed Services and Block Time cover the client's hours; Time & Materials bills every hour
  const absorbs = agreement !== null && (client.profile === 'managed' || client.profile === 'block');
  return {
    company: client.ref,
    client,
    kind,
    role,
    quarters,
    agreement,
    covered: absorbs && !excluded && kind !== 'travel',
    ticket,
  };
}

function internalWork(tenant: Tenant, technician: Technician, kind: WorkTypeKey, quarters: number): Work {
  const { msp: company } = tenant;
  return { company, client: null, kind, role: technician.role, quarters, agreement: null, covered: false, ticket: null };
}

function addEntry(tenant: Tenant, technician: Technician, work: Work, start: number): TimeEntryJson {
  const { random } = tenant;
  const end = start + work.quarters * QUARTER_HOUR;
  const hours = hoursOf(work.quarters);
  const block = work.client?.profile === 'block';
  const entry: TimeEntryJson = {
    id: tenant.ids.take('timeEntry'),
    company: work.company,
    member: technician.ref,
    chargeToType: work.ticket ? 'ServiceTicket' : 'ChargeCode',
    chargeToId: work.ticket ? work.ticket.ref.id : chargeCodes[work.kind]!,
    ticket: work.ticket?.ref ?? null,
    workType: workTypes[work.kind],
    workRole: work.role.ref,
    agreement: work.agreement && agreementRef(work.agreement),
    timeStart: tenant.instants.format(start),
    timeEnd: tenant.instants.format(end),
    hoursDeduct: 0,
    actualHours: hours,
    billableOption: workTypeBilling[work.kind],
    notes: random.pick(notesByWork[work.kind]),
    agreementHours: work.agreement ? (work.covered ? hours : 0) : null,
    hourlyRate: block ? BLOCK_RATE : work.role.hourlyRate,
    overageRate: block ? BLOCK_OVERAGE_RATE : null,
    status: random.pick(APPROVED_STATUSES),
    _info: info(end + random.int(5, 120) * MINUTES, technician.ref.identifier, tenant.instants.format),
  };
  tenant.data.timeEntries.push(entry);
  return entry;
}

/** Technicians keep a few tickets per client going; a new one is opened now and then. */
function serviceTicket(tenant: Tenant, client: Client, technician: Technician): OpenTicket {
  const { random } = tenant;
  if (client.openTickets.length > 0 && !random.chance(0.15)) return random.pick(client.openTickets);
  const ticket = openTicket(tenant, client, boards.service, random.pick(serviceSummaries), technician);
  client.openTickets.push(ticket);
  if (client.openTickets.length > 4) client.openTickets.shift();
  return ticket;
}

function projectTicket(tenant: Tenant, client: Client, technician: Technician): OpenTicket {
  client.projectTicket ??= openTicket(tenant, client, boards.projects, tenant.random.pick(projectSummaries), technician);
  return client.projectTicket;
}

export function openTicket(tenant: Tenant, client: Client, board: Board, summary: string, owner: Technician): OpenTicket {
  const record: TicketJson = {
    id: tenant.ids.take('ticket'),
    summary,
    board: board.ref,
    status: board.statuses.working.ref,
    type: board.types[0]!,
    priority: NORMAL_PRIORITY,
    company: client.ref,
    owner: owner.ref,
    closedFlag: false,
    closedDate: null,
    actualHours: null,
    _info: tenant.setup,
  };
  tenant.tickets.push(record);
  tenant.data.tickets.push(record);
  return { record, ref: Object.freeze({ id: record.id, summary }) };
}

/** A few entries in the stale-time lookback, all already billed, one per technician and day. */
function addEarlierEntries(tenant: Tenant, clients: WeightedPicker<Client>): void {
  const { random, period } = tenant;
  const taken = new Set<string>();
  const wanted = count(20, tenant.scale);
  for (let attempt = 0; tenant.earlierEntries.length < wanted && attempt < wanted * 10; attempt++) {
    const technician = random.pick(tenant.technicians);
    const day = addDays(period.firstDay, -random.int(5, 85));
    const key = `${technician.ref.id}|${day}`;
    if (!isBusinessDay(day, tenant.holidays) || taken.has(key)) continue;
    taken.add(key);
    const client = clients.pick(random);
    const ticket = openTicket(tenant, client, boards.service, random.pick(serviceSummaries), technician);
    const work = clientWork(tenant, client, technician, 'remote', random.int(4, 12), ticket);
    const start = startOfDay(day, period.timezone) + (technician.startMinute + 60) * MINUTES;
    const entry = addEntry(tenant, technician, work, start);
    entry.status = 'Billed';
    tenant.earlierEntries.push(entry);
  }
}
