import { describe, expect, it } from 'vitest';
import { fixOf, ruleRegistry } from '../../src/rules/registry.js';

describe('the rule registry', () => {
  it.each(ruleRegistry.map((rule) => [rule.id, rule.fix]))('gives %s one sentence on how to fix what it finds', (id, fix) => {
    expect(fix).toMatch(/^[A-Z][^.\n]*[^.\s]\.$/);
    expect(fixOf(id)).toBe(fix);
  });

  it('knows no fix for a rule it does not list', () => {
    expect(fixOf('time.retired')).toBeUndefined();
  });
});
