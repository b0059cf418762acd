import { createHash } from 'node:crypto';
import type { Decimal } from 'decimal.js';
import type { CompanyRef } from '../connectwise/records.js';
import { Money, formatAmount } from '../money.js';
import type { Finding } from '../rules/define.js';
import type { SnapshotCounts } from '../snapshot.js';
import type { Report, ReportDisplay, ReportException, ReportMember, ReportTicket } from './schema.js';
import { tallyOf, totalsOf } from './tally.js';
import { applyWaivers, type WaiverSources } from '../waivers/apply.js';

export interface CompanyTotals {
  company: CompanyRef;
  projectedTotal: Decimal;
  previousTotal: Decimal | null;
}

export interface RunFacts {
  tenant: string;
  period: string;
  mode: Report['mode'];
  startedAt: Date;
  finishedAt: Date;
  counts: SnapshotCounts & { apiRequests: number };
  companies: readonly CompanyTotals[];
  /** the members the findings name, with whether they get technician reminders */
  members: readonly ReportMember[];
  findings: readonly Finding[];
  /** what finance wrote on the period's tickets and the admin configured; none: nothing is waived */
  waivers?: WaiverSources;
  tickets: readonly ReportTicket[];
  display: ReportDisplay;
}

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

/**
 * The same finding gets the same id on the next run: it hashes what identifies the finding
 * (rule, company, member, day, records, and the key of a finding that needs one), never its
 * message or amounts, which may change.
 */
export function exceptionId(finding: Finding): string {
  const records = finding.records
    .map((record) => `${record.type}#${record.id}`)
    .sort()
    .join(',');
  const parts = [finding.rule, finding.company?.id ?? 'internal', finding.member?.id ?? '', finding.date ?? '', records];
  // appended only when set, so that the ids of findings without a key stay what they were
  if (finding.key !== undefined) parts.push(finding.key);
  const key = parts.join('|');
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

export function toReportException(finding: Finding): ReportException {
  return {
    id: exceptionId(finding),
    rule: finding.rule,
    severity: finding.severity,
    scope: finding.scope,
    company: finding.company && { id: finding.company.id, identifier: finding.company.identifier, name: finding.company.name },
    member: finding.member && { id: finding.member.id, identifier: finding.member.identifier },
    records: finding.records.map((record) => ({ type: record.type, id: record.id })),
    date: finding.date,
    hours: finding.hours && formatAmount(finding.hours),
    amount: finding.amount && formatAmount(finding.amount),
    message: finding.message,
    waiver: null,
  };
}

/** Severity first, then the largest amount, then rule and id: what finance should read first. */
export function compareExceptions(a: ReportException, b: ReportException): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    new Money(b.amount ?? 0).comparedTo(a.amount ?? 0) ||
    a.rule.localeCompare(b.rule) ||
    a.id.localeCompare(b.id)
  );
}

export function buildReport(facts: RunFacts): Report {
  const byId = new Map<string, ReportException>();
  for (const finding of facts.findings) {
    const exception = toReportException(finding);
    if (!byId.has(exception.id)) byId.set(exception.id, exception);
  }
  const found = [...byId.values()].sort(compareExceptions);
  const exceptions = facts.waivers ? applyWaivers(found, facts.waivers) : found;
  return {
    version: 1,
    tenant: facts.tenant,
    period: facts.period,
    mode: facts.mode,
    startedAt: facts.startedAt.toISOString(),
    finishedAt: facts.finishedAt.toISOString(),
    counts: { ...facts.counts },
    companies: [...facts.companies]
      .sort((a, b) => a.company.name.localeCompare(b.company.name) || a.company.id - b.company.id)
      .map(({ company, projectedTotal, previousTotal }) => ({
        id: company.id,
        identifier: company.identifier,
        name: company.name,
        projectedTotal: formatAmount(projectedTotal),
        previousTotal: previousTotal && formatAmount(previousTotal),
      })),
    members: [...facts.members].sort((a, b) => a.identifier.localeCompare(b.identifier) || a.id - b.id),
    exceptions,
    totals: totalsOf(tallyOf({ exceptions, tickets: facts.tickets })),
    tickets: [...facts.tickets],
    display: { ...facts.display },
  };
}
