import { inConditions } from '../connectwise/conditions.js';
import type { CompanyRef, Configuration } from '../connectwise/records.js';
import { nameKey } from '../text.js';

/** The conditions of the one configurations read: the mapped type names, split when the list is long. */
export function configurationConditions(types: readonly string[]): string[] {
  return inConditions('type/name', types);
}

/** A company's number of active configurations of some types. */
export interface ConfigurationCount {
  company: CompanyRef;
  count: number;
}

/**
 * Per company id, how many active configurations have one of the types. Type names match
 * whatever their case, as ConnectWise's conditions do.
 */
export function countConfigurations(configurations: readonly Configuration[], types: readonly string[]): Map<number, ConfigurationCount> {
  const wanted = new Set(types.map(nameKey));
  const counts = new Map<number, ConfigurationCount>();
  for (const configuration of configurations) {
    if (!configuration.activeFlag || !wanted.has(nameKey(configuration.type.name))) continue;
    const counted = counts.get(configuration.company.id);
    if (counted) counted.count += 1;
    else counts.set(configuration.company.id, { company: configuration.company, count: 1 });
  }
  return counts;
}
