import { z } from 'zod';
import type { BillingConfig } from '../config/billing.js';
import type { ConnectWiseClient } from '../connectwise/client.js';
import { quoted } from '../connectwise/conditions.js';
import { readList } from '../connectwise/read.js';
import { companyRefSchema, type CompanyRef } from '../connectwise/records.js';
import { nameKey } from '../text.js';

/** The tickets.* settings resolved by name to ConnectWise records, before any ticket is written. */

const named = z.object({ id: z.number().int(), name: z.string() });

/** The configured names of tickets.*, resolved to ConnectWise records; JSON, so a job can carry it. */
export const ticketSetupSchema = z.object({
  board: named,
  status: named,
  resolvedStatus: named,
  priority: named.nullable(),
  type: named.nullable(),
  internalCompany: companyRefSchema.nullable(),
});
export type TicketSetup = z.infer<typeof ticketSetupSchema>;

export interface SetupProblem {
  /** the setting under `tickets:` */
  setting: keyof BillingConfig['tickets'];
  value: string;
  problem: string;
}

/** A tickets.* name that ConnectWise does not know: the run stops before anything is written. */
export class TicketSetupError extends Error {
  override readonly name = 'TicketSetupError';

  constructor(readonly problems: readonly SetupProblem[]) {
    super(
      `The exception ticket settings do not match ConnectWise: ${problems
        .map((problem) => `tickets.${problem.setting} "${problem.value}" ${problem.problem}`)
        .join('; ')}`,
    );
  }
}

const choiceSchema = z
  .object({ id: z.number().int(), name: z.string(), inactiveFlag: z.boolean().nullish(), inactive: z.boolean().nullish() })
  .transform(({ id, name, inactiveFlag, inactive }) => ({ id, name, active: inactiveFlag !== true && inactive !== true }));
type Choice = z.output<typeof choiceSchema>;
type Named = z.infer<typeof named>;

/** Looks every tickets.* name up before any write, and names every one that is wrong. */
export async function resolveTicketSetup(client: ConnectWiseClient, settings: BillingConfig['tickets']): Promise<TicketSetup> {
  const service = client.api.ServiceAPI;
  const problems: SetupProblem[] = [];
  const [boards, priorities, internalCompany] = await Promise.all([
    readList(client, {
      path: '/service/boards',
      schema: choiceSchema,
      fields: 'id,name,inactiveFlag',
      fetchPage: (params) => service.getServiceBoards(params),
    }),
    settings.priority === null
      ? []
      : readList(client, {
          path: '/service/priorities',
          schema: choiceSchema,
          fields: 'id,name',
          fetchPage: (params) => service.getServicePriorities(params),
        }),
    settings.internalCompany === null ? null : findCompany(client, settings.internalCompany, problems),
  ]);
  const board = choose(boards, 'board', settings.board, 'service boards', problems);
  const priority = settings.priority === null ? null : choose(priorities, 'priority', settings.priority, 'priorities', problems);
  if (!board) throw new TicketSetupError(problems);

  const [statuses, types] = await Promise.all([
    readList(client, {
      path: `/service/boards/${board.id}/statuses`,
      schema: choiceSchema,
      fields: 'id,name,inactive',
      fetchPage: (params) => service.getServiceBoardsByParentIdStatuses(board.id, params),
    }),
    settings.type === null
      ? []
      : readList(client, {
          path: `/service/boards/${board.id}/types`,
          schema: choiceSchema,
          fields: 'id,name,inactiveFlag',
          fetchPage: (params) => service.getServiceBoardsByParentIdTypes(board.id, params),
        }),
  ]);
  const ofBoard = (what: string) => `${what} of the board "${board.name}"`;
  const status = choose(statuses, 'status', settings.status, ofBoard('statuses'), problems);
  const resolvedStatus = choose(statuses, 'resolvedStatus', settings.resolvedStatus, ofBoard('statuses'), problems);
  const type = settings.type === null ? null : choose(types, 'type', settings.type, ofBoard('types'), problems);
  if (!status || !resolvedStatus || type === undefined || priority === undefined || internalCompany === undefined) {
    throw new TicketSetupError(problems);
  }
  return { board, status, resolvedStatus, priority, type, internalCompany };
}

/** The active record of that name (case aside), or a problem naming what exists. */
function choose(
  choices: readonly Choice[],
  setting: SetupProblem['setting'],
  wanted: string,
  what: string,
  problems: SetupProblem[],
): Named | undefined {
  const found = choices.find((choice) => nameKey(choice.name) === nameKey(wanted));
  if (found?.active) return { id: found.id, name: found.name };
  const known = choices.filter((choice) => choice.active).map((choice) => `"${choice.name}"`);
  const problem = found ? 'is inactive in ConnectWise' : `is not one of the ${what}: ${known.length > 0 ? known.join(', ') : '(none)'}`;
  problems.push({ setting, value: wanted, problem });
  return undefined;
}

async function findCompany(client: ConnectWiseClient, wanted: string, problems: SetupProblem[]): Promise<CompanyRef | undefined> {
  const companies = await readList(client, {
    path: '/company/companies',
    schema: companyRefSchema,
    fields: 'id,identifier,name',
    conditions: `identifier = ${quoted(wanted)} or name = ${quoted(wanted)}`,
    fetchPage: (params) => client.api.CompanyAPI.getCompanyCompanies(params),
  });
  const name = nameKey(wanted);
  const found =
    companies.find((company) => nameKey(company.identifier) === name) ?? companies.find((company) => nameKey(company.name) === name);
  if (!found) {
    const problem = 'is neither the identifier nor the name of a ConnectWise company';
    problems.push({ setting: 'internalCompany', value: wanted, problem });
  }
  return found;
}
