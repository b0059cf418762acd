import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { parseBillingConfig } from '../../src/config/load.js';
import { ruleRegistry } from '../../src/rules/registry.js';

const shipped = readFileSync('config/billing.yaml', 'utf8');

function withRules(rules: string) {
  return parseBillingConfig(shipped.replace(/^ {2}invoice\.high-value: .*$/m, rules), 'billing.yaml', ruleRegistry);
}

const amountOf = (yamlValue: string, rule = 'invoice.high-value', option = 'threshold') =>
  String(withRules(`  ${rule}: { ${option}: ${yamlValue} }`).rules.get(rule)?.options[option]);

describe('money options', () => {
  it.each([
    ['5000', '5000'],
    ['"5000"', '5000'],
    ['"5000.00"', '5000'],
    ['5000.5', '5000.5'],
    ['5000.25', '5000.25'],
    ['0', '0'],
  ])('accept %s as an amount', (written, amount) => {
    expect(amountOf(written)).toBe(amount);
  });

  it.each(['5000.123', '"5000.123"', '"5,000"', 'true', '"abc"', '[5000]'])('refuse %s, naming the field and what is expected', (written) => {
    let problems: string[] = [];
    try {
      amountOf(written);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems = error.problems;
    }
    expect(problems).toEqual([expect.stringMatching(/^billing\.yaml: rules\.invoice\.high-value\.threshold is .*: expected an amount with at most two decimals/)]);
  });

  it.each([
    ['time.outside-agreement', 'maxAmount'],
    ['invoice.jump', 'minAmount'],
    ['expense.large', 'threshold'],
  ])('read a number in %s.%s too', (rule, option) => {
    expect(amountOf('750', rule, option)).toBe('750');
    expect(() => amountOf('750.001', rule, option)).toThrow(ConfigError);
  });
});
