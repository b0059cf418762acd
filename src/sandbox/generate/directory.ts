import { daysBetween, isBusinessDay, type CalendarDate, type Period } from '../../calendar.js';
import { emptySandboxData } from '../data.js';
import {
  MSP,
  agreementTypes,
  boards,
  cities,
  companyPrefixes,
  companySectors,
  firstNames,
  lastNames,
  priorities,
  regions,
  technicianRoles,
  workRoles,
  workTypeBilling,
  workTypes,
  type Board,
  type WorkTypeKey,
} from './catalog.js';
import type { Random } from '../random.js';
import { Instants, info, ref, type CompanyRefJson, type Info, type MemberRefJson } from './shapes.js';
import { Ids, type Client, type Profile, type Technician, type Tenant } from './tenant.js';

const DAY = 24 * 60 * 60 * 1000;

/** The MSP before any agreement or time: its setup, its people and its clients. */
export function createTenant(random: Random, scale: number, period: Period, holidays: ReadonlySet<CalendarDate>): Tenant {
  const setupAt = period.start - 200 * DAY;
  const ids = new Ids();
  const data = emptySandboxData();
  const usedIdentifiers = new Set<string>();
  const newMember = (title: string, licenseClass: string, inactiveFlag: boolean, at: Info) => {
    const firstName = random.pick(firstNames);
    const lastName = random.pick(lastNames);
    const identifier = unique(`${firstName[0]}${lastName}`.toLowerCase(), usedIdentifiers);
    const member = { id: ids.take('member'), identifier, name: `${firstName} ${lastName}` };
    data.members.push({
      ...member,
      firstName,
      lastName,
      title,
      primaryEmail: `${identifier}@${MSP.domain}`,
      licenseClass,
      inactiveFlag,
      _info: at,
    });
    return Object.freeze(member);
  };

  const staff: MemberRefJson = newMember('Finance Manager', 'X', false, info(setupAt, 'admin'));
  const setup = info(setupAt, staff.identifier);
  for (let i = 1; i < count(1, scale); i++) newMember('Service Manager', 'X', false, setup);
  const technicians: Technician[] = [];
  for (let i = 0; i < count(33, scale); i++) {
    const role = random.pick(technicianRoles);
    const ref = newMember(role.ref.name, 'F', false, setup);
    technicians.push({ ref, role, startMinute: random.pick([420, 450, 480, 510, 540]) });
  }
  for (let i = 0; i < count(2, scale); i++) newMember('Systems Engineer', 'F', true, setup);

  const msp = addCompany(data, ids, MSP.identifier, MSP.name, 'Owner', setup);
  const clients = createClients(random, data, ids, count(30, scale), setup);
  addReferenceData(data, setup);

  return {
    random,
    scale,
    period,
    holidays,
    businessDays: daysBetween(period.firstDay, period.endDay).filter((day) => isBusinessDay(day, holidays)),
    data,
    ids,
    setup,
    instants: new Instants(),
    msp,
    staff,
    clients,
    technicians,
    agreements: [],
    additions: [],
    periodEntries: [],
    earlierEntries: [],
    tickets: [],
    expenses: [],
    configurations: [],
    licences: [],
    planted: [],
    pending: {
      shortDays: new Map(),
      overage: new Set(),
      jump: new Map(),
      highValue: new Map(),
      outsideAgreement: new Map(),
    },
    claimed: new Set(),
  };
}

/** How many of something the MSP has at this scale (at least one). */
export function count(atScaleOne: number, scale: number): number {
  return Math.max(1, Math.round(atScaleOne * scale));
}

function unique(base: string, used: Set<string>): string {
  let candidate = base;
  for (let suffix = 2; used.has(candidate); suffix++) candidate = `${base}${suffix}`;
  used.add(candidate);
  return candidate;
}

