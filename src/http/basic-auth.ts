import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

const DASHBOARD_USER = 'billing-guard';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * HTTP Basic auth for user `billing-guard`. The credentials are compared as SHA-256 digests:
 * equal lengths whatever was sent, so timingSafeEqual tells nothing about the password's
 * length or its first right characters. A refusal carries no body.
 */
export function basicAuth(password: string): MiddlewareHandler {
  const expected = digest(`${DASHBOARD_USER}:${password}`);
  return async (context, next) => {
    const header = context.req.header('authorization') ?? '';
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
    const sent = match ? Buffer.from(match[1]!, 'base64').toString('utf8') : '';
    if (!timingSafeEqual(digest(sent), expected)) {
      return context.body(null, 401, { 'WWW-Authenticate': 'Basic realm="billing-guard", charset="UTF-8"' });
    }
    await next();
  };
}
