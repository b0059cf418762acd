import type { Job } from 'bullmq';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { remindJob } from '../../jobs/remind.js';
import { jobSpecs, type RemindPayload } from '../../src/queue/jobs.js';
import type { JobContext } from '../../src/queue/processor.js';
import { ConfigError } from '../../src/config/errors.js';
import { parseBillingConfig } from '../../src/config/load.js';
import { isPermanent } from '../../src/queue/failure.js';
import { publishReport } from '../../src/report/store.js';
import { ruleRegistry } from '../../src/rules/registry.js';
import type { Services } from '../../src/services.js';
import { mailEnv } from './fixtures.js';
import { parseMail } from './mime.js';
import { startSmtpPeer, type SmtpPeer } from './smtp-peer.js';
import { deleteKeys, testRedis, uniquePrefix } from '../support/redis.js';
import { ACME, exception, internalException, report } from '../tickets/fixtures.js';

const FINANCE = ['finance@msp.example', 'controller@msp.example'];
const CONFIG = `
timezone: America/New_York
mail:
  finance: [${FINANCE.join(', ')}]
`;

const redis = testRedis();
const prefix = uniquePrefix('remind-job');
const logger = pino({ level: 'silent' });
let peer: SmtpPeer;

function services(): Services {
  return {
    config: { env: mailEnv({ SMTP_URL: peer.url, QUEUE_PREFIX: prefix }), billing: parseBillingConfig(CONFIG, 'billing.yaml', ruleRegistry) },
    rules: ruleRegistry,
    redis,
    logger,
    now: () => new Date('2026-11-15T13:00:00Z'),
  };
}

function remind(payload: RemindPayload) {
  return remindJob(jobSpecs.remind.payload.parse(payload), { services: services(), logger, job: {} as Job, queue: {} as JobContext['queue'] });
}

beforeAll(async () => {
  peer = await startSmtpPeer();
  await publishReport(redis, prefix, 'run-1', report([exception(1), exception(2)], { finishedAt: '2026-11-14T20:00:00.000Z' }));
  await publishReport(
    redis,
    prefix,
    'run-2',
    report([exception(1), exception(3, { severity: 'warning' }), internalException(4)], { tickets: [{ company: ACME.id, ticketId: 5012, action: 'created' }] }),
  );
});
beforeEach(() => {
  peer.received.length = 0;
  peer.onRecipient = () => null;
});
afterAll(async () => {
  await peer.close();
  await deleteKeys(redis, prefix);
  await redis.quit();
});

describe('the finance digest job', () => {
  it('sends the digest of the latest run to every finance address, once', async () => {
    const first = await remind({ schedule: 'finance-digest', fireDate: '2026-11-15', dryRun: false });
    const second = await remind({ schedule: 'finance-digest', fireDate: '2026-11-15', dryRun: false });

    expect(first).toMatchObject({ audience: 'finance', period: '2026-10', sent: FINANCE, alreadySent: [], failed: [] });
    expect(second).toMatchObject({ sent: [], alreadySent: FINANCE });
    expect(peer.received.flatMap((message) => message.to).sort()).toEqual([...FINANCE].sort());
    const mail = parseMail(peer.received[0]!.raw);
    expect(mail.headers.get('subject')).toBe('Billing exceptions for October 2026: 3 open exceptions, $150.00 revenue at risk');
    expect(mail.text).toContain('Acme Corp: ticket #5012 created');
    expect(mail.attachments.get('billing-guard-2026-10.html')?.content).toContain('<!DOCTYPE html>');
    expect(mail.text).toContain('2 new, 1 still open, 1 resolved');
  });

  it('plans without sending or claiming anything on a dry run', async () => {
    const result = await remind({ schedule: 'finance-digest', fireDate: '2026-12-15', dryRun: true });

    expect(result.wouldSend).toEqual(FINANCE.map((to) => ({ to, subject: 'Billing exceptions for November 2026: not validated yet' })));
    expect(result.sent).toEqual([]);
    expect(peer.received).toHaveLength(0);
    expect(await redis.keys(`${prefix}:mail:*2026-12-15*`)).toEqual([]);
  });

  it('reports an address the mail server refuses for good and still delivers to the others', async () => {
    peer.onRecipient = (address) => (address === 'controller@msp.example' ? { code: 550, message: 'No such user here' } : null);

    const result = await remind({ schedule: 'finance-digest', fireDate: '2027-01-15', dryRun: false });

    expect(result.sent).toEqual(['finance@msp.example']);
    expect(result.failed).toEqual([{ recipient: 'controller@msp.example', reason: expect.stringContaining('550') }]);
  });

  it.each(['no-such-schedule', 'pre-invoice-validation'])('refuses %s, which is not a reminder schedule, for good', async (schedule) => {
    const refused = await remind({ schedule, fireDate: '2026-11-15', dryRun: true }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as Error).message).toContain(`"${schedule}" is not a reminder schedule`);
    expect(isPermanent(refused)).toBe(true);
  });
});
