import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliverOnce, sendOnce, sentMailKey } from '../../src/mail/send-once.js';
import { createMailTransport, smtpOptions, type MailTransport } from '../../src/mail/transport.js';
import { deleteKeys, testRedis, uniquePrefix } from '../support/redis.js';
import { FROM, fireOf, mailEnv, mailTo } from './fixtures.js';
import { parseMail } from './mime.js';
import { refuseFirst, startSmtpPeer, type SmtpPeer } from './smtp-peer.js';

const redis = testRedis();
const prefix = uniquePrefix('mail-send-once');
const fast = { redis, prefix, backoffMs: 5, pollMs: 10 };
let peer: SmtpPeer;
let smtp: MailTransport;

beforeAll(async () => {
  peer = await startSmtpPeer();
  smtp = createMailTransport(mailEnv({ SMTP_URL: peer.url }));
});
beforeEach(() => {
  peer.received.length = 0;
  peer.onRecipient = () => null;
  peer.onMessage = () => null;
});
afterAll(async () => {
  smtp.close();
  await peer.close();
  await deleteKeys(redis, prefix);
  await redis.quit();
});

describe('sending over SMTP', () => {
  it('delivers one message from MAIL_FROM with a plain-text and an HTML part', async () => {
    const outcome = await sendOnce(smtp, mailTo('jsmith@msp.example'), fireOf('parts'), fast);

    expect(outcome).toEqual({ status: 'sent' });
    expect(peer.received).toHaveLength(1);
    const [message] = peer.received;
    expect(message!.from).toBe(FROM);
    expect(message!.to).toEqual(['jsmith@msp.example']);
    const mail = parseMail(message!.raw);
    expect(mail.headers.get('subject')).toBe('Time entries to fix before billing on Nov 15');
    expect(mail.text).toContain('please fix your time.');
    expect(mail.html).toContain('<p>please fix your time.</p>');
  });

  it('sends the Reply-To and the attachments over SMTP', async () => {
    const mail = {
      ...mailTo('adoe@msp.example'),
      replyTo: 'controller@msp.example',
      attachments: [{ filename: 'billing-guard-2026-10.html', contentType: 'text/html; charset=utf-8', content: '<p>preview</p>' }],
    };
    expect(await sendOnce(smtp, mail, fireOf('reply-to'), fast)).toEqual({ status: 'sent' });

    const received = parseMail(peer.received.at(-1)!.raw);
    expect(received.headers.get('reply-to')).toBe('controller@msp.example');
    expect(received.attachments.get('billing-guard-2026-10.html')?.content).toBe('<p>preview</p>');
    expect(received.html).toContain('<p>please fix your time.</p>');
  });

  it('never lets a query option in SMTP_URL switch certificate verification off', () => {
    const options = smtpOptions('smtp://alerts%40msp.example:p%40ss@mail.msp.example:2525?tls.rejectUnauthorized=false');

    expect(options).toMatchObject({ host: 'mail.msp.example', port: 2525, secure: false, pool: false, tls: { rejectUnauthorized: true } });
    expect(options.auth).toEqual({ user: 'alerts@msp.example', pass: 'p@ss' });
    expect(smtpOptions('smtps://mail.msp.example')).toMatchObject({ port: 465, secure: true, auth: undefined });
  });
});

