import type { BillingConfig } from '../config/billing.js';
import type { ConnectWiseClient } from '../connectwise/client.js';
import { ConnectWiseError } from '../connectwise/errors.js';
import { agreementParts, periodLists } from '../connectwise/pull.js';
import type { Api } from '../connectwise/lists.js';
import type { FetchPage } from '../connectwise/read.js';
import { mappedConfigurationTypes, mapsItems } from '../counts/config.js';
import type { RuleDefinition } from '../rules/define.js';
import { pullNeedsOf } from '../rules/engine.js';
import { resolveTicketSetup, TicketSetupError, type SetupProblem, type TicketSetup } from '../tickets/setup.js';
import { failed, passed, type Check } from './doctor-checks.js';


interface Collection {
  path: string;
  fetchPage: FetchPage;
}

const CREDENTIALS_FIX =
  'check CW_COMPANY_ID, CW_PUBLIC_KEY and CW_PRIVATE_KEY (the API member’s keys, System > Members > API Members) and CW_CLIENT_ID';

/**
 * ConnectWise with these credentials: one small request (one record, its id) per collection a
 * run reads, then the tickets.* names looked up as a run looks them up. Nothing is written.
 */
export async function connectWiseChecks(client: ConnectWiseClient, billing: BillingConfig, rules: readonly RuleDefinition[]): Promise<Check[]> {
  const { api } = client;
  const members = collection(periodLists.members.path, periodLists.members.fetchPage(api));
  const first = await readOne(client, members);
  if (first instanceof Error) {
    return [
      reachFailure(first),
      { status: 'skip', name: 'ConnectWise reads and tickets.*', detail: 'not checked until ConnectWise answers with these credentials' },
    ];
  }
  const agreements = collection(periodLists.agreements.path, periodLists.agreements.fetchPage(api));
  const agreement = await readOne(client, agreements);
  const [reads, parts, tickets] = await Promise.all([
    Promise.all(collectionsRead(api, billing).map((list) => readCheck(client, list))),
    agreementPartChecks(client, agreement instanceof Error ? undefined : agreement[0]?.id, pullNeedsOf(rules, billing.rules).exclusions),
    ticketChecks(client, billing.tickets),
  ]);
  return [
    passed('connectwise', 'answers with these credentials'),
    checkOf(members, first),
    checkOf(agreements, agreement),
    ...reads,
    ...parts,
    ...tickets,
  ];
}

/** The other period lists a run reads with this configuration. */
function collectionsRead(api: Api, billing: BillingConfig): Collection[] {
  const { timeEntries, expenses, tickets, invoices, configurations, companies } = periodLists;
  return [
    timeEntries,
    expenses,
    tickets,
    invoices,
    ...(mappedConfigurationTypes(billing.counts).length > 0 ? [configurations] : []),
    ...(billing.counts.directory !== null && mapsItems(billing.counts) ? [companies] : []),
  ].map((list) => collection(list.path, list.fetchPage(api)));
}

/** The lists ConnectWise keeps per agreement, read for the first agreement there is. */
async function agreementPartChecks(client: ConnectWiseClient, agreementId: number | undefined, exclusions: boolean): Promise<Check[]> {
  if (agreementId === undefined) {
    return [{ status: 'skip', name: 'read agreement additions', detail: 'no agreement to read them of' }];
  }
  const parts = exclusions
    ? [agreementParts.additions, agreementParts.workTypeExclusions, agreementParts.workRoleExclusions]
    : [agreementParts.additions];
  return Promise.all(parts.map((part) => readCheck(client, collection(part.path(agreementId), part.fetchPage(client.api, agreementId)))));
}

function collection(path: string, fetchPage: FetchPage): Collection {
  return { path, fetchPage };
}

async function readOne(client: ConnectWiseClient, { path, fetchPage }: Collection): Promise<Array<{ id?: number }> | Error> {
  try {
    return await client.call({ method: 'get', path }, () => fetchPage({ page: 1, pageSize: 1, fields: 'id', orderBy: 'id asc' }));
  } catch (error) {
    return error as Error;
  }
}

async function readCheck(client: ConnectWiseClient, list: Collection): Promise<Check> {
  return checkOf(list, await readOne(client, list));
}

function checkOf(list: Collection, result: unknown[] | Error): Check {
  const name = `read ${list.path}`;
  if (!(result instanceof Error)) return passed(name, 'allowed');
  const refused = result instanceof ConnectWiseError && (result.status === 401 || result.status === 403);
  const fix = refused
    ? `give the API member’s security role Inquire access to ${list.path}`
    : 'run doctor again; if it persists, check that ConnectWise is up';
  return failed(name, result.message, fix);
}

function reachFailure(error: Error): Check {
  const status = error instanceof ConnectWiseError ? error.status : null;
  if (status === 401 || status === 403) return failed('connectwise', `refused these credentials: ${error.message}`, CREDENTIALS_FIX);
  if (status === 404) return failed('connectwise', error.message, 'check CW_SITE and CW_CODEBASE');
  return failed(
    'connectwise',
    `not reachable: ${error.message}`,
    'check CW_SITE (host and port, no https://), the network, and NODE_EXTRA_CA_CERTS when a private CA signs its certificate',
  );
}

type TicketSetting = SetupProblem['setting'];
const ON_THE_BOARD: readonly TicketSetting[] = ['status', 'resolvedStatus', 'type'];
const NOT_SET: Partial<Record<TicketSetting, string>> = {
  priority: 'not set: the board’s default priority',
  type: 'not set: the board’s default type',
  internalCompany: 'not set: internal exceptions get no ticket',
};

/** One line per tickets.* setting, looked up as a run looks it up before writing. */
async function ticketChecks(client: ConnectWiseClient, tickets: BillingConfig['tickets']): Promise<Check[]> {
  let setup: TicketSetup | undefined;
  let problems: readonly SetupProblem[] = [];
  try {
    setup = await resolveTicketSetup(client, tickets);
  } catch (error) {
    if (!(error instanceof TicketSetupError)) {
      return [failed('tickets', (error as Error).message, 'give the API member’s security role Inquire access to service boards, priorities and companies')];
    }
    problems = error.problems;
  }
  const boardMissing = problems.some((problem) => problem.setting === 'board');
  return (Object.keys(tickets) as TicketSetting[]).map((setting): Check => {
    const name = `tickets.${setting}`;
    const value = tickets[setting];
    const problem = problems.find((each) => each.setting === setting);
    if (problem) return failed(name, `"${problem.value}" ${problem.problem}`, `set ${name} in the config file to a name that exists`);
    if (value === null) return passed(name, NOT_SET[setting] ?? 'not set');
    if (boardMissing && ON_THE_BOARD.includes(setting)) return { status: 'skip', name, detail: `"${value}" not checked: the board was not found` };
    const found = setup?.[setting];
    return passed(name, `"${value}" exists${found ? ` (id ${found.id})` : ''}`);
  });
}
