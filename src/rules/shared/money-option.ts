import { z } from 'zod';
import { MONEY_PATTERN, toDecimal } from '../../money.js';

const EXPECTED = 'expected an amount with at most two decimals, such as 2500 or "2500.00"';

/**
 * An amount an admin writes in the config, as a number (`5000`) or a string (`"5000.00"`), with
 * at most two decimals; read as a Decimal. A YAML number is read as its shortest decimal text,
 * so `5000.123` is refused rather than rounded.
 */
const moneyAmount = z
  .union([z.string(), z.number().transform(String)], { error: EXPECTED })
  .pipe(z.string().trim().regex(MONEY_PATTERN, EXPECTED));

/** A money option of a rule, with its default. */
export function moneyOption(defaultAmount: string) {
  return moneyAmount.default(defaultAmount).transform((value) => toDecimal(value));
}
