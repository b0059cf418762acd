import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, sandboxCliEnv } from '../support/cli.js';
import { sandboxWorld, type SandboxWorld } from '../support/sandbox.js';

describe('billing-guard start', () => {
  let world: SandboxWorld;

  beforeAll(async () => {
    world = await sandboxWorld('e2e-start');
  });
  afterAll(async () => {
    await world.close();
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('stops firing, closes its connections and exits 0 on %s', async (signal) => {
    const env = sandboxCliEnv(world, { LOG_LEVEL: 'info', HTTP_PORT: '0' });
    const result = await runCli(['start'], env, (child) => {
      child.stderr!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('billing-guard worker started')) child.kill(signal);
      });
    });
    expect(result.code).toBe(0);
    const messages = result.stderr
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { msg: string }).msg);
    const lifecycle = ['billing-guard worker started', 'http server listening', 'shutting down: no new fires, finishing running jobs', 'stopped'];
    expect(messages.filter((message) => lifecycle.includes(message))).toEqual(lifecycle);
    expect(messages.at(-1)).toBe('stopped');
  });
});
