import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { ZERO, toCents, toDecimal } from '../../../src/money.js';
import { entryHours } from '../../../src/rules/shared/facts.js';
import type { DatedEntry } from '../../../src/rules/shared/facts.js';
import { HoursTotal, fromHundredths, hundredthsOf, lineCents, productHundredths } from '../../../src/rules/shared/hundredths.js';
import { timeEntry } from '../fixtures.js';

/** An entry of the given length from 14:00 on 5 October, dated as the facts date it. */
function dated(minutes: number): DatedEntry {
  const end = new Date(Date.parse('2026-10-05T14:00:00Z') + minutes * 60_000).toISOString();
  const entry = timeEntry({ timeEnd: end });
  const hours = entryHours(entry);
  return { entry, date: '2026-10-05', hours, hundredths: hundredthsOf(hours) };
}

// 15 and 45 minutes are whole hundredths of an hour; 20 and 50 minutes are not
const LENGTHS = [15, 20, 45, 50, 90, 1];
const RATES = ['150', '175.5', '99.99', '0.125', '0'];

describe('hundredthsOf', () => {
  it.each([
    ['1.25', 125],
    ['150', 15000],
    ['175.5', 17550],
    ['0', 0],
    ['0.333', null],
    ['1.005', null],
  ])('%s is %s hundredths', (value, expected) => {
    expect(hundredthsOf(toDecimal(value))).toBe(expected);
  });
});

describe('lineCents', () => {
  it('gives the cents of hours × rate rounded half-up, whole hundredths or not', () => {
    for (const minutes of LENGTHS) {
      for (const rate of RATES) {
        const entry = dated(minutes);
        const expected = toCents(entry.hours.times(rate)).times(100).toNumber();
        expect([minutes, rate, lineCents(entry, toDecimal(rate))]).toEqual([minutes, rate, expected]);
      }
    }
  });

  it('rounds a half cent up', () => {
    // 0.25 h at 0.18 an hour is 0.045
    expect(lineCents(dated(15), toDecimal('0.18'))).toBe(5);
  });
});

describe('productHundredths', () => {
  it.each([
    [25, 18, 5],
    [25, 14, 4],
    [-25, 18, -5],
    [1000, 2200, 22000],
  ])('%s × %s hundredths is %s hundredths, half away from zero as decimal.js rounds', (left, right, expected) => {
    const decimal = toDecimal(left).div(100).times(toDecimal(right).div(100));
    expect(productHundredths(left, right)).toBe(expected);
    expect(toCents(decimal).times(100).toNumber()).toBe(expected);
  });
});

describe('fromHundredths', () => {
  it.each([
    [12345, '123.45'],
    [5, '0.05'],
    [-7, '-0.07'],
    [0, '0.00'],
  ])('%s hundredths read %s', (hundredths, expected) => {
    expect(fromHundredths(hundredths).toFixed(2)).toBe(expected);
  });
});

describe('HoursTotal', () => {
  it('comes to the Decimal sum of the hours, in entry order, also once an entry is finer than a hundredth', () => {
    const entries = LENGTHS.map(dated);
    const total = new HoursTotal();
    let expected: Decimal = ZERO;
    for (const entry of entries) {
      total.add(entry);
      expected = expected.plus(entry.hours);
      expect(total.hours.equals(expected)).toBe(true);
    }
  });

  it('compares with a value as its Decimal total would', () => {
    const total = new HoursTotal();
    total.add(dated(90));
    expect(['1.51', '1.5', '1.49'].map((value) => total.compareTo(toDecimal(value)))).toEqual([-1, 0, 1]);
    total.add(dated(20));
    expect(['1.84', '1.83'].map((value) => total.compareTo(toDecimal(value)))).toEqual([-1, 1]);
  });
});
