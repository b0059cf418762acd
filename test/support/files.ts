import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A file in a fresh temporary folder; the OS cleans the folder up. */
export function writeTemporaryFile(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'billing-guard-')), name);
  writeFileSync(path, content);
  return path;
}
