import { describe, expect, it } from 'vitest';
import { agreementOverage } from '../../src/rules/agreement/overage.js';
import type { RuleDefinition } from '../../src/rules/define.js';
import { resolveRuleSettings } from '../../src/rules/settings.js';

const RULES = [agreementOverage] as RuleDefinition[];

describe('resolveRuleSettings', () => {
  it.each([
    { name: 'the rule default, not configured', config: {}, expected: { severity: 'warning', severityConfigured: false } },
    {
      name: 'the configured severity, even when it is the default',
      config: { 'agreement.overage': { severity: 'warning' } },
      expected: { severity: 'warning', severityConfigured: true },
    },
    {
      name: 'the configured severity',
      config: { 'agreement.overage': { severity: 'info' } },
      expected: { severity: 'info', severityConfigured: true },
    },
  ])('gives $name', ({ config, expected }) => {
    const { settings, issues } = resolveRuleSettings(config, RULES);
    expect(issues).toEqual([]);
    expect(settings.get('agreement.overage')).toEqual({ enabled: true, ...expected, options: { warnAtPercent: 90 } });
  });
});
