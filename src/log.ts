import { pino, type Logger } from 'pino';
import pinoPretty from 'pino-pretty';

export type { Logger };

/** Every path where a credential could sit in a logged object; pino replaces them. */
export const REDACTED_PATHS = [
  'privateKey',
  'publicKey',
  'password',
  'authorization',
  'Authorization',
  'CW_PRIVATE_KEY',
  'CW_PUBLIC_KEY',
  'SMTP_URL',
  'smtpUrl',
  'headers',
  'config',
  '*.privateKey',
  '*.publicKey',
  '*.password',
  '*.authorization',
  '*.Authorization',
  '*.CW_PRIVATE_KEY',
  '*.CW_PUBLIC_KEY',
  '*.SMTP_URL',
  '*.headers',
  '*.config',
];

export interface LoggerOptions {
  level: string;
  /** human-readable lines (a terminal); JSON otherwise */
  pretty?: boolean;
  destination?: NodeJS.WritableStream;
}

/** Logs go to stderr so that command output on stdout stays clean. */
export function createLogger({ level, pretty = process.stderr.isTTY === true, destination }: LoggerOptions): Logger {
  const options = {
    level,
    base: { service: 'billing-guard' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  if (destination) return pino(options, destination);
  if (pretty) return pino(options, pinoPretty({ destination: 2, colorize: true, sync: true, ignore: 'pid,hostname,service' }));
  return pino(options, pino.destination({ dest: 2, sync: false }));
}
