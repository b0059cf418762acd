import type { Decimal } from 'decimal.js';
import { toCents, toDecimal } from '../../money.js';

/**
 * Exact integer arithmetic for the sums taken over every time entry. Hours and money that are
 * whole hundredths (1.25 h, 150.00) are added as integers, which gives exactly the Decimal that
 * adding them one by one gives, without a Decimal per entry; anything finer stays in Decimal.
 */

/** By Decimal: parsed amounts are one Decimal per distinct value, so each is converted once. */
const hundredthsByValue = new WeakMap<Decimal, number | null>();

/** Hours with their value in whole hundredths when they have one: what the sums below add. */
export interface CountedHours {
  hours: Decimal;
  /** the hours in whole hundredths (1.25 h → 125), null when finer: for exact integer sums */
  hundredths: number | null;
}

/** The value in whole hundredths (1.25 → 125), or null when it is finer than a hundredth. */
export function hundredthsOf(value: Decimal): number | null {
  let hundredths = hundredthsByValue.get(value);
  if (hundredths === undefined) {
    const scaled = value.times(100);
    hundredths = scaled.isInteger() && scaled.abs().lessThanOrEqualTo(Number.MAX_SAFE_INTEGER) ? scaled.toNumber() : null;
    hundredthsByValue.set(value, hundredths);
  }
  return hundredths;
}

const decimalsByHundredths = new Map<number, Decimal>();
const REMEMBERED_VALUES = 100_000;

/** Whole hundredths as a Decimal (12345 → 123.45), parsed rather than divided; entry amounts repeat, so each is parsed once. */
export function fromHundredths(hundredths: number): Decimal {
  let decimal = decimalsByHundredths.get(hundredths);
  if (decimal === undefined) {
    const digits = String(Math.abs(hundredths)).padStart(3, '0');
    decimal = toDecimal(`${hundredths < 0 ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`);
    if (decimalsByHundredths.size < REMEMBERED_VALUES) decimalsByHundredths.set(hundredths, decimal);
  }
  return decimal;
}

/** A value rounded half-up to two decimals, in whole hundredths (cents, for money). */
export function roundedHundredths(value: Decimal): number {
  return toCents(value).times(100).toNumber();
}

/**
 * The product of two values in whole hundredths, rounded half-up (away from zero, as
 * decimal.js rounds) to whole hundredths; null when it is too large for exact integers.
 */
export function productHundredths(left: number, right: number): number | null {
  const product = left * right;
  const shifted = Math.abs(product) + 50;
  if (!Number.isSafeInteger(shifted)) return null;
  const rounded = (shifted - (shifted % 100)) / 100;
  return product < 0 ? -rounded : rounded;
}

/** `hours × rate` rounded half-up to the cent, in whole cents: one invoice line. */
export function lineCents(counted: CountedHours, rate: Decimal): number {
  const rateHundredths = hundredthsOf(rate);
  const cents = counted.hundredths !== null && rateHundredths !== null ? productHundredths(counted.hundredths, rateHundredths) : null;
  return cents ?? roundedHundredths(counted.hours.times(rate));
}

/** Adds entry hours in order; the total is the Decimal that adding each entry's hours gives. */
export class HoursTotal {
  private hundredths = 0;
  /** set from the first entry that is not whole hundredths on */
  private decimal: Decimal | null = null;

  add(counted: CountedHours): void {
    if (this.decimal === null && counted.hundredths !== null) this.hundredths += counted.hundredths;
    else this.decimal = (this.decimal ?? fromHundredths(this.hundredths)).plus(counted.hours);
  }

  get hours(): Decimal {
    return this.decimal ?? fromHundredths(this.hundredths);
  }

  /** Negative, zero or positive as the total is below, at or above the value. */
  compareTo(value: Decimal): number {
    const valueHundredths = this.decimal === null ? hundredthsOf(value) : null;
    return valueHundredths !== null ? Math.sign(this.hundredths - valueHundredths) : this.hours.comparedTo(value);
  }
}
