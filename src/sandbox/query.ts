import type { CwRecord } from './data.js';
import { invalidField } from './errors.js';
import { compareText, splitPath, toInstant, valueAt } from './values.js';

/** `fields=` and `orderBy=`: projection and ordering of a list, as ConnectWise applies them. */

const FIELD_PATH = /^[A-Za-z_]\w*(\/[A-Za-z_]\w*)*$/;

export function parseFields(text: string): string[][] {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const wrong = names.find((name) => !FIELD_PATH.test(name));
  if (wrong !== undefined) throw invalidField('fields', 'fields', `"${wrong}" is not a field path`);
  return names.map(splitPath);
}

/** Only the asked (nested) fields, and nothing else: not even `id` unless asked. */
export function project(record: CwRecord, fields: readonly string[][]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const path of fields) {
    const value = valueAt(record, path);
    if (value === undefined) continue;
    let target: Record<string, unknown> | undefined = result;
    for (const key of path.slice(0, -1)) {
      target[key] ??= {};
      const next: unknown = target[key];
      target = next !== null && typeof next === 'object' ? (next as Record<string, unknown>) : undefined;
      if (!target) break;
    }
    if (target) target[path[path.length - 1]!] = structuredClone(value);
  }
  return result;
}

export interface SortKey {
  path: string[];
  descending: boolean;
}

const SORT_KEY = /^([A-Za-z_]\w*(?:\/[A-Za-z_]\w*)*)(?:\s+(asc|desc))?$/i;

export function parseOrderBy(text: string): SortKey[] {
  return text.split(',').map((part) => {
    const match = SORT_KEY.exec(part.trim());
    if (!match) throw invalidField('orderBy', 'orderBy', `"${part.trim()}" is not "field asc" or "field desc"`);
    return { path: splitPath(match[1]!), descending: match[2]?.toLowerCase() === 'desc' };
  });
}

/** A sorted copy; ties (and the default order) go by id ascending. */
export function sortRecords(records: readonly CwRecord[], keys: readonly SortKey[]): CwRecord[] {
  return [...records].sort((a, b) => {
    for (const key of keys) {
      const order = compareForSort(valueAt(a, key.path), valueAt(b, key.path));
      if (order !== 0) return key.descending ? -order : order;
    }
    return a.id - b.id;
  });
}

/** Missing values first, as SQL Server sorts NULL; date-time strings as instants. */
function compareForSort(a: unknown, b: unknown): number {
  if (a == null || b == null) return a == null ? (b == null ? 0 : -1) : 1;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') {
    const instantA = toInstant(a);
    const instantB = toInstant(b);
    if (instantA !== undefined && instantB !== undefined) return Math.sign(instantA - instantB);
    return compareText(a, b);
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return compareText(typeof a, typeof b);
}
