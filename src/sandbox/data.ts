/**
 * What the sandbox serves: ConnectWise-shaped JSON records per collection, exactly as the
 * REST API would return them (with `_info`). Child collections carry their parent's id.
 */
export type CwRecord = Record<string, unknown> & { id: number };

export interface SandboxData {
  members: CwRecord[];
  companies: CwRecord[];
  agreementTypes: CwRecord[];
  workTypes: CwRecord[];
  workRoles: CwRecord[];
  agreements: CwRecord[];
  /** each with `agreementId` */
  additions: CwRecord[];
  /** each with `agreementId` */
  workTypeExclusions: CwRecord[];
  /** each with `agreementId` */
  workRoleExclusions: CwRecord[];
  timeEntries: CwRecord[];
  expenses: CwRecord[];
  /** service tickets, including the exception tickets billing-guard writes */
  tickets: CwRecord[];
  /** each with `ticketId` */
  ticketNotes: CwRecord[];
  invoices: CwRecord[];
  /** devices and services per company */
  configurations: CwRecord[];
  boards: CwRecord[];
  /** each with `boardId` */
  boardStatuses: CwRecord[];
  /** each with `boardId` */
  boardTypes: CwRecord[];
  priorities: CwRecord[];
}

export function emptySandboxData(): SandboxData {
  return {
    members: [],
    companies: [],
    agreementTypes: [],
    workTypes: [],
    workRoles: [],
    agreements: [],
    additions: [],
    workTypeExclusions: [],
    workRoleExclusions: [],
    timeEntries: [],
    expenses: [],
    tickets: [],
    ticketNotes: [],
    invoices: [],
    configurations: [],
    boards: [],
    boardStatuses: [],
    boardTypes: [],
    priorities: [],
  };
}