function addCompany(
  data: Tenant['data'],
  ids: Ids,
  identifier: string,
  name: string,
  type: 'Owner' | 'Client',
  at: Info,
): CompanyRefJson {
  const company = Object.freeze({ id: ids.take('company'), identifier, name });
  data.companies.push({
    ...company,
    status: ref(1, 'Active'),
    types: [type === 'Owner' ? ref(2, 'Owner') : ref(1, 'Client')],
    deletedFlag: false,
    _info: at,
  });
  return company;
}

const profileShares: [Profile, number][] = [
  ['breakFix', 0.1],
  ['timeAndMaterials', 0.13],
  ['block', 0.17],
];

function createClients(random: Random, data: Tenant['data'], ids: Ids, total: number, at: Info): Client[] {
  const profiles: Profile[] = [];
  for (const [profile, share] of profileShares) {
    for (let i = 0; i < Math.round(total * share); i++) profiles.push(profile);
  }
  while (profiles.length < total) profiles.push('managed');
  random.shuffle(profiles);

  const pairs = random.shuffle(Array.from({ length: companyPrefixes.length * companySectors.length }, (_, index) => index));
  const usedIdentifiers = new Set<string>();
  return profiles.slice(0, total).map((profile, index) => {
    const name = companyName(pairs, index);
    const identifier = unique(name.replace(/[^A-Za-z0-9]/g, '').slice(0, 25), usedIdentifiers);
    const seats = profile === 'managed' ? random.int(8, 30) : profile === 'breakFix' ? random.int(2, 8) : random.int(4, 20);
    return {
      ref: addCompany(data, ids, identifier, name, 'Client', at),
      profile,
      seats,
      devices: 0,
      servers: profile === 'breakFix' ? random.int(0, 1) : random.int(1, 4),
      agreements: [],
      workAgreement: null,
      excludedWorkTypeIds: new Set(),
      excludedWorkRoleIds: new Set(),
      budget: null,
      projectBudget: 0,
      openTickets: [],
      projectTicket: null,
      expenseCount: 0,
    };
  });
}

/** Unique names: each prefix–sector pair once, in shuffled order, then all again per region or city. */
function companyName(pairs: number[], index: number): string {
  const pair = pairs[index % pairs.length]!;
  const prefix = companyPrefixes[pair % companyPrefixes.length];
  const base = `${prefix} ${companySectors[Math.floor(pair / companyPrefixes.length)]}`;
  const round = Math.floor(index / pairs.length);
  if (round === 0) return base;
  const places = [...regions, ...cities];
  const place = places[(round - 1) % places.length];
  const cycle = Math.floor((round - 1) / places.length);
  return cycle === 0 ? `${base} ${place}` : `${base} ${place} ${cycle + 1}`;
}

function addReferenceData(data: Tenant['data'], at: Info): void {
  for (const type of Object.values(agreementTypes)) data.agreementTypes.push({ ...type, inactiveFlag: false, _info: at });
  for (const [key, type] of Object.entries(workTypes)) {
    data.workTypes.push({ ...type, billTime: workTypeBilling[key as WorkTypeKey], inactiveFlag: false, _info: at });
  }
  for (const role of Object.values(workRoles)) {
    data.workRoles.push({ ...role.ref, hourlyRate: role.hourlyRate, inactiveFlag: false, _info: at });
  }
  for (const board of Object.values<Board>(boards)) {
    data.boards.push({ ...board.ref, inactiveFlag: false, _info: at });
    const { open, working, closed, others } = board.statuses;
    [open, working, ...others, closed].forEach((status, sortOrder) =>
      data.boardStatuses.push({
        ...status.ref,
        boardId: board.ref.id,
        board: board.ref,
        sortOrder,
        closedStatus: status.closed,
        defaultFlag: status === open,
        inactive: false,
        _info: at,
      }),
    );
    for (const type of board.types) {
      data.boardTypes.push({ ...type, boardId: board.ref.id, board: board.ref, inactiveFlag: false, _info: at });
    }
  }
  priorities.forEach((priority, sortOrder) =>
    data.priorities.push({ ...priority, sortOrder, defaultFlag: priority.id === 3, _info: at }),
  );
}
