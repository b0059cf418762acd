import { z } from 'zod';
import type { Member, MemberRef } from '../connectwise/records.js';
import type { NotReminded, ReportMember } from '../report/schema.js';

/**
 * Who gets a technician reminder: an active member of a technician licence class, not excluded
 * in the configuration, with a usable primaryEmail. Everyone else's items go to finance.
 */

export interface MemberSettings {
  licenseClasses: readonly string[];
  exclude: readonly string[];
}

const address = z.email();

/** The member's primaryEmail when it is an address mail can go to. */
export function reminderAddress(member: Member | undefined): string | null {
  const parsed = address.safeParse(member?.primaryEmail?.trim());
  return parsed.success ? parsed.data : null;
}

/** Null when the member is reminded; a member ConnectWise did not return has no address either. */
export function whyNotReminded(member: Member | undefined, settings: MemberSettings): NotReminded | null {
  if (member?.inactiveFlag) return 'inactive';
  if (member && settings.exclude.includes(member.identifier)) return 'excluded';
  if (member && !settings.licenseClasses.includes(member.licenseClass ?? '')) return 'not-a-technician';
  return reminderAddress(member) === null ? 'no-email' : null;
}

export function fullName(member: Member | undefined): string | null {
  const name = [member?.firstName?.trim(), member?.lastName?.trim()].filter(Boolean).join(' ');
  return name || null;
}

/** The report's members: each member a finding names, once, with whether they are reminded. */
export function reportMembers(
  findings: readonly { member: MemberRef | null }[],
  members: readonly Member[],
  settings: MemberSettings,
): ReportMember[] {
  const records = new Map(members.map((member) => [member.id, member]));
  const named = new Map<number, ReportMember>();
  for (const { member } of findings) {
    if (member === null || named.has(member.id)) continue;
    const record = records.get(member.id);
    named.set(member.id, { id: member.id, identifier: member.identifier, name: fullName(record), notReminded: whyNotReminded(record, settings) });
  }
  return [...named.values()];
}
