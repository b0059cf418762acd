/**
 * The stable key of an exception ticket, carried in its `externalXRef`: one ticket per
 * (tenant, period, company), found again by this key and never by its summary.
 */

/** A client company's ConnectWise id, or `internal` for the ticket of internal exceptions. */
export type TicketCompany = number | 'internal';

const KEY_SCOPE = 'billing-guard';
/** ConnectWise's limit for externalXRef */
const MAX_KEY_LENGTH = 100;

/** Every key of a tenant's period starts with this. */
export function ticketKeyPrefix(tenant: string, period: string): string {
  return `${KEY_SCOPE}:${tenant}:${period}:`;
}

export function ticketKey(tenant: string, period: string, company: TicketCompany): string {
  const key = `${ticketKeyPrefix(tenant, period)}${company}`;
  if (key.length > MAX_KEY_LENGTH) {
    throw new RangeError(`The ticket key ${key} is longer than ${MAX_KEY_LENGTH} characters: use a shorter tenant name`);
  }
  return key;
}

/** The company of a key of this tenant's period, or null when the text is not such a key. */
export function companyOfKey(text: string, tenant: string, period: string): TicketCompany | null {
  const prefix = ticketKeyPrefix(tenant, period);
  if (!text.startsWith(prefix)) return null;
  const rest = text.slice(prefix.length);
  if (rest === 'internal') return 'internal';
  return /^[1-9]\d{0,9}$/.test(rest) ? Number(rest) : null;
}
