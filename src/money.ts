import { Decimal } from 'decimal.js';

/** One Decimal constructor for the whole product: half-up rounding, never a float in money. */
export const Money = Decimal.clone({ precision: 20, rounding: Decimal.ROUND_HALF_UP });
export type Money = Decimal;

export const ZERO = new Money(0);

/** Builds a Decimal from a ConnectWise number or a config string without going through float arithmetic. */
export function toDecimal(value: number | string | Decimal): Decimal {
  return value instanceof Decimal ? value : new Money(typeof value === 'number' ? String(value) : value);
}

const sharedValues = new Map<number | string, Decimal>();
const SHARED_VALUES = 100_000;

/**
 * The Decimal of a value as ConnectWise sends it, one object per distinct value: a million time
 * entries carry a few hundred distinct hours and rates, and no Decimal is ever changed in place,
 * so records share them instead of holding one each.
 */
export function sharedDecimal(value: number | string): Decimal {
  let decimal = sharedValues.get(value);
  if (decimal === undefined) {
    decimal = toDecimal(value);
    if (sharedValues.size < SHARED_VALUES) sharedValues.set(value, decimal);
  }
  return decimal;
}

/** Rounds one line (an amount or a number of hours) half-up to the cent. */
export function toCents(value: Decimal): Decimal {
  return value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/** Sums lines after rounding each one to the cent, as an invoice does. */
export function sumLines(lines: Iterable<Decimal>): Decimal {
  let total: Decimal = ZERO;
  for (const line of lines) total = total.plus(toCents(line));
  return total;
}

/** The edge format: a string with exactly two decimals ("1234.50"). */
export function formatAmount(value: Decimal): string {
  return value.toFixed(2, Decimal.ROUND_HALF_UP);
}

export const MONEY_PATTERN = /^-?\d+(\.\d{1,2})?$/;
