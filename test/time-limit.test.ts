import { describe, expect, it } from 'vitest';
import { settlesWithin, withinMs } from '../src/time-limit.js';

const never = new Promise<never>(() => undefined);

describe('settlesWithin', () => {
  it('says whether the promise settled, either way, in time', async () => {
    expect(await settlesWithin(Promise.resolve(1), 1000)).toBe(true);
    expect(await settlesWithin(Promise.reject(new Error('refused')), 1000)).toBe(true);
    expect(await settlesWithin(never, 20)).toBe(false);
  });
});

describe('withinMs', () => {
  it('settles as the promise does, or fails naming what did not answer', async () => {
    expect(await withinMs(Promise.resolve('PONG'), 1000, 'Redis')).toBe('PONG');
    await expect(withinMs(Promise.reject(new Error('refused')), 1000, 'Redis')).rejects.toThrow('refused');
    await expect(withinMs(never, 20, 'Redis')).rejects.toThrow('Redis did not answer within 20 ms');
  });
});
