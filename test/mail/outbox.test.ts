import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { outboxFileName } from '../../src/mail/outbox.js';
import { deliverOnce } from '../../src/mail/send-once.js';
import { createMailTransport } from '../../src/mail/transport.js';
import { deleteKeys, testRedis, uniquePrefix } from '../support/redis.js';
import { FROM, fireOf, mailEnv, mailTo } from './fixtures.js';
import { parseMail } from './mime.js';

const redis = testRedis();
const prefix = uniquePrefix('mail-outbox');

afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.quit();
});

describe('the outbox (no SMTP_URL)', () => {
  it('holds one .eml per recipient that a mail client can open, and nothing half-written', async () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'billing-guard-outbox-')), 'outbox');
    const transport = createMailTransport(mailEnv({ MAIL_OUTBOX_DIR: folder }));
    const fire = fireOf('time-cutoff-reminder');

    const delivery = await deliverOnce([mailTo('jsmith@msp.example'), mailTo('adoe@msp.example')], transport, fire, { redis, prefix });
    const again = await deliverOnce([mailTo('jsmith@msp.example')], transport, fire, { redis, prefix });
    transport.close();

    expect(delivery.sent).toEqual(['jsmith@msp.example', 'adoe@msp.example']);
    expect(again.alreadySent).toEqual(['jsmith@msp.example']);
    expect(readdirSync(folder).sort()).toEqual([
      '2026-11-12-time-cutoff-reminder-adoe@msp.example.eml',
      '2026-11-12-time-cutoff-reminder-jsmith@msp.example.eml',
    ]);
    const raw = readFileSync(join(folder, '2026-11-12-time-cutoff-reminder-jsmith@msp.example.eml'), 'utf8');
    expect(raw).toContain('\r\n');
    const mail = parseMail(raw);
    expect(mail.headers.get('from')).toBe(FROM);
    expect(mail.headers.get('to')).toBe('jsmith@msp.example');
    expect(mail.headers.get('subject')).toBe('Time entries to fix before billing on Nov 15');
    expect(Number.isNaN(Date.parse(mail.headers.get('date') ?? ''))).toBe(false);
    expect(mail.headers.get('message-id')).toMatch(/^<default\.time-cutoff-reminder\.2026-11-12\.[0-9a-f]{16}@msp\.example>$/);
    expect(mail.headers.get('mime-version')).toBe('1.0');
    expect(mail.headers.get('content-type')).toMatch(/^multipart\/alternative;/);
    expect(mail.text).toContain('please fix your time.');
    expect(mail.html).toContain('<p>please fix your time.</p>');
  });

  it('writes the Reply-To and the attachments a message carries, and no Reply-To when none is set', async () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'billing-guard-outbox-')), 'outbox');
    const transport = createMailTransport(mailEnv({ MAIL_OUTBOX_DIR: folder }));
    const preview = '<!DOCTYPE html><p>Revenue at risk: $150.00</p>';
    const withReplyTo = { ...mailTo('jsmith@msp.example'), replyTo: 'controller@msp.example' };
    const withPreview = { ...mailTo('finance@msp.example'), attachments: [{ filename: 'billing-guard-2026-10.html', contentType: 'text/html; charset=utf-8', content: preview }] };

    await deliverOnce([withReplyTo, withPreview], transport, fireOf('mixed'), { redis, prefix });
    transport.close();

    const read = (to: string) => parseMail(readFileSync(join(folder, `2026-11-12-mixed-${to}.eml`), 'utf8'));
    const reminder = read('jsmith@msp.example');
    expect(reminder.headers.get('reply-to')).toBe('controller@msp.example');
    expect(reminder.attachments.size).toBe(0);
    const digest = read('finance@msp.example');
    expect(digest.headers.has('reply-to')).toBe(false);
    expect(digest.text).toContain('please fix your time.');
    expect(digest.html).toContain('<p>please fix your time.</p>');
    const attached = digest.attachments.get('billing-guard-2026-10.html');
    expect(attached?.contentType).toMatch(/^text\/html; charset=utf-8/);
    expect(attached?.content).toBe(preview);
  });

  it('names a file by fire date, schedule and recipient, with nothing that leaves the folder', () => {
    expect(outboxFileName(fireOf('finance-digest', '2026-11-15'), 'Finance@MSP.example')).toBe('2026-11-15-finance-digest-finance@msp.example.eml');
    expect(outboxFileName(fireOf('finance-digest'), '../../etc/passwd x@y')).not.toMatch(/[/\\ ]/);
  });
});