describe('exactly once per schedule, fire date and recipient', () => {
  it('sends a reminder sent a second time only once', async () => {
    const fire = fireOf('twice');
    const first = await sendOnce(smtp, mailTo('jsmith@msp.example'), fire, fast);
    const second = await sendOnce(smtp, mailTo('JSmith@msp.example'), fire, fast);

    expect([first.status, second.status]).toEqual(['sent', 'already-sent']);
    expect(peer.received).toHaveLength(1);
  });

  it('sends each reminder once when two sends of the same fire run at the same time', async () => {
    const mails = ['jsmith@msp.example', 'adoe@msp.example', 'bkim@msp.example'].map((to) => mailTo(to));
    const [one, two] = await Promise.all([deliverOnce(mails, smtp, fireOf('race'), fast), deliverOnce(mails, smtp, fireOf('race'), fast)]);

    expect(peer.received.flatMap((message) => message.to).sort()).toEqual(['adoe@msp.example', 'bkim@msp.example', 'jsmith@msp.example']);
    expect([...one.sent, ...two.sent].sort()).toEqual([...one.alreadySent, ...two.alreadySent].sort());
    expect(one.sent.length + two.sent.length).toBe(3);
  });

  it('sends the same recipient again for another fire date', async () => {
    await sendOnce(smtp, mailTo('jsmith@msp.example'), fireOf('monthly', '2026-11-12'), fast);
    await sendOnce(smtp, mailTo('jsmith@msp.example'), fireOf('monthly', '2026-12-12'), fast);

    expect(peer.received).toHaveLength(2);
  });

  it('remembers a sent reminder for months under <prefix>:mail:<tenant>:<schedule>:<fireDate>:<recipient>', async () => {
    await sendOnce(smtp, mailTo('jsmith@msp.example'), fireOf('remembered'), fast);

    const key = `${prefix}:mail:default:remembered:2026-11-12:jsmith@msp.example`;
    expect(sentMailKey(prefix, fireOf('remembered'), 'JSmith@msp.example')).toBe(key);
    expect(await redis.get(key)).toBe('sent');
    expect(await redis.pttl(key)).toBeGreaterThan(100 * 24 * 3600_000);
  });

  it('waits for a send that holds the claim and does not send the reminder itself', async () => {
    const fire = fireOf('held');
    const key = sentMailKey(prefix, fire, 'jsmith@msp.example');
    await redis.set(key, 'another-worker', 'PX', 60_000);
    setTimeout(() => void redis.set(key, 'sent', 'PX', 60_000), 100);

    const delivery = await deliverOnce([mailTo('jsmith@msp.example')], smtp, fire, fast);

    expect(delivery.alreadySent).toEqual(['jsmith@msp.example']);
    expect(peer.received).toHaveLength(0);
  });

  it('sends a reminder whose claim a crashed send left once that claim times out', async () => {
    const fire = fireOf('crashed');
    await redis.set(sentMailKey(prefix, fire, 'jsmith@msp.example'), 'crashed-worker', 'PX', 150);

    const delivery = await deliverOnce([mailTo('jsmith@msp.example')], smtp, fire, { ...fast, claimTimeoutMs: 5_000 });

    expect(delivery.sent).toEqual(['jsmith@msp.example']);
    expect(peer.received).toHaveLength(1);
  });
});

describe('SMTP failures', () => {
  it.each([
    ['defers the recipient with 421', 'recipient', { code: 421, message: 'Try again later' }],
    ['defers the message with 451', 'message', { code: 451, message: 'Local error, try again' }],
  ] as const)('retries when the server %s, and delivers once', async (_, step, reply) => {
    const refuse = refuseFirst(2, reply);
    let tries = 0;
    const decide = () => (tries++, refuse());
    if (step === 'recipient') peer.onRecipient = decide;
    else peer.onMessage = decide;

    const outcome = await sendOnce(smtp, mailTo('jsmith@msp.example'), fireOf(`deferred-${step}`), fast);

    expect(outcome).toEqual({ status: 'sent' });
    expect(tries).toBe(3);
    expect(peer.received).toHaveLength(1);
  });

  it('gives up after the attempts when the server keeps deferring, and reports it as not permanent', async () => {
    peer.onRecipient = () => ({ code: 421, message: 'Try again later' });

    const outcome = await sendOnce(smtp, mailTo('jsmith@msp.example'), fireOf('deferred-always'), { ...fast, attempts: 2 });

    expect(outcome).toEqual({ status: 'failed', permanent: false, reason: expect.stringContaining('421') });
    expect(peer.received).toHaveLength(0);
  });

  it('reports a recipient the server refuses for good (550) and still delivers to the others', async () => {
    peer.onRecipient = (address) => (address === 'gone@msp.example' ? { code: 550, message: 'Mailbox unavailable' } : null);
    const fire = fireOf('refused');

    const delivery = await deliverOnce(['jsmith@msp.example', 'gone@msp.example', 'adoe@msp.example'].map((to) => mailTo(to)), smtp, fire, fast);

    expect(delivery.sent).toEqual(['jsmith@msp.example', 'adoe@msp.example']);
    expect(delivery.refused).toEqual([{ recipient: 'gone@msp.example', reason: expect.stringContaining('550') }]);
    expect(delivery.unavailable).toBeNull();
    expect(await redis.exists(sentMailKey(prefix, fire, 'gone@msp.example'))).toBe(0);
  });

  it('stops when the server cannot be reached, releases its claim, and a later send delivers', async () => {
    const closed = await startSmtpPeer();
    await closed.close();
    const unreachable = createMailTransport(mailEnv({ SMTP_URL: closed.url.replace('smtp://', 'smtp://alerts:SmtpPa55word@') }));
    const fire = fireOf('unreachable');
    const mails = [mailTo('jsmith@msp.example'), mailTo('adoe@msp.example')];

    const failed = await deliverOnce(mails, unreachable, fire, fast);
    unreachable.close();

    expect(failed.sent).toEqual([]);
    expect(failed.unavailable).toEqual({ recipient: 'jsmith@msp.example', reason: expect.stringContaining('ECONNREFUSED') });
    expect(failed.unavailable!.reason).not.toContain('SmtpPa55word');
    expect(await redis.exists(sentMailKey(prefix, fire, 'jsmith@msp.example'))).toBe(0);

    const retried = await deliverOnce(mails, smtp, fire, fast);
    expect(retried.sent).toEqual(['jsmith@msp.example', 'adoe@msp.example']);
  });
});
