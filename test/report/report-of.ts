import { resolveRuleSettings } from '../../src/rules/settings.js';
import { reportMembers } from '../../src/mail/audience.js';
import { buildReport } from '../../src/report/build.js';
import { DEFAULT_DISPLAY, type Report } from '../../src/report/schema.js';
import { validateSnapshot } from '../../src/rules/engine.js';
import { ruleRegistry } from '../../src/rules/registry.js';
import type { Snapshot } from '../../src/snapshot.js';
import { companyTotals } from '../../src/validation-run.js';
import { contextFor } from '../rules/fixtures.js';

/** The dry-run report of a snapshot, as a run builds it: every rule with its default options. */
export function reportOf(shot: Snapshot): Report {
  const context = contextFor(shot);
  const { settings } = resolveRuleSettings({}, ruleRegistry);
  const findings = validateSnapshot(shot, ruleRegistry, settings, context);
  return buildReport({
    tenant: 'default',
    period: shot.period.id,
    mode: 'dry-run',
    startedAt: new Date('2026-11-15T11:00:00Z'),
    finishedAt: new Date('2026-11-15T11:00:41Z'),
    counts: { ...shot.counts, apiRequests: 0 },
    companies: companyTotals(context),
    members: reportMembers(findings, shot.members, { licenseClasses: context.licenseClasses, exclude: context.excludedMembers }),
    findings,
    tickets: [],
    display: DEFAULT_DISPLAY,
  });
}
