import { afterEach, describe, expect, it } from 'vitest';
import { runThroughQueue } from '../../src/commands/run.js';
import { writeMemberNote } from '../../src/commands/demo-waiver.js';
import { deleteKeysWithPrefix } from '../../src/queue/connection.js';
import type { Report, ReportException } from '../../src/report/schema.js';
import type { Sandbox } from '../../src/sandbox/server.js';
import { SANDBOX_PERIOD, sandboxWorld, type SandboxWorld } from '../support/sandbox.js';

const live = { period: SANDBOX_PERIOD, dryRun: false };
const dryRun = { period: SANDBOX_PERIOD, dryRun: true };

const writes = (sandbox: Sandbox, from: number) => sandbox.requests.slice(from).filter((request) => request.method !== 'GET');
const notesOf = (sandbox: Sandbox, ticketId: number) => sandbox.data.ticketNotes.filter((note) => note.ticketId === ticketId);

/** The company whose ticket lists the fewest warnings and errors , and those exceptions. */
function companyToWaive(report: Report): { companyId: number; exceptions: ReportException[] } {
  const byCompany = new Map<number, ReportException[]>();
  for (const exception of report.exceptions) {
    if (exception.scope !== 'company' || exception.severity === 'info' || !exception.company) continue;
    byCompany.set(exception.company.id, [...(byCompany.get(exception.company.id) ?? []), exception]);
  }
  const [companyId, exceptions] = [...byCompany].filter(([, list]) => list.length > 0).sort((a, b) => a[1].length - b[1].length)[0]!;
  return { companyId, exceptions };
}

describe('waiving exceptions on the ticket, against the sandbox', () => {
  let world: SandboxWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('closes a fully waived ticket with one note naming the waived records, then writes nothing, with Redis flushed between runs', async () => {
    world = await sandboxWorld('e2e-waivers');
    const { sandbox, services, prefix } = world;
    const first = await runThroughQueue(live, services);
    const { companyId, exceptions } = companyToWaive(first);
    const ticketId = first.tickets.find((ticket) => ticket.company === companyId)!.ticketId!;
    const financeLead = sandbox.data.members.find((member) => member.inactiveFlag !== true)!;
    const refs = exceptions.map((exception) => exception.id);

    await writeMemberNote(services, ticketId, String(financeLead.identifier), `Checked with the client.\nbilling-guard waive ${refs.join(', ')}: agreed with the client on the call`);
    await writeMemberNote(services, ticketId, String(financeLead.identifier), 'billing-guard waive 0123456789abcdef: not one of ours');
    await deleteKeysWithPrefix(services.redis, prefix);

    const notesBefore = notesOf(sandbox, ticketId).length;
    const second = await runThroughQueue(live, services);
    for (const ref of refs) {
      expect(second.exceptions.find((exception) => exception.id === ref)?.waiver).toMatchObject({
        by: financeLead.identifier,
        reason: 'agreed with the client on the call',
        source: 'ticket',
      });
    }
    expect(second.totals.waived).toBe(refs.length);
    expect(second.tickets.find((ticket) => ticket.company === companyId)).toEqual({ company: companyId, ticketId, action: 'closed' });
    expect(sandbox.data.tickets.find((ticket) => ticket.id === ticketId)!.closedFlag).toBe(true);
    const added = notesOf(sandbox, ticketId).slice(notesBefore);
    expect(added).toHaveLength(1);
    const closing = String(added[0]!.text);
    expect(closing).toContain(`Waived by ${financeLead.identifier} on `);
    for (const exception of exceptions) {
      for (const record of exception.records) expect(closing).toContain(`#${record.id}`);
    }
    expect(closing).toContain('"billing-guard waive 0123456789abcdef: not one of ours"');
    expect(closing).toContain('matches no open exception of this ticket');
    expect(added[0]).toMatchObject({ internalAnalysisFlag: true, detailDescriptionFlag: false });

    await deleteKeysWithPrefix(services.redis, prefix);
    const beforeThird = sandbox.requests.length;
    const third = await runThroughQueue(live, services);
    expect(writes(sandbox, beforeThird)).toEqual([]);
    expect(third.tickets.find((ticket) => ticket.company === companyId)).toBeUndefined();

    const beforeDry = sandbox.requests.length;
    const dry = await runThroughQueue(dryRun, services);
    expect(writes(sandbox, beforeDry)).toEqual([]);
    expect(dry.exceptions.filter((exception) => exception.waiver !== null).map((exception) => exception.id).sort()).toEqual([...refs].sort());
    expect(dry.tickets.every((ticket) => ticket.action === 'unchanged')).toBe(true);
  });
});
