import { describe, expect, it } from 'vitest';
import { timeEntrySchema } from '../../src/connectwise/records.js';
import { referenceTable } from '../../src/connectwise/references.js';

const rawEntry = {
  member: { id: 7, identifier: 'jdoe' },
  company: { id: 10 },
  timeStart: '2026-10-05T13:00:00Z',
  actualHours: 1,
  hourlyRate: '150.00',
};
const entry = (id: number, company: object, workType: object) => timeEntrySchema.parse({ ...rawEntry, id, company, workType });

describe('referenceTable', () => {
  it('shares one frozen object between references of the same content', () => {
    const references = referenceTable();
    const first = references.share(entry(1, { id: 10, identifier: 'ACME', name: 'Acme' }, { id: 2, name: 'Onsite' }));
    const second = references.share(entry(2, { id: 10, identifier: 'ACME', name: 'Acme' }, { id: 2, name: 'Onsite' }));

    expect(second.company).toBe(first.company);
    expect(second.member).toBe(first.member);
    expect(second.workType).toBe(first.workType);
    expect(Object.isFrozen(first.company)).toBe(true);
    expect(second.company).toEqual({ id: 10, identifier: 'ACME', name: 'Acme' });
  });

  it('keeps references of different content apart, even under one id', () => {
    const references = referenceTable();
    const first = references.share(entry(1, { id: 10, identifier: 'ACME', name: 'Acme' }, { id: 2, name: 'Onsite' }));
    const renamed = references.share(entry(2, { id: 10, identifier: 'ACME', name: 'Acme Ltd' }, { id: 2, name: 'Onsite', identifier: 'OS' }));

    expect(renamed.company).not.toBe(first.company);
    expect(renamed.company.name).toBe('Acme Ltd');
    expect(renamed.workType).not.toBe(first.workType);
    expect(renamed.workType).toEqual({ id: 2, name: 'Onsite', identifier: 'OS' });
  });

  it('leaves amounts and the rest of the record as parsed', () => {
    const parsed = entry(1, { id: 10 }, { id: 2, name: 'Onsite' });
    const rate = parsed.hourlyRate;
    const shared = referenceTable().share(parsed);

    expect(shared).toBe(parsed);
    expect(shared.hourlyRate).toBe(rate);
    expect(shared.hourlyRate?.toString()).toBe('150');
    expect(Object.isFrozen(shared)).toBe(false);
  });

  it('shares nothing between tables', () => {
    const company = { id: 10, identifier: 'ACME', name: 'Acme' };
    const one = referenceTable().share(entry(1, company, { id: 2 }));
    const other = referenceTable().share(entry(2, company, { id: 2 }));

    expect(other.company).not.toBe(one.company);
  });
});

describe('parsed amounts', () => {
  it('are one Decimal per distinct value, whichever record and field carries it', () => {
    const first = entry(1, { id: 10 }, { id: 2, name: 'Onsite' });
    const second = timeEntrySchema.parse({ ...rawEntry, id: 2, hourlyRate: '150.00', overageRate: '150.00', actualHours: 1 });

    expect(second.hourlyRate).toBe(first.hourlyRate);
    expect(second.overageRate).toBe(first.hourlyRate);
    expect(second.actualHours).toBe(first.actualHours);
    expect(second.actualHours).not.toBe(second.hourlyRate);
    expect(second.hourlyRate?.toFixed(2)).toBe('150.00');
  });
});
