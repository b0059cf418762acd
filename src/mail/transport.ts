import nodemailer from 'nodemailer';
import type { NodemailerError, SendMailOptions, SMTPTransportOptions } from 'nodemailer';
import { scrubSecrets, secretsOf, type Env } from '../config/env.js';
import { messageIdFor, type OutgoingMail, type ScheduleFire } from './message.js';
import { outboxFileName, writeOutboxFile } from './outbox.js';

export interface MailTransport {
  /** where mail goes, for logs: the SMTP host or the outbox folder (never a credential) */
  readonly destination: string;
  /** Throws MailDeliveryError, whose message is safe to log and store. */
  send(mail: OutgoingMail, fire: ScheduleFire): Promise<void>;
  close(): void;
}

/** `permanent`: the server refused this message for good (5xx); retrying will not help. */
export class MailDeliveryError extends Error {
  override readonly name = 'MailDeliveryError';
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

const SMTP_TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 };

/** Where mail goes, for logs: the SMTP host and port (never its credentials), or the outbox folder. */
export function mailDestination(env: Pick<Env, 'SMTP_URL' | 'MAIL_OUTBOX_DIR'>): string {
  if (env.SMTP_URL === undefined) return `outbox ${env.MAIL_OUTBOX_DIR}`;
  const { host, port } = smtpOptions(env.SMTP_URL);
  return `smtp ${host}:${port}`;
}

/** SMTP when SMTP_URL is set, else `.eml` files in MAIL_OUTBOX_DIR. */
export function createMailTransport(env: Env): MailTransport {
  const destination = mailDestination(env);
  return env.SMTP_URL
    ? smtpTransport(env.SMTP_URL, env.MAIL_FROM, secretsOf(env), destination)
    : outboxTransport(env.MAIL_OUTBOX_DIR, env.MAIL_FROM, destination);
}

function sendMailOptions(mail: OutgoingMail, fire: ScheduleFire, from: string): SendMailOptions {
  return {
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
    attachments: (mail.attachments ?? []).map(({ filename, contentType, content }) => ({ filename, contentType, content })),
    messageId: messageIdFor(fire, mail.to, from),
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Billing-Guard': `${fire.tenant} ${fire.schedule} ${fire.fireDate}` },
  };
}

/**
 * The connection is built from the URL's parts only (host, port, smtps, user and password):
 * no query option in SMTP_URL can switch certificate verification off. One connection per
 * message (no pool), bounded by timeouts, STARTTLS whenever the server offers it.
 */
export function smtpOptions(smtpUrl: string): SMTPTransportOptions {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    pool: false,
    ...SMTP_TIMEOUTS,
    tls: { rejectUnauthorized: true },
  };
}

function smtpTransport(smtpUrl: string, from: string, secrets: readonly string[], destination: string): MailTransport {
  const transporter = nodemailer.createTransport(smtpOptions(smtpUrl));
  return {
    destination,
    async send(mail, fire) {
      try {
        await transporter.sendMail(sendMailOptions(mail, fire, from));
      } catch (error) {
        throw smtpFailure(error as NodemailerError, secrets);
      }
    },
    close: () => transporter.close(),
  };
}

const isPermanentReply = (code: number) => code >= 500 && code < 600 && code !== 503;

/**
 * A refusal of this recipient or message (5xx other than 503) is permanent; a refused login is
 * not, because it concerns every recipient: the job fails and says so. Connection failures,
 * timeouts and 4xx replies are transient.
 */
function smtpFailure(error: NodemailerError, secrets: readonly string[]): MailDeliveryError {
  const code = error.responseCode;
  const permanent = error.code !== 'EAUTH' && (code !== undefined ? isPermanentReply(code) : error.code === 'EENVELOPE');
  const reason = code !== undefined ? (error.response ?? error.message) : `${error.message}${error.code ? ` (${error.code})` : ''}`;
  return new MailDeliveryError(scrubSecrets(reason, secrets).slice(0, 500), permanent);
}

function outboxTransport(folder: string, from: string, destination: string): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    destination,
    async send(mail, fire) {
      try {
        const { message } = await composer.sendMail(sendMailOptions(mail, fire, from));
        if (!Buffer.isBuffer(message)) throw new Error('the message was not composed into a buffer');
        await writeOutboxFile(folder, outboxFileName(fire, mail.to), message);
      } catch (error) {
        const { code, message } = error as NodeJS.ErrnoException;
        throw new MailDeliveryError(`cannot write to the outbox ${folder}: ${message}${code ? ` (${code})` : ''}`, false);
      }
    },
    close: () => composer.close(),
  };
}
