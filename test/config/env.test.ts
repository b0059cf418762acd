import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { parseEnv } from '../../src/config/env.js';

const VALID_ENV = {
  CW_SITE: 'api-na.myconnectwise.net',
  CW_COMPANY_ID: 'acme',
  CW_PUBLIC_KEY: 'pub-key-123456',
  CW_PRIVATE_KEY: 'very-secret-private-key',
  CW_CLIENT_ID: '11111111-2222-3333-4444-555555555555',
};

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
