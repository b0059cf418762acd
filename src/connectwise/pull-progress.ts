import type { SnapshotCounts } from '../snapshot.js';

export type Collection = keyof SnapshotCounts;

/** How far a pull is in reading one collection. */
export interface CollectionProgress {
  collection: Collection;
  /** records read so far, valid or not */
  read: number;
  /** how many the collection holds: null until every read of it still running has announced its count */
  total: number | null;
  /** every read of the collection has ended */
  done: boolean;
}

/** One read of a collection, as it reports itself. */
export interface ReadProgress {
  page(records: number): void;
  total(records: number): void;
  end(): void;
}

interface CollectionState {
  read: number;
  open: number;
  /** reads running with no count announced */
  uncounted: number;
  /** the announced counts of the reads running */
  openTotals: number;
  /** what the ended reads read: their count once they are over */
  endedRead: number;
  held: number;
}

/**
 * Follows the reads of a pull, several per collection at once (configurations by type name,
 * additions by agreement), and tells, as each starts and after each change, how far their collection is.
 */
export function pullProgress(tell: (progress: CollectionProgress) => void) {
  const states = new Map<Collection, CollectionState>();
  const stateOf = (collection: Collection) => {
    let state = states.get(collection);
    if (!state) states.set(collection, (state = { read: 0, open: 0, uncounted: 0, openTotals: 0, endedRead: 0, held: 0 }));
    return state;
  };
  const report = (collection: Collection, state: CollectionState) =>
    tell({
      collection,
      read: state.read,
      total: state.uncounted === 0 ? state.endedRead + state.openTotals : null,
      done: state.open === 0 && state.held === 0,
    });

  return {
    start(collection: Collection): ReadProgress {
      const state = stateOf(collection);
      state.open += 1;
      state.uncounted += 1;
      report(collection, state);
      let read = 0;
      let total: number | null = null;
      return {
        page(records) {
          read += records;
          state.read += records;
          report(collection, state);
        },
        total(records) {
          if (total === null) state.uncounted -= 1;
          state.openTotals += records - (total ?? 0);
          total = records;
          report(collection, state);
        },
        end() {
          state.open -= 1;
          if (total === null) state.uncounted -= 1;
          else state.openTotals -= total;
          state.endedRead += read;
          report(collection, state);
        },
      };
    },
    /** Keeps the collection unfinished until the returned function is called: more reads of it follow. */
    hold(collection: Collection): () => void {
      const state = stateOf(collection);
      state.held += 1;
      return () => {
        state.held -= 1;
        report(collection, state);
      };
    },
  };
}
