import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { maskedEnv, parseEnv, secretsOf } from '../../src/config/env.js';
import { VALID_ENV } from './valid-env.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseEnv({ ...VALID_ENV, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('REDIS_URL', () => {
  it.each([
    ['a missing colon after the scheme', 'redis//:Pw-4f1c9@127.0.0.1:6379/12'],
    ['a port that is not a number', 'redis://:Pw-4f1c9@127.0.0.1:63x9'],
    ['a database that is not a number', 'redis://:Pw-4f1c9@127.0.0.1:6379/twelve'],
  ])('is refused for %s, naming the field and hiding the password', (_case, url) => {
    const problems = problemsOf({ REDIS_URL: url });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('environment: REDIS_URL is ');
    expect(problems[0]).toContain(':****@');
    expect(problems[0]).not.toContain('Pw-4f1c9');
  });

  it.each(['redis://127.0.0.1:6379', 'redis://:secret@redis.internal:6380/3', 'rediss://user:secret@cache.example.com'])('accepts %s', (url) => {
    expect(problemsOf({ REDIS_URL: url })).toEqual([]);
  });
});

describe('HTTP and operations settings', () => {
  it('default to port 8080 on every interface, a 25 s grace, 45 days of reports and no dashboard', () => {
    const env = parseEnv(VALID_ENV);
    expect(env).toMatchObject({ HTTP_PORT: 8080, HTTP_HOST: '0.0.0.0', SHUTDOWN_GRACE_SECONDS: 25, REPORT_RETENTION_DAYS: 45 });
    expect(env.DASHBOARD_PASSWORD).toBeUndefined();
  });

  it('read whole numbers, with port 0 for a free port and an empty value meaning the default', () => {
    const env = parseEnv({ ...VALID_ENV, HTTP_PORT: '0', HTTP_HOST: '127.0.0.1', SHUTDOWN_GRACE_SECONDS: '5', REPORT_RETENTION_DAYS: '' });
    expect(env).toMatchObject({ HTTP_PORT: 0, HTTP_HOST: '127.0.0.1', SHUTDOWN_GRACE_SECONDS: 5, REPORT_RETENTION_DAYS: 45 });
    expect(parseEnv({ ...VALID_ENV, HTTP_PORT: '' }).HTTP_PORT).toBe(8080);
  });

  it.each([
    ['HTTP_PORT', '65536'],
    ['HTTP_PORT', '80a'],
    ['HTTP_PORT', '-1'],
    ['SHUTDOWN_GRACE_SECONDS', '0'],
    ['SHUTDOWN_GRACE_SECONDS', '2.5'],
    ['REPORT_RETENTION_DAYS', '0'],
  ])('refuse %s=%s, naming the field', (field, value) => {
    const problems = problemsOf({ [field]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`environment: ${field} is "${value}"`);
  });

  it('keep the dashboard password out of the shown configuration and count it as a secret', () => {
    const env = parseEnv({ ...VALID_ENV, DASHBOARD_PASSWORD: 'dash-Pw-9c2e1' });
    expect(env.DASHBOARD_PASSWORD).toBe('dash-Pw-9c2e1');
    expect(JSON.stringify(maskedEnv(env))).not.toContain('dash-Pw-9c2e1');
    expect(maskedEnv(env).DASHBOARD_PASSWORD).toBe('****');
    expect(secretsOf(env)).toContain('dash-Pw-9c2e1');
    expect(maskedEnv(parseEnv(VALID_ENV)).DASHBOARD_PASSWORD).toBeUndefined();
  });

  it('count the Redis password as a secret, so no job failure reason repeats it', () => {
    expect(secretsOf(parseEnv({ ...VALID_ENV, REDIS_URL: 'redis://:redis-Pw-4e7a@127.0.0.1:6379/2' }))).toContain('redis-Pw-4e7a');
  });
});
