import { z } from 'zod';
import { ConfigError, describeIssues } from './errors.js';

const required = (what: string) => z.string({ error: `required: ${what}` }).trim().min(1, `required: ${what}`);

/** A whole number from the environment; unset or empty takes the default (an empty HTTP_PORT must not mean port 0). */
const wholeNumber = (min: number, max: number, fallback: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().min(min, `expected at least ${min}`).max(max, `expected at most ${max}`))
    .optional()
    .or(z.literal('').transform(() => undefined))
    .transform((value) => value ?? fallback);

export const envSchema = z.object({
  CW_SITE: required('the ConnectWise API host, e.g. api-na.myconnectwise.net').regex(
    /^[A-Za-z0-9.-]+(:\d{1,5})?$/,
    'expected a host name with an optional port, without https:// or a path',
  ),
  CW_CODEBASE: z.string().trim().min(1).default('v4_6_release'),
  CW_COMPANY_ID: required('the ConnectWise company id'),
  CW_PUBLIC_KEY: required('the API member public key'),
  CW_PRIVATE_KEY: required('the API member private key'),
  CW_CLIENT_ID: required('the clientId from developer.connectwise.com'),
  REDIS_URL: z
    .string()
    .trim()
    .regex(/^rediss?:\/\//, 'expected redis:// or rediss://')
    .refine(isRedisUrl, 'expected redis://[user:password@]host[:port][/database] with a numeric port and database')
    .default('redis://127.0.0.1:6379'),
  SMTP_URL: z
    .string()
    .trim()
    .regex(/^smtps?:\/\//, 'expected smtp:// or smtps://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  MAIL_FROM: z.string().trim().min(3).default('billing-guard@localhost'),
  MAIL_OUTBOX_DIR: z.string().trim().min(1).default('./outbox'),
  BILLING_CONFIG: z.string().trim().min(1).default('config/billing.yaml'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  QUEUE_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]+$/, 'expected letters, digits, - or _')
    .default('billing-guard'),
  HTTP_PORT: wholeNumber(0, 65535, 8080),
  HTTP_HOST: z.string().trim().min(1).default('0.0.0.0'),
  DASHBOARD_PASSWORD: z
    .string()
    .min(1)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  SHUTDOWN_GRACE_SECONDS: wholeNumber(1, 86_400, 25),
  REPORT_RETENTION_DAYS: wholeNumber(1, 36_500, 45),
});

export type Env = z.infer<typeof envSchema>;

function isRedisUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.hostname !== '' && /^(\/\d*)?$/.test(url.pathname);
  } catch {
    return !/^rediss?:\/\//.test(value);
  }
}

export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const known = Object.fromEntries(Object.keys(envSchema.shape).map((key) => [key, source[key]]));
  const result = envSchema.safeParse(known);
  if (!result.success) throw new ConfigError(describeIssues('environment', result.error.issues, known));
  return result.data;
}

/** The configuration as `billing-guard config` shows it: secrets masked. */
export function maskedEnv(env: Env): Record<string, string | number | undefined> {
  return {
    ...env,
    CW_PUBLIC_KEY: mask(env.CW_PUBLIC_KEY),
    CW_PRIVATE_KEY: '****',
    REDIS_URL: maskUrlPassword(env.REDIS_URL),
    SMTP_URL: env.SMTP_URL === undefined ? undefined : maskUrlPassword(env.SMTP_URL),
    DASHBOARD_PASSWORD: env.DASHBOARD_PASSWORD === undefined ? undefined : '****',
  };
}

function mask(secret: string): string {
  return secret.length <= 8 ? '****' : `${secret.slice(0, 4)}****`;
}

function maskUrlPassword(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '****';
    return url.toString();
  } catch {
    return '****';
  }
}

/** Every credential the process holds, in the forms it could leak: raw and as a Basic header. */
export function secretsOf(env: Env): string[] {
  const basic = Buffer.from(`${env.CW_COMPANY_ID}+${env.CW_PUBLIC_KEY}:${env.CW_PRIVATE_KEY}`).toString('base64');
  const secrets = [env.CW_PRIVATE_KEY, env.CW_PUBLIC_KEY, basic];
  if (env.DASHBOARD_PASSWORD) secrets.push(env.DASHBOARD_PASSWORD);
  for (const url of [env.SMTP_URL, env.REDIS_URL]) {
    if (!url) continue;
    try {
      const password = decodeURIComponent(new URL(url).password);
      if (password) secrets.push(password);
    } catch {
      // a URL that does not parse was refused by the schema already
    }
  }
  return secrets;
}

/** Replaces every credential in a text; for error messages that leave the process. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  return secrets.reduce((clean, secret) => (secret.length < 4 ? clean : clean.replaceAll(secret, '[redacted]')), text);
}
