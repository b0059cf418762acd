/**
 * The references of one pull's records (`company: { id, identifier, name }`): a few thousand
 * distinct ones repeat across a million time entries, so each is kept once, frozen, and shared
 * by every record that names it. A table lives as long as the pull or parse that creates it.
 */
export interface ReferenceTable {
  /** The parsed record, each of its references replaced by the table's one object of that content. */
  share<R>(record: R): R;
}

type Reference = Record<string, unknown> & { id: unknown };

export function referenceTable(): ReferenceTable {
  const byId = new Map<unknown, Reference[]>();

  function shared(reference: Reference): Reference {
    const known = byId.get(reference.id);
    const same = known?.find((candidate) => sameContent(candidate, reference));
    if (same) return same;
    Object.freeze(reference);
    if (known) known.push(reference);
    else byId.set(reference.id, [reference]);
    return reference;
  }

  return {
    share(record) {
      if (typeof record !== 'object' || record === null) return record;
      const fields = record as Record<string, unknown>;
      for (const key of Object.keys(fields)) {
        const value = fields[key];
        if (isReference(value)) fields[key] = shared(value);
      }
      return record;
    },
  };
}

/** Parsed records hold no other plain objects: amounts are Decimals, dates strings, instants numbers. */
function isReference(value: unknown): value is Reference {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype && 'id' in value;
}

function sameContent(a: Reference, b: Reference): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => key in b && a[key] === b[key]);
}
