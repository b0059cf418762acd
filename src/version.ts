import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The version in billing-guard's package.json: the nearest one above this module, which is
 * `src/` in a checkout and `dist/src/` in a build.
 */
export function packageVersion(from: string = import.meta.url): string {
  for (let folder = dirname(fileURLToPath(from)); ; folder = dirname(folder)) {
    const manifest = readManifest(join(folder, 'package.json'));
    if (manifest?.name === 'billing-guard' && typeof manifest.version === 'string') return manifest.version;
    if (dirname(folder) === folder) throw new Error('the package.json of billing-guard cannot be found');
  }
}

function readManifest(path: string): { name?: unknown; version?: unknown } | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as { name?: unknown; version?: unknown };
  } catch {
    return undefined;
  }
}
