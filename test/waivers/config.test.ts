import { describe, expect, it } from 'vitest';
import type { ReportException } from '../../src/report/schema.js';
import { configWaiverFor, configWaiverSchema, type ConfigWaiver } from '../../src/waivers/config.js';

const exception = (overrides: Partial<ReportException> = {}): ReportException => ({
  id: '0123456789abcdef',
  rule: 'agreement.ambiguous',
  severity: 'warning',
  scope: 'company',
  company: { id: 19, identifier: 'ACME', name: 'Acme Corp' },
  member: null,
  records: [
    { type: 'agreement', id: 88 },
    { type: 'agreement', id: 89 },
  ],
  date: null,
  hours: null,
  amount: null,
  message: 'Acme Corp has two Active agreements of type Managed Services: #88 and #89.',
  waiver: null,
  ...overrides,
});

const waiver = (overrides: Partial<ConfigWaiver> = {}): ConfigWaiver =>
  configWaiverSchema.parse({ rule: 'agreement.ambiguous', company: 'ACME', until: '2026-12-31', reason: 'two sites', ...overrides });

describe('configWaiverFor', () => {
  it.each([
    ['rule and company', waiver()],
    ['the company identifier in another case', waiver({ company: 'acme' })],
    ['records that are all among the finding’s', waiver({ records: ['agreement:88'] })],
    ['an until on the period’s first day', waiver({ until: '2026-10-01' })],
  ])('matches on %s', (_name, candidate) => {
    expect(configWaiverFor(exception(), [candidate], '2026-10-01')).toBe(candidate);
  });

  it.each([
    ['another rule', waiver({ rule: 'time.overlap' })],
    ['another company', waiver({ company: 'GLOBEX' })],
    ['a record the finding does not name', waiver({ records: ['agreement:88', 'agreement:90'] })],
    ['an until before the period’s first day (expired)', waiver({ until: '2026-09-30' })],
    ['internal, for a company exception', waiver({ company: 'internal' })],
  ])('does not match %s', (_name, candidate) => {
    expect(configWaiverFor(exception(), [candidate], '2026-10-01')).toBeUndefined();
  });

  it('matches an internal exception with company internal', () => {
    const internal = exception({ rule: 'time.missing', scope: 'internal', company: null });
    const candidate = waiver({ rule: 'time.missing', company: 'internal' });
    expect(configWaiverFor(internal, [candidate], '2026-10-01')).toBe(candidate);
  });
});

describe('configWaiverSchema', () => {
  it.each([
    ['a bad record reference', { records: ['entry:5531'] }, 'records'],
    ['a record id that is not a number', { records: ['timeEntry:x'] }, 'records'],
    ['a missing reason', { reason: undefined }, 'reason'],
    ['an empty reason', { reason: '  ' }, 'reason'],
    ['a date that is not ISO', { until: '12/31/2026' }, 'until'],
    ['an unknown key', { expires: '2026-12-31' }, ''],
  ])('refuses %s', (_name, overrides, field) => {
    const result = configWaiverSchema.safeParse({ rule: 'agreement.ambiguous', company: 'ACME', until: '2026-12-31', reason: 'two sites', ...overrides });
    expect(result.success).toBe(false);
    if (field) expect(result.error!.issues.some((issue) => issue.path[0] === field)).toBe(true);
  });
});
