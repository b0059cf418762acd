import { describe, expect, it } from 'vitest';
import type { DeployedCount } from '../../../src/snapshot.js';
import { additionCountDrift } from '../../../src/rules/addition/count-drift.js';
import { validateSnapshot } from '../../../src/rules/engine.js';
import { resolveRuleSettings } from '../../../src/rules/settings.js';
import type { RuleDefinition, RuleFinding } from '../../../src/rules/define.js';
import { ACME, GLOBEX, addition, agreement, contextFor, runRule, snapshot } from '../fixtures.js';
import { expectRecordsNamed } from '../time/brief.js';

const CONFIGURATIONS = 'ConnectWise configurations: Managed Workstation, Managed Laptop';

function deployed(count: number, fields: Partial<DeployedCount> = {}): DeployedCount {
  return { company: ACME, product: 'MANAGED-WS', count, source: CONFIGURATIONS, ...fields };
}

/** A Billable Managed Workstation addition at 125.00 a unit on agreement #88. */
function workstations(quantity: number, fields: Record<string, unknown> = {}) {
  return addition({ product: { id: 12, identifier: 'MANAGED-WS' }, quantity, unitPrice: 125, ...fields });
}

const managed = (additions: ReturnType<typeof addition>[], fields: Record<string, unknown> = {}) =>
  agreement({ name: 'Managed Services — Acme Corp', ...fields }, { additions });
const projects = (additions: ReturnType<typeof addition>[], fields: Record<string, unknown> = {}) =>
  agreement({ id: 89, name: 'Projects — Acme Corp', type: { id: 4, name: 'Projects' }, ...fields }, { additions });

function check(agreements: ReturnType<typeof agreement>[], counts: DeployedCount[], options: Record<string, unknown> = {}) {
  const findings = runRule(additionCountDrift, snapshot({ agreements, deployedCounts: counts }), options);
  expectRecordsNamed(findings);
  return findings;
}

function brief(finding: RuleFinding) {
  return {
    severity: finding.severity,
    company: finding.company?.id,
    records: finding.records.map((record) => `${record.type} #${record.id}`),
    amount: finding.amount?.toFixed(2) ?? null,
  };
}

