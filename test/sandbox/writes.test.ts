import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CwRecord } from '../../src/sandbox/data.js';
import type { Sandbox, SandboxRequest } from '../../src/sandbox/server.js';
import { call, ids, serviceDesk, start } from './client.js';

let sandbox: Sandbox;

beforeEach(async () => {
  sandbox = await start(serviceDesk());
});

afterEach(() => sandbox.close());

const TICKET = {
  summary: 'Billing exceptions 2026-10: Acme Corp',
  externalXRef: 'billing-guard:default:2026-10:19',
  board: { name: 'Billing Exceptions' },
  status: { name: 'New' },
  company: { id: 19 },
  initialDescription: '3 exceptions, 120.00 at stake',
};

async function createTicket(body: object = TICKET): Promise<CwRecord> {
  const reply = await call(sandbox, 'POST', '/service/tickets', { body });
  expect(reply.status).toBe(201);
  return reply.body as CwRecord;
}

describe('sandbox ticket writes', () => {
  it('creates a ticket with resolved references, a new id and _info, without returning initialDescription', async () => {
    const ticket = await createTicket();
    expect(ticket).toMatchObject({
      id: 1,
      summary: TICKET.summary,
      externalXRef: TICKET.externalXRef,
      board: { id: 3, name: 'Billing Exceptions' },
      status: { id: 30, name: 'New' },
      company: { id: 19, identifier: 'ACME', name: 'Acme Corp' },
      priority: { id: 50, name: 'Priority 3 - Normal' },
      closedFlag: false,
      _info: { lastUpdated: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) },
    });
    expect(ticket).not.toHaveProperty('initialDescription');
    const read = await call(sandbox, 'GET', `/service/tickets/${ticket.id}`);
    expect(read.body).toEqual(ticket);
    const found = await call(sandbox, 'GET', '/service/tickets', { query: { conditions: `externalXRef = "${TICKET.externalXRef}"` } });
    expect(ids(found.body)).toEqual([ticket.id]);
  });

  it('makes initialDescription the first note: detail description, not internal', async () => {
    const ticket = await createTicket();
    const notes = await call(sandbox, 'GET', `/service/tickets/${ticket.id}/notes`);
    expect(notes.body).toEqual([
      expect.objectContaining({
        ticketId: ticket.id,
        text: TICKET.initialDescription,
        detailDescriptionFlag: true,
        internalAnalysisFlag: false,
      }),
    ]);
  });

  it('refuses a ticket whose summary or externalXRef is over 100 characters, or whose references do not exist', async () => {
    const reply = await call(sandbox, 'POST', '/service/tickets', {
      body: { ...TICKET, summary: 'x'.repeat(101), externalXRef: 'y'.repeat(101) },
    });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({
      code: 'InvalidObject',
      errors: [
        { code: 'InvalidField', resource: 'ticket', field: 'summary' },
        { code: 'InvalidField', resource: 'ticket', field: 'externalXRef' },
      ],
    });

    const missing = await call(sandbox, 'POST', '/service/tickets', {
      body: { ...TICKET, company: { identifier: 'NOPE' }, status: { name: 'Pending' }, priority: { id: 99 } },
    });
    expect(missing.status).toBe(400);
    const fields = (missing.body as { errors: Array<{ field: string }> }).errors.map((error) => error.field);
    expect(fields.sort()).toEqual(['company', 'priority', 'status']);
    expect(sandbox.data.tickets).toEqual([]);
    expect(sandbox.data.ticketNotes).toEqual([]);
  });

  it('makes initialInternalAnalysis an internal note, hides it, and records what could reach the client', async () => {
    const { initialDescription: _shown, ...internal } = TICKET;
    const ticket = await createTicket({ ...internal, initialInternalAnalysis: 'for finance only', automaticEmailContactFlag: false });
    expect(ticket).not.toHaveProperty('initialInternalAnalysis');
    expect(sandbox.data.tickets[0]).toMatchObject({ automaticEmailContactFlag: false, automaticEmailCcFlag: true });
    const notes = await call(sandbox, 'GET', `/service/tickets/${ticket.id}/notes`);
    expect(notes.body).toEqual([
      expect.objectContaining({ text: 'for finance only', internalAnalysisFlag: true, detailDescriptionFlag: false, processNotifications: false }),
    ]);
    const noted = await call(sandbox, 'POST', `/service/tickets/${ticket.id}/notes`, { body: { text: 'mailed to the contact' } });
    expect(noted.body).toMatchObject({ processNotifications: true });
  });

  it('adds a note to a ticket, and refuses a note for a ticket that does not exist', async () => {
    const ticket = await createTicket();
    const reply = await call(sandbox, 'POST', `/service/tickets/${ticket.id}/notes`, {
      body: { text: 'New since the last run: #101', internalAnalysisFlag: true },
    });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ ticketId: ticket.id, internalAnalysisFlag: true, detailDescriptionFlag: false });
    const notes = await call(sandbox, 'GET', `/service/tickets/${ticket.id}/notes`, { query: { orderBy: 'id desc', fields: 'text' } });
    expect(notes.body).toEqual([{ text: 'New since the last run: #101' }, { text: TICKET.initialDescription }]);

    expect((await call(sandbox, 'POST', '/service/tickets/999/notes', { body: { text: 'lost' } })).status).toBe(404);
  });

  it('records who wrote a note: the API member, or the member a note names (finance writing on the ticket)', async () => {
    const ticket = await createTicket();
    const member = { id: 7, identifier: 'jsmith', firstName: 'Jo', lastName: 'Smith' };
    sandbox.data.members.push(member);
    const path = `/service/tickets/${ticket.id}/notes`;
    expect((await call(sandbox, 'POST', path, { body: { text: 'from the integration' } })).body).toMatchObject({ member: { identifier: 'api' } });
    const written = await call(sandbox, 'POST', path, { body: { text: 'billing-guard waive 0123456789abcdef: agreed', member: { identifier: member.identifier } } });
    expect(written.body).toMatchObject({ member: { id: member.id, identifier: member.identifier }, createdBy: member.identifier });
    const unknown = await call(sandbox, 'POST', path, { body: { text: 'who?', member: { identifier: 'nobody' } } });
    expect(unknown.status).toBe(400);
  });

  it('patches the status by name or id; a closed status sets closedFlag and closedDate, reopening clears them', async () => {
    const ticket = await createTicket();
    const closed = await call(sandbox, 'PATCH', `/service/tickets/${ticket.id}`, {
      body: [{ op: 'replace', path: 'status', value: { name: 'closed' } }],
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: { id: 32, name: 'Closed' }, closedFlag: true, closedDate: expect.any(String) });

    const reopened = await call(sandbox, 'PATCH', `/service/tickets/${ticket.id}`, {
      body: [{ op: 'replace', path: '/status', value: { id: 31 } }],
    });
    expect(reopened.body).toMatchObject({ status: { id: 31, name: 'In Progress' }, closedFlag: false });
    expect(reopened.body).not.toHaveProperty('closedDate');
  });

  it('refuses a patch to a status of another board or a field it cannot change, changing nothing', async () => {
    const ticket = await createTicket();
    const before = structuredClone(sandbox.data.tickets);
    const wrongStatus = await call(sandbox, 'PATCH', `/service/tickets/${ticket.id}`, {
      body: [
        { op: 'replace', path: 'summary', value: 'Renamed' },
        { op: 'replace', path: 'status', value: { id: 999 } },
      ],
    });
    expect(wrongStatus.status).toBe(400);
    expect(wrongStatus.body).toMatchObject({ errors: [{ field: 'status' }] });
    const wrongField = await call(sandbox, 'PATCH', `/service/tickets/${ticket.id}`, {
      body: [{ op: 'replace', path: 'company', value: { id: 20 } }],
    });
    expect(wrongField.status).toBe(400);
    expect(sandbox.data.tickets).toEqual(before);
  });

  it('tells write listeners about a stored record before the response is sent', async () => {
    const seen: Array<{ request: SandboxRequest; record: CwRecord; stored: boolean }> = [];
    let answered = false;
    sandbox.onWrite((request, record) => {
      expect(answered).toBe(false);
      seen.push({ request: { ...request }, record, stored: sandbox.data.tickets.includes(record) });
    });
    const reply = call(sandbox, 'POST', '/service/tickets', { body: TICKET }).then((result) => {
      answered = true;
      return result;
    });
    expect((await reply).status).toBe(201);
    expect(seen).toEqual([
      {
        request: { method: 'POST', path: '/service/tickets', query: {}, status: 201 },
        record: expect.objectContaining({ id: 1, initialDescription: TICKET.initialDescription }),
        stored: true,
      },
    ]);
  });

  it('logs every request with its outcome, so a test can tell that nothing was written', async () => {
    await call(sandbox, 'GET', '/service/boards');
    await call(sandbox, 'POST', '/service/tickets', { body: { ...TICKET, summary: '' } });
    expect(sandbox.requests.map(({ method, path, status }) => `${method} ${path} ${status}`)).toEqual([
      'GET /service/boards 200',
      'POST /service/tickets 400',
    ]);
    expect(sandbox.data.tickets).toEqual([]);
  });
});
