import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

const name = z.string().trim().min(1);

/** What counts the units of one addition product: exactly one source. */
const productSourceSchema = z
  .object({
    configurationTypes: z.array(name).min(1, 'expected at least one configuration type name').optional(),
    item: name.optional(),
  })
  .strict()
  .superRefine(
    (source, context) => {
      if ((source.configurationTypes === undefined) === (source.item === undefined)) {
        context.addIssue({ code: 'custom', message: 'expected exactly one source: { configurationTypes: [type names] } or { item: "name" }' });
      }
    },
    // a misspelt key is reported as such, not also as a missing source
    { when: (payload) => payload.issues.length === 0 },
  )
  .transform((source): ProductSource => (source.item === undefined ? { configurationTypes: source.configurationTypes! } : { item: source.item }));

export type ProductSource = { configurationTypes: string[] } | { item: string };

/** A folder given relative to the working directory the worker starts in; stored resolved. */
const directorySchema = name
  .transform((path) => resolve(path))
  .superRefine((path, context) => {
    const found = statSync(path, { throwIfNoEntry: false });
    if (!found) context.addIssue({ code: 'custom', message: `expected an existing folder; ${path} does not exist` });
    else if (!found.isDirectory()) context.addIssue({ code: 'custom', message: `expected a folder; ${path} is a file` });
  });

export const countsSchema = z
  .object({
    directory: directorySchema.nullable().default(null),
    products: z
      .record(z.string().min(1), productSourceSchema)
      .nullish()
      .transform((products) => products ?? {}),
  })
  .strict()
  .superRefine((counts, context) => {
    if (counts.directory !== null) return;
    for (const [product, source] of Object.entries(counts.products)) {
      if ('item' in source) {
        context.addIssue({ code: 'custom', path: ['products', product, 'item'], message: 'an item is counted from CSV files: set counts.directory to their folder' });
      }
    }
  });

export type CountsConfig = z.infer<typeof countsSchema>;

/** Every configuration type name some product counts, each once, in the order configured. */
export function mappedConfigurationTypes(counts: CountsConfig): string[] {
  const types = Object.values(counts.products).flatMap((source) => ('configurationTypes' in source ? source.configurationTypes : []));
  return [...new Set(types)];
}

export function mapsItems(counts: CountsConfig): boolean {
  return Object.values(counts.products).some((source) => 'item' in source);
}
