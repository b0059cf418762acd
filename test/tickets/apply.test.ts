import { pino } from 'pino';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BillingConfig } from '../../src/config/billing.js';
import type { ConnectWiseClient } from '../../src/connectwise/client.js';
import type { Report, ReportException } from '../../src/report/schema.js';
import { emptySandboxData, type CwRecord, type SandboxData } from '../../src/sandbox/data.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { applyTicketKey } from '../../src/tickets/apply.js';
import { findOpenTickets } from '../../src/tickets/connectwise.js';
import { TicketSetupError, resolveTicketSetup, type TicketSetup } from '../../src/tickets/setup.js';
import { planTickets } from '../../src/tickets/plan.js';
import { ticketTarget } from '../../src/tickets/target.js';
import { SETTINGS, makeClient, testRedis } from '../connectwise/helpers.js';
import { ACME, GLOBEX, MSP, RUN, exception, exceptionId, internalException, openIdsOf, report } from './fixtures.js';

const TICKETS: BillingConfig['tickets'] = {
  board: 'Billing Exceptions',
  status: 'New',
  resolvedStatus: 'Closed',
  priority: null,
  type: null,
  internalCompany: 'MSP',
};

function serviceDesk(): SandboxData {
  const info = { _info: { lastUpdated: '2026-01-01T00:00:00Z' } };
  return {
    ...emptySandboxData(),
    companies: [MSP, ACME, GLOBEX].map((company) => ({ ...company, ...info })),
    boards: [{ id: 3, name: 'Billing Exceptions' }, { id: 4, name: 'Help Desk' }],
    boardStatuses: [
      { id: 30, boardId: 3, name: 'New', defaultFlag: true, closedStatus: false },
      { id: 32, boardId: 3, name: 'Closed', closedStatus: true },
    ],
    priorities: [{ id: 50, name: 'Priority 3 - Normal', defaultFlag: true }],
  };
}

const context = testRedis();
const logger = pino({ level: 'silent' });
let sandbox: Sandbox;
let client: ConnectWiseClient;
let setup: TicketSetup;

beforeEach(async () => {
  const { companyId, publicKey, privateKey, clientId } = SETTINGS;
  sandbox = await startSandbox({ data: serviceDesk(), credentials: { companyId, publicKey, privateKey, clientId } });
  client = makeClient(context, { settings: { site: sandbox.site, ca: sandbox.ca } });
  setup = await resolveTicketSetup(client, TICKETS);
});

afterEach(() => sandbox.close());
afterAll(() => context.close());

/** Reconciles every key of the run, as a validation run does. */
async function applyRun(run: Report, dryRun = false) {
  const open = await findOpenTickets(client, setup, run.tenant, run.period);
  const targets = planTickets(run, open, setup.internalCompany);
  return Promise.all(
    targets.map((target) => applyTicketKey({ client, redis: context.redis, prefix: context.keyPrefix, setup, target, run: RUN, dryRun, logger })),
  );
}

function applyAcme(findings: ReportException[]) {
  const target = ticketTarget(report(findings), ACME.id, null)!;
  return applyTicketKey({ client, redis: context.redis, prefix: context.keyPrefix, setup, target, run: RUN, dryRun: false, logger });
}

const writes = () => sandbox.requests.filter((request) => request.method !== 'GET');
const ticketsOf = (company: number | 'internal') =>
  sandbox.data.tickets.filter((ticket) => ticket.externalXRef === `billing-guard:default:2026-10:${company}`);
const exceptionTickets = () => sandbox.data.tickets.filter((ticket) => String(ticket.externalXRef ?? '').startsWith('billing-guard:'));
const notesOf = (ticket: CwRecord) => sandbox.data.ticketNotes.filter((note) => note.ticketId === ticket.id);
const markerOf = (note: CwRecord | undefined) => [...(openIdsOf(String(note?.text)) ?? [])].sort();

