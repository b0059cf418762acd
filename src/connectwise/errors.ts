import { z } from 'zod';

export interface ConnectWiseErrorDetails {
  /** HTTP status, or null when no response arrived (connection reset, timeout…) */
  status: number | null;
  method: string;
  /** REST path without host and query string, e.g. /time/entries */
  path: string;
  /** what ConnectWise said, or a short description of the transport failure */
  serverMessage: string;
  retryAfterMs?: number;
  retryable: boolean;
}

const REDACTED = '[redacted]';

/**
 * The only error the ConnectWise client lets escape: it carries no request configuration,
 * headers or cause, and its text is scrubbed of the credentials it was built with.
 */
export class ConnectWiseError extends Error {
  override readonly name = 'ConnectWiseError';
  readonly status: number | null;
  readonly method: string;
  readonly path: string;
  readonly serverMessage: string;
  readonly retryAfterMs: number | undefined;
  readonly retryable: boolean;

  constructor(details: ConnectWiseErrorDetails, secrets: readonly string[] = []) {
    const method = details.method.toUpperCase();
    const path = scrub(details.path, secrets);
    const serverMessage = scrub(details.serverMessage, secrets);
    const outcome = details.status === null ? serverMessage : `${details.status} ${serverMessage}`;
    super(`ConnectWise ${method} ${path} failed: ${outcome}`);
    this.status = details.status;
    this.method = method;
    this.path = path;
    this.serverMessage = serverMessage;
    this.retryAfterMs = details.retryAfterMs;
    this.retryable = details.retryable;
  }

  toJSON(): ConnectWiseErrorDetails & { name: string; message: string } {
    const { name, message, status, method, path, serverMessage, retryAfterMs, retryable } = this;
    return { name, message, status, method, path, serverMessage, retryAfterMs, retryable };
  }
}

function scrub(text: string, secrets: readonly string[]): string {
  return secrets.reduce((clean, secret) => (secret === '' ? clean : clean.replaceAll(secret, REDACTED)), text);
}

/**
 * The fields of an axios error this module reads; everything else on it (config.headers!)
 * is dropped. Only `isAxiosError` must match: a malformed field falls back to undefined so
 * that every axios error is mapped.
 */
const axiosErrorSchema = z.object({
  isAxiosError: z.literal(true),
  code: z.string().optional().catch(undefined),
  config: z
    .object({ method: z.string().optional().catch(undefined), url: z.string().optional().catch(undefined) })
    .optional()
    .catch(undefined),
  response: z
    .object({
      status: z.number().int(),
      statusText: z.string().optional().catch(undefined),
      headers: z
        .object({ 'retry-after': z.string().optional().catch(undefined) })
        .optional()
        .catch(undefined),
      data: z.unknown(),
    })
    .optional()
    .catch(undefined),
});

/** ConnectWise's error body: `{ code, message, errors: [{ code, message, resource, field }] }`. */
const connectWiseErrorBodySchema = z.object({
  code: z.string().optional(),
  message: z.string().min(1),
  errors: z.array(z.object({ message: z.string().min(1) })).nullish(),
});

const RETRYABLE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ECONNABORTED', 'ESOCKETTIMEDOUT', 'EPIPE', 'EAI_AGAIN']);

const TRANSPORT_DESCRIPTIONS: Record<string, string> = {
  ECONNRESET: 'connection reset',
  ECONNREFUSED: 'connection refused',
  ETIMEDOUT: 'timed out',
  ECONNABORTED: 'timed out',
  ESOCKETTIMEDOUT: 'timed out',
  EPIPE: 'connection closed',
  EAI_AGAIN: 'host name lookup failed, try again',
  ENOTFOUND: 'host not found',
};

/**
 * Maps an axios error to a ConnectWiseError, reading only status, method, URL path,
 * Retry-After and the ConnectWise error body. Returns undefined for anything that is not
 * an axios error.
 */
export function fromAxiosError(
  error: unknown,
  secrets: readonly string[],
  now: number = Date.now(),
): ConnectWiseError | undefined {
  const parsed = axiosErrorSchema.safeParse(error);
  if (!parsed.success) return undefined;
  const { code, config, response } = parsed.data;
  const method = config?.method ?? 'get';
  const path = pathOf(config?.url ?? '');
  if (response === undefined) {
    return new ConnectWiseError(
      { status: null, method, path, serverMessage: describeTransportFailure(code), retryable: code !== undefined && RETRYABLE_CODES.has(code) },
      secrets,
    );
  }
  const retryAfterMs = parseRetryAfter(response.headers?.['retry-after'], now);
  return new ConnectWiseError(
    {
      status: response.status,
      method,
      path,
      serverMessage: describeResponse(response.status, response.statusText, response.data),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      retryable: response.status === 429 || response.status >= 500,
    },
    secrets,
  );
}

function pathOf(url: string): string {
  const withoutQuery = url.split(/[?#]/, 1)[0] ?? '';
  return withoutQuery.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '') || '/';
}

function describeTransportFailure(code: string | undefined): string {
  if (code === undefined) return 'request failed';
  const known = TRANSPORT_DESCRIPTIONS[code];
  if (known !== undefined) return known;
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) return `TLS certificate rejected (${code})`;
  return code;
}

function describeResponse(status: number, statusText: string | undefined, data: unknown): string {
  const body = connectWiseErrorBodySchema.safeParse(data);
  if (body.success) {
    const details = (body.data.errors ?? []).map((detail) => detail.message).filter((m) => m !== body.data.message);
    return details.length === 0 ? body.data.message : `${body.data.message}: ${details.join('; ')}`;
  }
  return statusText !== undefined && statusText !== '' ? statusText : `HTTP ${status}`;
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
