import { z } from 'zod';
import { defineRule } from '../define.js';
import type { RuleFinding } from '../define.js';
import { byCompanyAndRecords, companyName } from '../shared/describe.js';
import { inPeriod } from '../shared/facts.js';
import { nameKey } from '../../text.js';

export const timeClosedTicketNoTime = defineRule({
  id: 'time.closed-ticket-no-time',
  severity: 'warning',
  scope: 'internal',
  description: 'A service ticket closed in the period with no time logged on it.',
  fix: 'Log the time worked on the ticket, or note on it why none was needed.',
  options: z.object({ boards: z.array(z.string().trim().min(1)).default([]) }).strict(),
  check(snapshot, { boards }, context) {
    const boardKeys = new Set(boards.map(nameKey));
    const findings: RuleFinding[] = [];
    for (const ticket of snapshot.tickets) {
      if (!ticket.closedFlag || ticket.closedDate == null) continue;
      if (ticket.actualHours != null && !ticket.actualHours.isZero()) continue;
      if (boardKeys.size > 0 && !boardKeys.has(nameKey(ticket.board?.name ?? ''))) continue;
      const closedOn = context.days.dateOf(ticket.closedDate);
      if (!inPeriod(closedOn, context.period)) continue;
      const company = ticket.company ? ` for ${companyName(ticket.company)}` : '';
      const owner = ticket.owner ? `, owned by ${ticket.owner.identifier},` : '';
      findings.push({
        company: ticket.company ?? null,
        member: ticket.owner ?? null,
        records: [{ type: 'ticket', id: ticket.id }],
        date: closedOn,
        hours: null,
        amount: null,
        message: `Ticket #${ticket.id} "${ticket.summary}"${company}${owner} was closed on ${closedOn} with no time logged.`,
      });
    }
    return findings.sort(byCompanyAndRecords);
  },
});
