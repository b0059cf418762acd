import { z } from 'zod';
import { MONEY_PATTERN, toDecimal } from '../../money.js';

/** A money option: written as a string with up to two decimals in the config, read as a Decimal. */
export function moneyOption(defaultAmount: string) {
  return z
    .string()
    .regex(MONEY_PATTERN, 'expected an amount such as "2500.00"')
    .default(defaultAmount)
    .transform((value) => toDecimal(value));
}
