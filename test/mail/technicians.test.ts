import { dayLabel } from '../../src/calendar.js';
import { hoursLabel } from '../../src/mail/format.js';
import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remindJob } from '../../jobs/remind.js';
import type { JobContext } from '../../src/queue/processor.js';
import { TECHNICIAN_RULES } from '../../src/mail/plan.js';
import type { ReportException } from '../../src/report/schema.js';
import { runValidation } from '../../src/validation-run.js';
import { parseMail } from './mime.js';
import { startSmtpPeer, type SmtpPeer } from './smtp-peer.js';
import { SANDBOX_PERIOD, sandboxWorld, type SandboxWorld } from '../support/sandbox.js';

const isTechnicianItem = (exception: ReportException) =>
  exception.scope === 'internal' && exception.member !== null && (TECHNICIAN_RULES as readonly string[]).includes(exception.rule);

/** What the reminder says of an item, in the second person, whatever else the line holds. */
function reminderLine(item: ReportException): string {
  const on = `on ${dayLabel(item.date!)}`;
  const [record] = item.records;
  if (item.rule === 'time.missing') return `${on}; the minimum is 7 h.`;
  if (item.rule === 'time.closed-ticket-no-time') return `Your ticket #${record!.id} was closed ${on} with no time logged on it.`;
  return `Your entry #${record!.id} ${on} (${hoursLabel(item.hours!)}`;
}

describe('the technician reminder job against the sandbox', () => {
  let world: SandboxWorld;
  let peer: SmtpPeer;

  beforeAll(async () => {
    peer = await startSmtpPeer();
    world = await sandboxWorld('remind-technicians', { env: { SMTP_URL: peer.url } });
  });
  afterAll(async () => {
    await world.close();
    await peer.close();
  });

  it('sends each technician with something to fix exactly their own items, and nobody else anything', async () => {
    const { services } = world;
    const { report } = await runValidation({ period: SANDBOX_PERIOD, mode: 'dry-run' }, services, services.logger);
    const items = report.exceptions.filter(isTechnicianItem);
    const owners = new Set(items.map((item) => item.member!.id));
    expect(owners.size).toBeGreaterThan(1);
    const members = world.sandbox.data.members;
    const unreachable = members.find((member) => owners.has(member.id))!;
    delete unreachable.primaryEmail;
    const emailOf = new Map(members.map((member) => [member.id, member.primaryEmail as string | undefined]));

    const result = await remindJob(
      { schedule: 'time-cutoff-reminder', fireDate: '2026-11-12', dryRun: false },
      { services, logger: services.logger, job: {} as Job, queue: {} as JobContext['queue'] },
    );

    expect(result.period).toBe(SANDBOX_PERIOD);
    expect(result.withoutEmail).toEqual({ count: 1, members: [unreachable.identifier] });
    const expected = [...owners].filter((id) => id !== unreachable.id).map((id) => emailOf.get(id)!);
    expect([...result.sent].sort()).toEqual([...expected].sort());
    expect(peer.received.flatMap((message) => message.to).sort()).toEqual([...expected].sort());

    const companyMessages = report.exceptions.filter((exception) => exception.scope === 'company').map((exception) => exception.message);
    for (const message of peer.received) {
      const mail = parseMail(message.raw);
      const own = items.filter((item) => emailOf.get(item.member!.id) === message.to[0]);
      expect(mail.headers.get('subject')).toBe('Time entries to fix before billing on Nov 15');
      expect(mail.headers.get('reply-to')).toBe('controller@summitridge.example');
      for (const item of own) expect(mail.text).toContain(reminderLine(item));
      expect(mail.text.split('\n').filter((line) => line.startsWith('  - '))).toHaveLength(own.length);
      for (const companyMessage of companyMessages) expect(mail.text).not.toContain(companyMessage);
    }
  });
});
