import { createHash } from 'node:crypto';

/** A file sent with a message, such as the run's HTML preview. */
export interface MailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

/** What a template renders: a subject and the same content as plain text and as HTML. */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
  attachments?: MailAttachment[];
}

export interface OutgoingMail extends MailContent {
  to: string;
  /** the person a reply reaches instead of MAIL_FROM */
  replyTo?: string | null;
}

/** The schedule fire a message belongs to: each recipient gets at most one message per fire. */
export interface ScheduleFire {
  tenant: string;
  schedule: string;
  /** the fire's calendar date in the tenant timezone, YYYY-MM-DD */
  fireDate: string;
}

/** Addresses compare case-insensitively, so one mailbox never counts as two recipients. */
export function normalizeAddress(address: string): string {
  return address.trim().toLowerCase();
}

/**
 * The same fire and recipient always get the same Message-ID: should a crash ever make a
 * message go out twice, mail servers and clients that de-duplicate by Message-ID show it once.
 */
export function messageIdFor(fire: ScheduleFire, to: string, from: string): string {
  const recipient = createHash('sha256').update(normalizeAddress(to)).digest('hex').slice(0, 16);
  const domain = /@([^@>\s]+)>?\s*$/.exec(from)?.[1] ?? 'billing-guard.invalid';
  const local = [fire.tenant, fire.schedule, fire.fireDate, recipient].join('.').replace(/[^A-Za-z0-9._-]/g, '_');
  return `<${local}@${domain}>`;
}
