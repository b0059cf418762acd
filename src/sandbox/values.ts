import { toDecimal } from '../money.js';

/** Field paths use `/` between levels, as in ConnectWise (`company/id`, `_info/lastUpdated`). */
export function splitPath(path: string): string[] {
  return path.split('/');
}

/** The value at a field path, or undefined when any level is missing. */
export function valueAt(record: unknown, path: readonly string[]): unknown {
  let value = record;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;
const ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;

/** Every list request compares each record's dates again: each text is read once. */
const instantsByText = new Map<string, number | undefined>();
const REMEMBERED_TEXTS = 500_000;

/**
 * Epoch milliseconds of an ISO date or date-time, or undefined when the text is not one.
 * Text without an offset is UTC, as the ConnectWise server reads it.
 */
export function toInstant(text: string): number | undefined {
  if (instantsByText.has(text)) return instantsByText.get(text);
  let instant: number | undefined;
  if (DATE_TIME.test(text)) {
    const parsed = Date.parse(text.length > 10 && !ZONE.test(text) ? `${text}Z` : text);
    instant = Number.isNaN(parsed) ? undefined : parsed;
  }
  if (instantsByText.size < REMEMBERED_TEXTS) instantsByText.set(text, instant);
  return instant;
}

const NUMBER = /^-?\d+(\.\d+)?$/;

export function isNumeric(text: string): boolean {
  return NUMBER.test(text);
}

/** Compares two numbers (or numeric strings) exactly: whole numbers as they are, others through decimal.js. */
export function compareNumbers(left: number | string, right: number | string): number {
  const a = wholeNumber(left);
  const b = wholeNumber(right);
  if (a !== undefined && b !== undefined) return Math.sign(a - b);
  return toDecimal(left).comparedTo(toDecimal(right));
}

const WHOLE = /^-?\d{1,15}$/;

function wholeNumber(value: number | string): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  return WHOLE.test(value) ? Number(value) : undefined;
}

/** Case-insensitive, as the SQL Server collation behind ConnectWise compares text. */
export function compareText(left: string, right: string): number {
  const a = left.toLowerCase();
  const b = right.toLowerCase();
  return a < b ? -1 : a > b ? 1 : 0;
}