describe('addition.count-drift', () => {
  it.each([
    {
      name: 'more deployed than billed is an error worth the unbilled units',
      agreements: [managed([workstations(40)])],
      counts: [deployed(50)],
      expected: { severity: 'error', records: ['addition #301', 'agreement #88'], amount: '1250.00' },
    },
    {
      name: 'more billed than deployed is a warning worth the overcharge',
      agreements: [managed([workstations(50)])],
      counts: [deployed(47)],
      expected: { severity: 'warning', records: ['addition #301', 'agreement #88'], amount: '375.00' },
    },
    {
      name: 'a difference beyond the tolerance',
      agreements: [managed([workstations(40)])],
      counts: [deployed(43)],
      options: { tolerance: 2 },
      expected: { severity: 'error', records: ['addition #301', 'agreement #88'], amount: '375.00' },
    },
    {
      name: 'two additions on two agreements short of the count, valued at the higher price',
      agreements: [managed([workstations(30)]), projects([workstations(15, { id: 302, unitPrice: 140, agreementId: 89 })])],
      counts: [deployed(50)],
      expected: { severity: 'error', records: ['addition #301', 'addition #302', 'agreement #88', 'agreement #89'], amount: '700.00' },
    },
    {
      name: "a cancelled agreement's addition is not counted",
      agreements: [managed([workstations(40)]), projects([workstations(10, { id: 302, agreementId: 89 })], { cancelledFlag: true })],
      counts: [deployed(50)],
      expected: { severity: 'error', records: ['addition #301', 'agreement #88'], amount: '1250.00' },
    },
    {
      name: "an agreement's addition is not counted when the agreement is not Active",
      agreements: [managed([workstations(40)]), projects([workstations(10, { id: 302, agreementId: 89 })], { agreementStatus: 'Inactive' })],
      counts: [deployed(50)],
      expected: { severity: 'error', records: ['addition #301', 'agreement #88'], amount: '1250.00' },
    },
    {
      name: 'an addition cancelled before the period is not counted',
      agreements: [managed([workstations(40), workstations(10, { id: 302, cancelledDate: '2026-09-30T00:00:00Z' })])],
      counts: [deployed(50)],
      expected: { severity: 'error', records: ['addition #301', 'agreement #88'], amount: '1250.00' },
    },
    {
      name: 'a DoNotBill addition is not counted',
      agreements: [managed([workstations(40), workstations(10, { id: 302, billCustomer: 'DoNotBill' })])],
      counts: [deployed(50)],
      expected: { severity: 'error', records: ['addition #301', 'agreement #88'], amount: '1250.00' },
    },
    {
      name: "another company's addition of the product is not counted",
      agreements: [managed([workstations(40)]), projects([workstations(10, { id: 302, agreementId: 89 })], { company: GLOBEX })],
      counts: [deployed(50)],
      expected: { severity: 'error', records: ['addition #301', 'agreement #88'], amount: '1250.00' },
    },
    {
      name: 'a count with no addition names the company, with no amount',
      agreements: [managed([addition()])],
      counts: [deployed(12)],
      expected: { severity: 'error', records: ['company #19'], amount: null },
    },
  ])('fires: $name', ({ agreements, counts, options, expected }) => {
    expect(check(agreements, counts, options).map(brief)).toEqual([{ company: ACME.id, ...expected }]);
  });

  it.each([
    { name: 'exactly equal counts', agreements: [managed([workstations(50)])], counts: [deployed(50)] },
    { name: 'a difference within the tolerance', agreements: [managed([workstations(48)])], counts: [deployed(50)], options: { tolerance: 2 } },
    {
      name: 'two additions on two agreements summing to the count',
      agreements: [managed([workstations(30)]), projects([workstations(20, { id: 302, agreementId: 89 })])],
      counts: [deployed(50)],
    },
    { name: 'no deployed count for the company and product', agreements: [managed([workstations(40)])], counts: [] },
    { name: 'a count of another product', agreements: [managed([workstations(40), addition({ id: 302 })])], counts: [deployed(10, { product: 'M365-BP' })] },
    { name: 'nothing deployed and nothing billed', agreements: [managed([])], counts: [deployed(0)] },
  ])('stays quiet: $name', ({ agreements, counts, options }) => {
    expect(check(agreements, counts, options)).toEqual([]);
  });

  it('says what is billed where, what is deployed and from which source, and what it is worth', () => {
    const under = check([managed([workstations(40)])], [deployed(50)]);
    expect(under[0]?.message).toBe(
      `Acme Corp is billed 40 of MANAGED-WS on agreement #88 "Managed Services — Acme Corp" (addition #301) but has 50 deployed (${CONFIGURATIONS}): 10 units, 1250.00 a month unbilled.`,
    );
    const over = check([managed([workstations(30)]), projects([workstations(20, { id: 302, agreementId: 89 }), workstations(1, { id: 303, agreementId: 89 })])], [deployed(50, { source: 'counts/rmm.csv' })]);
    expect(over[0]?.message).toBe(
      'Acme Corp is billed 51 of MANAGED-WS on agreement #88 "Managed Services — Acme Corp" (addition #301) and agreement #89 "Projects — Acme Corp" (additions #302 and #303) but has 50 deployed (counts/rmm.csv): 1 unit, 125.00 a month overcharged.',
    );
    const missing = check([], [deployed(12, { product: 'M365-BP', source: 'counts/rmm.csv' })]);
    expect(missing[0]?.message).toBe('Acme Corp (#19) has 12 deployed (counts/rmm.csv) and no Billable addition of M365-BP: add one.');
  });

  it('reports each company and product apart, each told apart by its product', () => {
    const findings = check([], [deployed(12, { product: 'M365-BP' }), deployed(5), deployed(3, { company: GLOBEX })]);
    expect(findings.map((finding) => `${finding.company?.id} ${finding.key}`)).toEqual(['19 M365-BP', '19 MANAGED-WS', '20 MANAGED-WS']);
  });

  describe('severity', () => {
    const shot = snapshot({ agreements: [managed([workstations(40)]), projects([workstations(5, { id: 302, agreementId: 89, product: { id: 13, identifier: 'BACKUP' } })])], deployedCounts: [deployed(50), deployed(2, { product: 'BACKUP' })] });
    const severities = (config: Record<string, unknown>) => {
      const rules = [additionCountDrift] as RuleDefinition[];
      const { settings } = resolveRuleSettings({ 'addition.count-drift': config }, rules);
      return validateSnapshot(shot, rules, settings, contextFor(shot)).map((finding) => `${finding.records[0]?.id} ${finding.severity}`);
    };

    it('is an error under-billed and a warning over-billed by default', () => {
      expect(severities({})).toEqual(['301 error', '302 warning']);
    });

    it.each(['info', 'warning', 'error'])('is %s for every finding when the config says so', (severity) => {
      expect(severities({ severity })).toEqual([`301 ${severity}`, `302 ${severity}`]);
    });
  });
});
