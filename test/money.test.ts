import { describe, expect, it } from 'vitest';
import { formatAmount, sumLines, toCents, toDecimal } from '../src/money.js';

describe('money', () => {
  it.each([
    ['2.345', '2.35'],
    ['-2.345', '-2.35'],
    ['0.005', '0.01'],
    ['2.344999', '2.34'],
    ['1', '1.00'],
    ['1234567.8', '1234567.80'],
  ])('shows %s as %s: two decimals, half-up away from zero', (value, shown) => {
    expect(formatAmount(toDecimal(value))).toBe(shown);
    expect(toCents(toDecimal(value)).toFixed(2)).toBe(shown);
  });

  it('sums lines each rounded to the cent first, as an invoice does', () => {
    // 9.745 twice: 9.75 + 9.75, not 19.49
    expect(formatAmount(sumLines([toDecimal('9.745'), toDecimal('9.745')]))).toBe('19.50');
  });

  it('reads a ConnectWise number without going through float arithmetic', () => {
    expect(toDecimal(0.1).plus(toDecimal(0.2)).toString()).toBe('0.3');
  });
});
