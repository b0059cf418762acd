import { periodFromId } from './calendar.js';
import type { ConnectWiseClient } from './connectwise/client.js';
import { connectWiseFor } from './connectwise/connect.js';
import { pullSnapshot, type PullScope } from './connectwise/pull.js';
import type { Logger } from './log.js';
import { loggedProgress } from './progress.js';
import { reportMembers } from './mail/audience.js';
import { isTechnicianRule } from './mail/plan.js';
import { buildReport, type CompanyTotals } from './report/build.js';
import type { Report, ReportDisplay } from './report/schema.js';
import type { Configuration } from './config/load.js';
import { webUrlOf } from './links.js';
import { pullNeedsOf, ruleContextFor, validateSnapshot } from './rules/engine.js';
import type { Services } from './services.js';
import type { Snapshot } from './snapshot.js';
import { findPeriodTickets, readTicketNotes } from './tickets/connectwise.js';
import type { TicketCompany } from './tickets/key.js';
import type { TicketNote } from './waivers/ticket.js';
import type { RuleContext } from './rules/define.js';
import { ZERO } from './money.js';

export interface ValidationRequest {
  period: string;
  mode: Report['mode'];
  /** `technicians`: only the rules a technician reminder lists, over only what they read; `validation` unless told otherwise */
  scope?: PullScope;
}

/** Pull → validate → report, for one period. Writes nothing anywhere. */
export interface ValidationOutcome {
  report: Report;
  snapshot: Snapshot;
}

export async function runValidation(request: ValidationRequest, services: Services, logger: Logger): Promise<ValidationOutcome> {
  const { billing } = services.config;
  const startedAt = services.now();
  const period = periodFromId(request.period, billing.timezone);
  const client = connectWiseFor(services);

  const scope = request.scope ?? 'validation';
  const rules = scope === 'technicians' ? services.rules.filter((rule) => isTechnicianRule(rule.id)) : services.rules;

  logger.info({ period: period.id, mode: request.mode }, 'pulling from ConnectWise');
  const { lookbackDays, exclusions } = pullNeedsOf(rules, billing.rules);
  const snapshot = await pullSnapshot(client, period, {
    scope,
    lookbackDays,
    exclusions,
    counts: billing.counts,
    onProgress: services.pullProgress ?? loggedProgress(logger, () => services.now().getTime()),
  });
  logger.info(
    { ...snapshot.counts, invalid: snapshot.invalid.length, unusableCountRows: snapshot.unusableCountRows.length, apiRequests: client.requestCount },
    'pulled',
  );

  const context = ruleContextFor(snapshot, {
    timezone: billing.timezone,
    holidays: billing.calendar.holidays,
    licenseClasses: billing.members.licenseClasses,
    excludedMembers: billing.members.exclude,
  });
  const findings = validateSnapshot(snapshot, rules, billing.rules, context);
  // a technician pull reads no agreements, additions or invoices to project totals from
  const companies = scope === 'technicians' ? [] : companyTotals(context);
  const notesByCompany = await readPeriodNotes(client, billing.tenant, period.id);

  const report = buildReport({
    tenant: billing.tenant,
    period: period.id,
    mode: request.mode,
    startedAt,
    finishedAt: services.now(),
    counts: { ...snapshot.counts, apiRequests: client.requestCount },
    companies,
    members: reportMembers(findings, snapshot.members, billing.members),
    findings,
    waivers: { notesByCompany, configured: billing.waivers, periodFirstDay: period.firstDay },
    tickets: [],
    display: displayOf(services.config),
  });
  return { report, snapshot };
}

/** What the run's preview and mail need from the configuration, stored with the report. */
export function displayOf({ env, billing }: Configuration): ReportDisplay {
  return {
    timezone: billing.timezone,
    currency: billing.currency,
    webUrl: webUrlOf(billing.connectwise.webUrl, env.CW_SITE),
    codebase: env.CW_CODEBASE,
    companyId: env.CW_COMPANY_ID,
  };
}

/** The notes of every exception ticket of the period, open or closed, by the company of its key: the waivers finance wrote. */
async function readPeriodNotes(client: ConnectWiseClient, tenant: string, period: string): Promise<Map<TicketCompany, TicketNote[]>> {
  const notesByCompany = new Map<TicketCompany, TicketNote[]>();
  const tickets = await findPeriodTickets(client, tenant, period);
  // the client bounds how many requests are in flight
  const notes = await Promise.all(tickets.map((ticket) => readTicketNotes(client, ticket.id)));
  tickets.forEach((ticket, index) => notesByCompany.set(ticket.company, [...(notesByCompany.get(ticket.company) ?? []), ...notes[index]!]));
  return notesByCompany;
}

/** Every company with something projected or invoiced last period. */
export function companyTotals(context: RuleContext): CompanyTotals[] {
  const { projectedTotals: projected, previousTotals: previous } = context;
  const ids = new Set([...projected.keys(), ...previous.keys()]);
  return [...ids].map((id) => {
    const company = (projected.get(id) ?? previous.get(id))!.company;
    return { company, projectedTotal: projected.get(id)?.total ?? ZERO, previousTotal: previous.get(id)?.total ?? null };
  });
}
