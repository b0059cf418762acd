import { constants } from 'node:fs';
import { access, readdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Redis } from 'ioredis';
import nodemailer from 'nodemailer';
import { maskedEnv, scrubSecrets, secretsOf, type Env } from '../config/env.js';
import { smtpOptions } from '../mail/transport.js';
import { connectRedis } from '../queue/connection.js';
import { oneLine } from '../text.js';

/** One line of `billing-guard doctor`: what was checked, what was found, and what to do when it failed. */
export interface Check {
  status: 'ok' | 'warn' | 'FAIL' | 'skip' | 'note';
  name: string;
  detail: string;
  fix?: string;
}

export const passed = (name: string, detail: string): Check => ({ status: 'ok', name, detail });
export const failed = (name: string, detail: string, fix: string): Check => ({ status: 'FAIL', name, detail, fix });

export function renderCheck({ status, name, detail, fix }: Check): string {
  return oneLine(`${status.padEnd(4)}  ${name}: ${detail}${fix === undefined ? '' : ` → ${fix}`}`);
}

/** PING only: connecting and PING write nothing. The failure names the fix itself. */
export async function redisCheck(redis: Redis, env: Env): Promise<Check> {
  const shown = maskedEnv(env).REDIS_URL ?? '';
  try {
    await connectRedis(redis, env.REDIS_URL);
    return passed('redis', `answers PING at ${shown}`);
  } catch (error) {
    return { status: 'FAIL', name: 'redis', detail: (error as Error).message };
  }
}

/** Lists the folder (reading only): it must exist, be a folder and be readable. */
export async function countsFolderCheck(directory: string): Promise<Check> {
  const name = 'counts.directory';
  try {
    const files = (await readdir(directory)).filter((file) => file.toLowerCase().endsWith('.csv'));
    return passed(name, `${directory} is readable and holds ${files.length} CSV file(s)`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem = code === 'ENOENT' ? 'does not exist' : code === 'ENOTDIR' ? 'is not a folder' : `cannot be read (${code ?? 'error'})`;
    return failed(name, `${directory} ${problem}`, `create it and let the RMM or distributor export land there, or fix counts.directory (relative to ${process.cwd()})`);
  }
}

/** Connects and authenticates (EHLO, STARTTLS when offered, AUTH): nothing is sent. */
export async function smtpCheck(env: Env & { SMTP_URL: string }): Promise<Check> {
  const options = smtpOptions(env.SMTP_URL);
  const server = `${options.host}:${options.port}`;
  const transporter = nodemailer.createTransport(options);
  try {
    await transporter.verify();
    const login = options.auth === undefined ? 'the connection' : 'the connection and the login';
    return passed('smtp', `${server} accepted ${login}; nothing was sent`);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const reason = scrubSecrets(`${message}${code ? ` (${code})` : ''}`, secretsOf(env));
    const fix =
      code === 'EAUTH'
        ? 'check the user and password in SMTP_URL (smtp://user:password@host:587)'
        : 'check the host and port in SMTP_URL and that the mail server accepts connections from here';
    return failed('smtp', `${server}: ${reason}`, fix);
  } finally {
    transporter.close();
  }
}

/** Checked with fs.access, never written: the folder, or the nearest folder above it that would hold it. */
export async function outboxCheck(folder: string): Promise<Check> {
  const name = 'outbox';
  const fix = `make it writable by the user billing-guard runs as, set MAIL_OUTBOX_DIR to another folder, or set SMTP_URL`;
  const target = resolve(folder);
  let existing = target;
  while (!(await exists(existing)) && dirname(existing) !== existing) existing = dirname(existing);
  if (!(await stat(existing)).isDirectory()) return failed(name, `${existing} is not a folder`, fix);
  try {
    await access(existing, constants.W_OK);
  } catch {
    return failed(name, `${existing} is not writable`, fix);
  }
  const created = existing === target ? '' : ` (it does not exist yet; ${existing} lets it be created)`;
  return passed(name, `${folder} is writable${created}; checked, not written`);
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
