import { zonedDate, type CalendarDate } from '../../../calendar.js';
import type { RecordRef } from '../../../connectwise/records.js';
import { count } from '../directory.js';
import type { TimeEntryJson } from '../shapes.js';
import type { Client, PlantedMistake, Tenant } from '../tenant.js';

const RANDOM_PROBES = 2000;

/**
 * Plants mistakes on records that carry no other: each client carries at most one planted
 * company finding while unclaimed clients remain, and each time entry serves one mistake.
 */
export class Planter {
  private readonly touched = new Set<number>();
  private readonly clientsById: Map<number, Client>;

  constructor(readonly tenant: Tenant) {
    this.clientsById = new Map(tenant.clients.map((client) => [client.ref.id, client]));
  }

  /** How many of a mistake to plant at this scale. */
  count(atScaleOne: number): number {
    return count(atScaleOne, this.tenant.scale);
  }

  plant(
    rule: string,
    companyId: number | null,
    records: RecordRef[],
    note: string,
    countsRow?: PlantedMistake['countsRow'],
  ): PlantedMistake {
    const planted = { rule, companyId, records, note, ...(countsRow && { countsRow }) };
    this.tenant.planted.push(planted);
    if (companyId !== null) this.tenant.claimed.add(companyId);
    return planted;
  }

  clientOf(entry: TimeEntryJson): Client | undefined {
    return this.clientsById.get(entry.company.id);
  }

  /** A client that fits, preferring one without a planted mistake yet; claimed by the caller's `plant`. */
  client(fits: (client: Client) => boolean): Client | undefined {
    const candidates = this.tenant.random.shuffle(this.tenant.clients.filter(fits));
    return candidates.find((client) => !this.tenant.claimed.has(client.ref.id)) ?? candidates[0];
  }

  /**
   * An untouched client entry that fits, preferring unclaimed clients: random probes first
   * (entries that fit are common), then a scan from a random place.
   */
  entry(
    fits: (entry: TimeEntryJson, client: Client) => boolean,
    from = this.tenant.periodEntries,
  ): TimeEntryJson | undefined {
    const { random, claimed } = this.tenant;
    const usable = (entry: TimeEntryJson, client: Client | undefined): client is Client =>
      client !== undefined && !this.touched.has(entry.id) && fits(entry, client);
    if (from.length === 0) return undefined;
    for (let probe = 0; probe < RANDOM_PROBES; probe++) {
      const entry = random.pick(from);
      if (usable(entry, this.clientOf(entry)) && !claimed.has(entry.company.id)) return this.touch(entry);
    }
    const offset = random.int(0, from.length - 1);
    let fallback: TimeEntryJson | undefined;
    for (let i = 0; i < from.length; i++) {
      const entry = from[(offset + i) % from.length]!;
      if (!usable(entry, this.clientOf(entry))) continue;
      if (!claimed.has(entry.company.id)) return this.touch(entry);
      fallback ??= entry;
    }
    return fallback && this.touch(fallback);
  }

  private touch(entry: TimeEntryJson): TimeEntryJson {
    this.touched.add(entry.id);
    return entry;
  }
}

/** An entry its agreement absorbs: billable, with agreement hours. */
export function isCovered(entry: TimeEntryJson): boolean {
  return entry.billableOption === 'Billable' && (entry.agreementHours ?? 0) > 0;
}

export function entryDate(tenant: Tenant, entry: TimeEntryJson): CalendarDate {
  return zonedDate(Date.parse(entry.timeStart), tenant.period.timezone);
}
