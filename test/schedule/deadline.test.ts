import { describe, expect, it } from 'vitest';
import type { Schedule } from '../../src/config/billing.js';
import { fireTimeOn, nextValidationAfter } from '../../src/schedule/deadline.js';

const NEW_YORK = 'America/New_York';
const schedule = (name: string, cron: string, job: Schedule['job']): Schedule => ({ name, cron, job, catchUpHours: 72 });

describe('fireTimeOn', () => {
  it('is the schedule’s fire on that date in the tenant timezone', () => {
    expect(fireTimeOn('0 9 12 * *', NEW_YORK, '2026-11-12')).toEqual(new Date('2026-11-12T14:00:00Z'));
    expect(fireTimeOn('0 9 12 * *', NEW_YORK, '2026-07-12')).toEqual(new Date('2026-07-12T13:00:00Z'));
  });

  it('is the start of the day when the schedule does not fire on that date', () => {
    expect(fireTimeOn('0 9 12 * *', NEW_YORK, '2026-11-20')).toEqual(new Date('2026-11-20T05:00:00Z'));
  });
});

describe('nextValidationAfter', () => {
  const remind = schedule('time-cutoff-reminder', '0 9 12 * *', 'remind');

  it('is the next fire of the validate schedule after the reminder fired', () => {
    const schedules = [remind, schedule('pre-invoice-validation', '0 6 15 * *', 'validate')];

    expect(nextValidationAfter(schedules, NEW_YORK, new Date('2026-11-12T14:00:00Z'))).toEqual(new Date('2026-11-15T11:00:00Z'));
    expect(nextValidationAfter(schedules, NEW_YORK, new Date('2026-11-15T11:00:00Z'))).toEqual(new Date('2026-12-15T11:00:00Z'));
  });

  it('takes the earliest of several validate schedules and is null without one', () => {
    const schedules = [schedule('late', '0 6 20 * *', 'validate'), schedule('early', '30 7 14 * *', 'validate')];

    expect(nextValidationAfter(schedules, NEW_YORK, new Date('2026-11-12T14:00:00Z'))).toEqual(new Date('2026-11-14T12:30:00Z'));
    expect(nextValidationAfter([remind], NEW_YORK, new Date('2026-11-12T14:00:00Z'))).toBeNull();
  });
});