describe('applyTicketKey against the ConnectWise sandbox', () => {
  it('creates one ticket per key, and applying the same run again writes nothing', async () => {
    const run = report([exception(1), exception(2, { company: GLOBEX }), internalException(3)]);
    const first = await applyRun(run);
    expect(first.map(({ company, action }) => ({ company, action }))).toEqual([
      { company: ACME.id, action: 'created' },
      { company: GLOBEX.id, action: 'created' },
      { company: 'internal', action: 'created' },
    ]);
    const [acme] = ticketsOf(ACME.id);
    expect(acme).toMatchObject({
      id: first[0]!.ticketId,
      summary: 'Billing exceptions 2026-10: Acme Corp',
      company: { id: ACME.id },
      board: { id: 3 },
      status: { name: 'New' },
    });
    expect(ticketsOf('internal')[0]).toMatchObject({ company: { id: MSP.id }, summary: 'Billing exceptions 2026-10: Our MSP' });
    // nothing billing-guard writes can reach the client: no contact, no mail, only internal notes
    for (const ticket of exceptionTickets()) {
      expect(ticket).toMatchObject({ automaticEmailContactFlag: false, automaticEmailCcFlag: false });
      expect(ticket.contact).toBeUndefined();
      expect(ticket.initialDescription).toBeUndefined();
      expect(notesOf(ticket).map(({ internalAnalysisFlag, detailDescriptionFlag, processNotifications }) => ({ internalAnalysisFlag, detailDescriptionFlag, processNotifications }))).toEqual([
        { internalAnalysisFlag: true, detailDescriptionFlag: false, processNotifications: false },
      ]);
    }
    expect(markerOf(notesOf(acme!)[0])).toEqual([exceptionId(1)]);

    const before = writes().length;
    const again = await applyRun(run);
    expect(again.map((ticket) => ticket.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(writes()).toHaveLength(before);
    expect(sandbox.data.tickets).toHaveLength(3);
  });

  it('writes one internal note naming what was resolved as it was last listed, once', async () => {
    await applyAcme([exception(1), exception(2)]);
    expect(await applyAcme([exception(2)])).toMatchObject({ action: 'noted' });
    expect(await applyAcme([exception(2)])).toMatchObject({ action: 'unchanged' });
    const notes = notesOf(ticketsOf(ACME.id)[0]!);
    expect(notes).toHaveLength(2);
    expect(notes[1]).toMatchObject({ internalAnalysisFlag: true, detailDescriptionFlag: false, processNotifications: false });
    expect(notes[1]!.text).toContain(
      `Resolved:\n- [error] time.overlap: Time entry #101 by jsmith overlaps another on 2026-10-05 | 0.50 h | 75.00 | ref ${exceptionId(1)}`,
    );
    expect(markerOf(notes[1])).toEqual([exceptionId(2)]);
  });

  it('closes the ticket with a last note when every exception is resolved, and opens a new one for new findings', async () => {
    await applyRun(report([exception(1)]));
    const closing = await applyRun(report([]));
    expect(closing).toEqual([{ company: ACME.id, ticketId: ticketsOf(ACME.id)[0]!.id, action: 'closed' }]);
    const [closed] = ticketsOf(ACME.id);
    expect(closed).toMatchObject({ status: { name: 'Closed' }, closedFlag: true });
    expect(markerOf(notesOf(closed!).at(-1))).toEqual([]);
    expect(await applyRun(report([]))).toEqual([]);

    expect(await applyAcme([exception(2)])).toMatchObject({ action: 'created' });
    expect(ticketsOf(ACME.id).map((ticket) => ticket.closedFlag)).toEqual([true, false]);
  });

  it('ends with exactly one ticket when two workers apply the same key at once', async () => {
    const results = await Promise.all([applyAcme([exception(1)]), applyAcme([exception(1)])]);
    expect(results.map((result) => result.action).sort()).toEqual(['created', 'unchanged']);
    expect(ticketsOf(ACME.id)).toHaveLength(1);
    expect(notesOf(ticketsOf(ACME.id)[0]!)).toHaveLength(1);
  });

  it('finds the ticket of a create whose answer was lost instead of opening a second one', async () => {
    let failed = false;
    sandbox.onWrite((request) => {
      if (!failed && request.method === 'POST') {
        failed = true;
        throw new Error('the connection broke after the ticket was stored');
      }
    });
    const created = await applyAcme([exception(1)]);
    expect(failed).toBe(true);
    expect(created).toEqual({ company: ACME.id, ticketId: ticketsOf(ACME.id)[0]!.id, action: 'created' });
    expect(await applyAcme([exception(1)])).toMatchObject({ action: 'unchanged' });
    expect(ticketsOf(ACME.id)).toHaveLength(1);
    expect(writes().filter((request) => request.path === '/service/tickets')).toHaveLength(1);
  });

  it('converges on the ticket a crashed create left behind when the job is retried', async () => {
    const impatient = makeClient(context, { settings: { site: sandbox.site, ca: sandbox.ca }, sleep: async () => undefined });
    const target = ticketTarget(report([exception(1)]), ACME.id, null)!;
    const apply = () =>
      applyTicketKey({ client: impatient, redis: context.redis, prefix: context.keyPrefix, setup, target, run: RUN, dryRun: false, logger });
    sandbox.onWrite(() => {
      // ConnectWise goes away right after storing the ticket: neither the answer nor a lookup gets through
      sandbox.setFaults({ rate5xx: 1 });
      throw new Error('the connection broke after the ticket was stored');
    });
    await expect(apply()).rejects.toThrow(/500|503|502/);
    sandbox.setFaults(undefined);
    expect(await apply()).toEqual({ company: ACME.id, ticketId: ticketsOf(ACME.id)[0]!.id, action: 'unchanged' });
    expect(ticketsOf(ACME.id)).toHaveLength(1);
    expect(writes().filter((request) => request.path === '/service/tickets')).toHaveLength(1);
  });

  it('counts a note whose answer was lost as written, and does not write it again', async () => {
    await applyAcme([exception(1)]);
    let failed = false;
    sandbox.onWrite(() => {
      if (failed) return;
      failed = true;
      throw new Error('the answer was lost');
    });
    expect(await applyAcme([exception(1), exception(2)])).toMatchObject({ action: 'noted' });
    expect(failed).toBe(true);
    expect(await applyAcme([exception(1), exception(2)])).toMatchObject({ action: 'unchanged' });
    expect(notesOf(ticketsOf(ACME.id)[0]!)).toHaveLength(2);
  });

  describe('waivers', () => {
    const WAIVER = { by: 'jsmith', at: '2026-11-16T14:05:00Z', reason: 'agreed with the client', source: 'ticket' as const };
    const waived = (n: number) => exception(n, { waiver: WAIVER });

    it('acknowledges a waiver once and closes once when the job is retried after ConnectWise went away mid-close', async () => {
      await applyAcme([exception(1), exception(2)]);
      expect(await applyAcme([exception(1), waived(2)])).toMatchObject({ action: 'noted' });
      const impatient = makeClient(context, { settings: { site: sandbox.site, ca: sandbox.ca }, sleep: async () => undefined });
      const target = ticketTarget(report([waived(1), waived(2)]), ACME.id, null)!;
      const apply = () =>
        applyTicketKey({ client: impatient, redis: context.redis, prefix: context.keyPrefix, setup, target, run: RUN, dryRun: false, logger });
      let broke = false;
      sandbox.onWrite(() => {
        if (broke) return;
        broke = true;
        // the closing note is stored, then ConnectWise goes away before the status is set
        sandbox.setFaults({ rate5xx: 1 });
        throw new Error('the connection broke after the note was stored');
      });
      await expect(apply()).rejects.toThrow(/500|503|502/);
      sandbox.setFaults(undefined);
      expect(await apply()).toMatchObject({ action: 'closed' });
      expect(await apply()).toMatchObject({ action: 'unchanged' });
      const notes = notesOf(ticketsOf(ACME.id)[0]!).map((note) => String(note.text));
      expect(notes).toHaveLength(3);
      expect(notes[1]).toContain(`Waived by jsmith on 2026-11-16: agreed with the client\n- [error] time.overlap: Time entry #102`);
      expect(notes[2]).toContain(`Waived by jsmith on 2026-11-16: agreed with the client\n- [error] time.overlap: Time entry #101`);
      expect(notes[2]).not.toContain('Time entry #102');
      expect(notes[2]).toContain('the ticket is closed');
      expect(ticketsOf(ACME.id)[0]).toMatchObject({ closedFlag: true });
    });

    it('writes one acknowledgement when two workers apply the same waiver at once', async () => {
      await applyAcme([exception(1), exception(2)]);
      const results = await Promise.all([applyAcme([exception(1), waived(2)]), applyAcme([exception(1), waived(2)])]);
      expect(results.map((result) => result.action).sort()).toEqual(['noted', 'unchanged']);
      expect(notesOf(ticketsOf(ACME.id)[0]!)).toHaveLength(2);
    });
  });

  it('plans a dry run from reads only', async () => {
    expect(await applyRun(report([exception(1)]), true)).toEqual([{ company: ACME.id, ticketId: null, action: 'would-create' }]);
    expect(writes()).toEqual([]);
    await applyAcme([exception(1)]);
    const before = writes().length;
    const ticketId = ticketsOf(ACME.id)[0]!.id;
    expect(await applyRun(report([exception(1), exception(2)]), true)).toEqual([{ company: ACME.id, ticketId, action: 'would-note' }]);
    expect(await applyRun(report([]), true)).toEqual([{ company: ACME.id, ticketId, action: 'would-close' }]);
    expect(writes()).toHaveLength(before);
  });
});

describe('resolveTicketSetup', () => {
  it('resolves every configured name to its ConnectWise record', () => {
    expect(setup).toEqual({
      board: { id: 3, name: 'Billing Exceptions' },
      status: { id: 30, name: 'New' },
      resolvedStatus: { id: 32, name: 'Closed' },
      priority: null,
      type: null,
      internalCompany: MSP,
    });
  });

  it('names an unknown board, and what exists, before anything is written', async () => {
    const error = await resolveTicketSetup(client, { ...TICKETS, board: 'Billing Exeptions' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TicketSetupError);
    expect((error as Error).message).toContain('tickets.board "Billing Exeptions" is not one of the service boards: "Billing Exceptions", "Help Desk"');
    expect(writes()).toEqual([]);
  });

  it('names every unknown status, priority, type and internal company at once', async () => {
    const error = await resolveTicketSetup(client, {
      ...TICKETS,
      status: 'Pending',
      priority: 'Urgent',
      type: 'Billing',
      internalCompany: 'NOPE',
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TicketSetupError);
    expect((error as TicketSetupError).problems.map((problem) => problem.setting).sort()).toEqual(['internalCompany', 'priority', 'status', 'type']);
    expect((error as Error).message).toContain('tickets.status "Pending" is not one of the statuses of the board "Billing Exceptions": "New", "Closed"');
    expect(writes()).toEqual([]);
  });
});
