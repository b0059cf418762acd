import { connectWiseFor } from '../connectwise/connect.js';
import type { Report, ReportException } from '../report/schema.js';
import type { Sandbox } from '../sandbox/server.js';
import type { Services } from '../services.js';
import { runThroughQueue } from './run.js';

/**
 * The demo's waiver loop: finance decides the exceptions of one client are right as they are,
 * says so on its exception ticket in ConnectWise, and the next live run settles and closes it.
 */

const REASON = 'checked with the client on the phone: correct as it is';

/** A note on the ticket written by a ConnectWise member, as finance writes one in the ticket's notes. */
export async function writeMemberNote(services: Services, ticketId: number, member: string, text: string): Promise<void> {
  const client = connectWiseFor(services);
  const path = `/service/tickets/${ticketId}/notes`;
  // connectwise-rest's note type leaves out `member`, which ConnectWise accepts
  const note = { text, internalAnalysisFlag: true, member: { identifier: member } } as never;
  await client.call({ method: 'post', path }, () => client.api.ServiceAPI.postServiceTicketsByParentIdNotes(ticketId, note));
}

/** The client ticket of the live run with the fewest open warnings and errors, and those exceptions. */
function ticketToWaive(report: Report): { ticketId: number; exceptions: ReportException[] } | null {
  const candidates = report.tickets.flatMap((ticket) => {
    if (ticket.company === 'internal' || ticket.ticketId === null) return [];
    const exceptions = report.exceptions.filter(
      (exception) => exception.scope === 'company' && exception.company?.id === ticket.company && exception.severity !== 'info',
    );
    return exceptions.length > 0 ? [{ ticketId: ticket.ticketId, exceptions }] : [];
  });
  return candidates.sort((a, b) => a.exceptions.length - b.exceptions.length || a.ticketId - b.ticketId)[0] ?? null;
}

export async function waiverStep(sandbox: Sandbox, services: Services, live: Report): Promise<Report | null> {
  const chosen = ticketToWaive(live);
  const financeLead = sandbox.data.members.find((member) => member.title === 'Finance Manager');
  if (!chosen || !financeLead) return null;
  const { ticketId, exceptions } = chosen;
  const line = `billing-guard waive ${exceptions.map((exception) => exception.id).join(', ')}: ${REASON}`;
  console.log(`— Finance waives on ticket #${ticketId}: ${String(financeLead.identifier)} adds a note in ConnectWise\n\n  ${line}\n`);
  await writeMemberNote(services, ticketId, String(financeLead.identifier), line);

  const report = await runThroughQueue({ period: live.period, dryRun: false }, services);
  const action = report.tickets.find((ticket) => ticket.ticketId === ticketId)?.action ?? 'unchanged';
  const waived = `${report.totals.waived} exception${report.totals.waived === 1 ? '' : 's'} waived`;
  console.log(`The next live run: ${waived}, ticket #${ticketId} ${action}. Its notes in ConnectWise:\n`);
  console.log(ticketNotes(sandbox, ticketId));
  return report;
}

function ticketNotes(sandbox: Sandbox, ticketId: number): string {
  const ticket = sandbox.data.tickets.find((record) => record.id === ticketId);
  const status = (ticket?.status as { name?: string } | undefined)?.name ?? '';
  const notes = sandbox.data.ticketNotes
    .filter((note) => note.ticketId === ticketId)
    .map((note) => {
      const author = (note.member as { identifier?: string } | undefined)?.identifier ?? 'unknown';
      return `  [${String(note.dateCreated)} by ${author}]\n${String(note.text).replace(/^/gm, '    ')}`;
    });
  return [`  Ticket #${ticketId} ${String(ticket?.summary ?? '')} [${status}]`, ...notes, ''].join('\n\n');
}
