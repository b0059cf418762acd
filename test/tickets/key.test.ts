import { describe, expect, it } from 'vitest';
import { companyOfKey, ticketKey, ticketKeyPrefix } from '../../src/tickets/key.js';

describe('ticketKey', () => {
  it('names the tenant, the period and the company, or internal', () => {
    expect(ticketKey('default', '2026-10', 19)).toBe('billing-guard:default:2026-10:19');
    expect(ticketKey('default', '2026-10', 'internal')).toBe('billing-guard:default:2026-10:internal');
    expect(ticketKey('default', '2026-10', 19).startsWith(ticketKeyPrefix('default', '2026-10'))).toBe(true);
  });

  it('refuses a key longer than externalXRef’s 100 characters', () => {
    expect(() => ticketKey('t'.repeat(80), '2026-10', 1234567)).toThrow(/longer than 100 characters/);
  });
});

describe('companyOfKey', () => {
  it('reads the company back from a key of the same tenant and period only', () => {
    expect(companyOfKey('billing-guard:default:2026-10:19', 'default', '2026-10')).toBe(19);
    expect(companyOfKey('billing-guard:default:2026-10:internal', 'default', '2026-10')).toBe('internal');
    expect(companyOfKey('billing-guard:default:2026-10:19', 'default', '2026-09')).toBeNull();
    expect(companyOfKey('billing-guard:default_x:2026-10:19', 'default', '2026-10')).toBeNull();
    expect(companyOfKey('billing-guard:default:2026-10:19x', 'default', '2026-10')).toBeNull();
  });
});
