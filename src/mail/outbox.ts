import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScheduleFire } from './message.js';

/** `<fire date>-<schedule>-<recipient>.eml`, with anything a file system could trip on replaced. */
export function outboxFileName(fire: ScheduleFire, to: string): string {
  const name = `${fire.fireDate}-${fire.schedule}-${to.trim().toLowerCase()}`;
  return `${name.replace(/[^a-z0-9@._+-]/gi, '_').slice(0, 200)}.eml`;
}

/**
 * Writes a temporary file in the same folder, flushes it to disk and renames it over the
 * target: a mail client or a crash never sees half a message.
 */
export async function writeOutboxFile(folder: string, fileName: string, message: Buffer): Promise<string> {
  await mkdir(folder, { recursive: true });
  const target = join(folder, fileName);
  const temporary = join(folder, `.${fileName}.${randomUUID().slice(0, 8)}.tmp`);
  const handle = await open(temporary, 'wx');
  try {
    await handle.writeFile(message);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temporary, target);
  return target;
}
