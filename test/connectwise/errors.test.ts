import { describe, expect, it } from 'vitest';
import { ConnectWiseError, fromAxiosError, parseRetryAfter } from '../../src/connectwise/errors.js';
import { AUTHORIZATION, CREDENTIAL, SETTINGS } from './helpers.js';

const SECRETS = [AUTHORIZATION, CREDENTIAL, SETTINGS.privateKey, SETTINGS.publicKey];
const NOW = Date.parse('2026-11-15T11:00:00Z');

/** What axios rejects with: the request configuration, credentials included, rides along. */
function axiosError(fields: { code?: string; url?: string; response?: Record<string, unknown> }) {
  return Object.assign(new Error('Request failed'), {
    isAxiosError: true,
    code: fields.code,
    config: { method: 'get', url: fields.url ?? '/time/entries', headers: { Authorization: AUTHORIZATION } },
    response: fields.response,
  });
}

describe('fromAxiosError', () => {
  it('keeps the path without host or query string and the Retry-After of a 429', () => {
    const error = fromAxiosError(
      axiosError({ url: 'https://cw.example.test/v4_6_release/apis/3.0/time/entries?conditions=id%3E5', response: { status: 429, headers: { 'retry-after': '3' }, data: '' } }),
      SECRETS,
      NOW,
    );

    expect(error).toMatchObject({ status: 429, method: 'GET', path: '/v4_6_release/apis/3.0/time/entries', retryAfterMs: 3000, retryable: true });
  });

  it('treats 5xx as retryable and other 4xx as final', () => {
    const status = (code: number) => fromAxiosError(axiosError({ response: { status: code, data: null } }), SECRETS, NOW);

    expect(status(502)?.retryable).toBe(true);
    expect(status(404)?.retryable).toBe(false);
    expect(status(401)?.serverMessage).toBe('HTTP 401');
  });

  it('describes transport failures without quoting the client error', () => {
    expect(fromAxiosError(axiosError({ code: 'ECONNREFUSED' }), SECRETS, NOW)).toMatchObject({ status: null, serverMessage: 'connection refused', retryable: true });
    expect(fromAxiosError(axiosError({ code: 'ENOTFOUND' }), SECRETS, NOW)).toMatchObject({ serverMessage: 'host not found', retryable: false });
  });

  it('scrubs credentials that a server echoes back in its message', () => {
    const error = fromAxiosError(
      axiosError({ response: { status: 401, data: { code: 'Unauthorized', message: `Bad header ${AUTHORIZATION} for ${SETTINGS.publicKey}` } } }),
      SECRETS,
      NOW,
    );

    expect(error?.message).toBe('ConnectWise GET /time/entries failed: 401 Bad header [redacted] for [redacted]');
  });

  it('leaves errors that did not come from axios alone', () => {
    expect(fromAxiosError(new TypeError('bug'), SECRETS, NOW)).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP dates', () => {
    expect(parseRetryAfter('2', NOW)).toBe(2000);
    expect(parseRetryAfter('Sun, 15 Nov 2026 11:00:05 GMT', NOW)).toBe(5000);
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
  });
});

describe('ConnectWiseError', () => {
  it('serialises to its safe fields only', () => {
    const error = new ConnectWiseError({ status: 503, method: 'get', path: '/system/members', serverMessage: 'Try later', retryable: true });

    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'ConnectWiseError',
      message: 'ConnectWise GET /system/members failed: 503 Try later',
      status: 503,
      method: 'GET',
      path: '/system/members',
      serverMessage: 'Try later',
      retryable: true,
    });
  });
});
