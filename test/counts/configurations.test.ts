import { describe, expect, it } from 'vitest';
import { configurationConditions } from '../../src/counts/configurations.js';

describe('the conditions of the configurations read', () => {
  it('name the mapped types in one condition, quoting a quote inside a name', () => {
    expect(configurationConditions(['Managed Workstation', 'Managed "Pro" Laptop'])).toEqual(['type/name in ("Managed Workstation","Managed ""Pro"" Laptop")']);
  });

  it('are split when one list would make the request URL too long, each type named once', () => {
    const types = Array.from({ length: 120 }, (_, index) => `Managed Device Type ${index}`);
    const conditions = configurationConditions(types);

    expect(conditions.length).toBeGreaterThan(1);
    for (const condition of conditions) expect(encodeURIComponent(condition).length).toBeLessThanOrEqual(1200);
    const named = conditions.flatMap((condition) => [...condition.matchAll(/"([^"]+)"/g)].map((match) => match[1]));
    expect(named).toEqual(types);
  });

  it('are none when no product counts configuration types', () => {
    expect(configurationConditions([])).toEqual([]);
  });
});
