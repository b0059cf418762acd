import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { normalizeAddress, type OutgoingMail, type ScheduleFire } from './message.js';
import { MailDeliveryError, type MailTransport } from './transport.js';

/**
 * Exactly one message per (schedule, fire date, recipient), across job retries, restarts and
 * replicas. Before sending, a send claims its key in Redis (SET NX with a claim timeout); after
 * the server accepted the message it marks the key `sent` for months. A failed send releases
 * its claim. A claim left by a crash blocks every other send until it times out; then the
 * message is sent again — which repeats it if the crash came after the server accepted it.
 */

export interface SendOnceOptions {
  redis: Redis;
  prefix: string;
  /** how long a claim holds off other sends; longer than any one send with its retries */
  claimTimeoutMs?: number;
  /** how long a sent message is remembered; longer than any catch-up or re-run of a fire */
  sentTtlMs?: number;
  /** SMTP attempts per message, with exponential backoff from backoffMs */
  attempts?: number;
  backoffMs?: number;
  /** how often a message claimed by another send is looked at again */
  pollMs?: number;
}

export type SendOutcome =
  | { status: 'sent' }
  | { status: 'already-sent' }
  | { status: 'claimed-elsewhere'; claimExpiresInMs: number }
  | { status: 'failed'; reason: string; permanent: boolean };

const SENT = 'sent';
const DEFAULTS = {
  claimTimeoutMs: 15 * 60_000,
  sentTtlMs: 120 * 24 * 3600_000,
  attempts: 4,
  backoffMs: 2_000,
  pollMs: 1_000,
};

const RELEASE_OWN_CLAIM = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export function sentMailKey(prefix: string, fire: ScheduleFire, recipient: string): string {
  return `${prefix}:mail:${fire.tenant}:${fire.schedule}:${fire.fireDate}:${normalizeAddress(recipient)}`;
}

export async function sendOnce(transport: MailTransport, mail: OutgoingMail, fire: ScheduleFire, options: SendOnceOptions): Promise<SendOutcome> {
  const settings = { ...DEFAULTS, ...options };
  const { redis } = options;
  const key = sentMailKey(options.prefix, fire, mail.to);
  const token = randomUUID();
  if ((await redis.set(key, token, 'PX', settings.claimTimeoutMs, 'NX')) !== 'OK') {
    const [value, ttl] = await Promise.all([redis.get(key), redis.pttl(key)]);
    return value === SENT ? { status: 'already-sent' } : { status: 'claimed-elsewhere', claimExpiresInMs: Math.max(ttl, 0) };
  }
  try {
    await sendWithRetries(transport, mail, fire, settings.attempts, settings.backoffMs);
  } catch (error) {
    await redis.eval(RELEASE_OWN_CLAIM, 1, key, token);
    const failure = error instanceof MailDeliveryError ? error : new MailDeliveryError(String(error), false);
    return { status: 'failed', reason: failure.message, permanent: failure.permanent };
  }
  await redis.set(key, SENT, 'PX', settings.sentTtlMs);
  return { status: 'sent' };
}

async function sendWithRetries(transport: MailTransport, mail: OutgoingMail, fire: ScheduleFire, attempts: number, backoffMs: number): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transport.send(mail, fire);
    } catch (error) {
      if ((error instanceof MailDeliveryError && error.permanent) || attempt >= attempts) throw error;
      await delay(backoffMs * 2 ** (attempt - 1));
    }
  }
}

export interface Delivery {
  sent: string[];
  alreadySent: string[];
  /** refused for good by the mail server: reported, never retried by this send */
  refused: { recipient: string; reason: string }[];
  /** the mail server stayed unreachable or kept deferring: the rest was not attempted */
  unavailable: { recipient: string; reason: string } | null;
  /** still claimed by another send after waiting out a whole claim timeout */
  stillClaimed: string[];
}

/**
 * Sends each message once. A message another send has claimed is looked at again until that
 * send marks it sent or its claim times out (then it is sent here). A mail server that stays
 * unavailable stops the delivery: the caller fails, and a retry sends only what is left.
 */
export async function deliverOnce(mails: readonly OutgoingMail[], transport: MailTransport, fire: ScheduleFire, options: SendOnceOptions): Promise<Delivery> {
  const { claimTimeoutMs, pollMs } = { ...DEFAULTS, ...options };
  const delivery: Delivery = { sent: [], alreadySent: [], refused: [], unavailable: null, stillClaimed: [] };
  let pending = [...mails];
  let waited = 0;
  while (pending.length > 0) {
    const claimed: { mail: OutgoingMail; claimExpiresInMs: number }[] = [];
    for (const mail of pending) {
      const outcome = await sendOnce(transport, mail, fire, options);
      if (outcome.status === 'sent') delivery.sent.push(mail.to);
      else if (outcome.status === 'already-sent') delivery.alreadySent.push(mail.to);
      else if (outcome.status === 'claimed-elsewhere') claimed.push({ mail, claimExpiresInMs: outcome.claimExpiresInMs });
      else if (outcome.permanent) delivery.refused.push({ recipient: mail.to, reason: outcome.reason });
      else {
        delivery.unavailable = { recipient: mail.to, reason: outcome.reason };
        return delivery;
      }
    }
    pending = claimed.map(({ mail }) => mail);
    if (pending.length === 0) break;
    if (waited > claimTimeoutMs) {
      delivery.stillClaimed = pending.map((mail) => mail.to);
      break;
    }
    const pause = Math.max(1, Math.min(pollMs, ...claimed.map(({ claimExpiresInMs }) => claimExpiresInMs)));
    await delay(pause);
    waited += pause;
  }
  return delivery;
}
