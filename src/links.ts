import type { RecordRef } from './connectwise/records.js';
import { html, type SafeHtml } from './html.js';
import type { ReportDisplay } from './report/schema.js';

/** Where people open ConnectWise, and how amounts and members are shown to them (product.md, "What people read"). */

const RECORD_SCREENS = {
  company: 'CompanyFV',
  agreement: 'AgreementFV',
  ticket: 'ServiceFV',
  timeEntry: 'TimeEntryFV',
  expense: 'ExpenseFV',
  configuration: 'ConfigFV',
} as const;

/** What the caller knows about a record that has no screen of its own: an addition opens its agreement, an invoice its company. */
export interface RecordContext {
  agreement?: number;
  company?: number;
}

/** The ConnectWise screen of a record; null without a webUrl, for a member, or for an addition or invoice whose parent is unknown. */
export function recordUrl(display: ReportDisplay, record: RecordRef, context: RecordContext = {}): string | null {
  const target = screenOf(record, context);
  if (display.webUrl === null || target === null) return null;
  const query = new URLSearchParams({
    locale: 'en_US',
    companyName: display.companyId,
    recordType: RECORD_SCREENS[target.type],
    recid: String(target.id),
  });
  return `${display.webUrl.replace(/\/+$/, '')}/${display.codebase}/services/system_io/router/openrecord.rails?${query.toString()}`;
}

function screenOf(record: RecordRef, context: RecordContext): { type: keyof typeof RECORD_SCREENS; id: number } | null {
  switch (record.type) {
    case 'addition':
      return context.agreement === undefined ? null : { type: 'agreement', id: context.agreement };
    case 'invoice':
      return context.company === undefined ? null : { type: 'company', id: context.company };
    case 'member':
      return null;
    default:
      return { type: record.type, id: record.id };
  }
}

/** `connectwise.webUrl`, or the API host without its leading `api-`: api-na.myconnectwise.net opens at https://na.myconnectwise.net. */
export function webUrlOf(configured: string | null, site: string): string {
  return configured ?? `https://${site.replace(/^api-/i, '')}`;
}

/** An amount of the report ("7079.55") in the tenant's currency: "$7,079.55". */
export function formatMoney(display: Pick<ReportDisplay, 'currency'>, amount: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: display.currency }).format(Number(amount));
}

/** "Olivia Parker (oparker)"; the identifier alone when ConnectWise has no name. */
export function memberName(member: { identifier: string; name: string | null }): string {
  return member.name === null ? member.identifier : `${member.name} (${member.identifier})`;
}

/** The label as a link to the record in ConnectWise when it has one, as text otherwise. */
export function recordLink(display: ReportDisplay, record: RecordRef, label: string, context?: RecordContext): SafeHtml {
  const url = recordUrl(display, record, context);
  return url === null ? html`${label}` : html`<a href="${url}">${label}</a>`;
}
