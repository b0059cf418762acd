import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // the tests set every connection themselves: a .env in the checkout must never reach them
    env: { LOG_LEVEL: 'silent', ENV_FILE: 'none' },
  },
});
